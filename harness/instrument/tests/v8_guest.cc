#include "harness/instrument/tests/v8_guest.h"

#include <cstring>

#include "harness/instrument/names.h"

namespace lh::instrument::testing {
namespace {

constexpr int32_t kSuccess = 0;
constexpr int32_t kBadf = 8;
constexpr int32_t kFault = 21;
constexpr int32_t kSpipe = 70;

std::string_view view(const wasm_name_t* name) { return {name->data, name->size}; }

}  // namespace

wasm_engine_t* shared_engine() {
  static engine::EnginePtr engine(wasm_engine_new());
  return engine.get();
}

std::optional<std::string> v8_validate(std::span<const uint8_t> wasm) {
  static engine::StorePtr store(wasm_store_new(shared_engine()));
  auto compiled = engine::compile(store.get(), wasm);
  if (!compiled.ok()) return compiled.message();
  return std::nullopt;
}

// What one host function does; the env of its engine function.
struct V8Guest::Host {
  enum class Kind { OutOfFuel, FdWrite, FdFdstatGet, FdSeek, FdClose, Unexpected } kind;
  V8Guest* self;
  std::string name;

  wasm_memory_t* memory() const {
    return self->guest_.memory() ? self->guest_.memory() : self->guest_.harness_memory();
  }
  // [at, at + size) of guest memory, or nullptr when out of bounds.
  uint8_t* span(uint32_t at, uint64_t size) const {
    wasm_memory_t* m = memory();
    if (!m || uint64_t{at} + size > wasm_memory_data_size(m)) return nullptr;
    return reinterpret_cast<uint8_t*>(wasm_memory_data(m)) + at;
  }

  wasm_trap_t* run(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
    auto u32 = [&](size_t i) { return static_cast<uint32_t>(args->data[i].of.i32); };
    auto ret = [&](int32_t v) {
      results->data[0].kind = WASM_I32;
      results->data[0].of.i32 = v;
      return nullptr;
    };
    switch (kind) {
      case Kind::OutOfFuel:
        ++self->out_of_fuel_calls_;
        self->guest_.set_fuel(self->guest_.fuel().value_or(0) + self->options_.refill);
        return nullptr;
      case Kind::FdWrite: {
        uint32_t fd = u32(0), iovs = u32(1), count = u32(2), nwritten = u32(3);
        if (fd != 1 && fd != 2) return ret(kBadf);
        uint8_t* vec = span(iovs, uint64_t{count} * 8);
        uint8_t* out = span(nwritten, 4);
        if (!vec || !out) return ret(kFault);
        uint32_t total = 0;
        for (uint32_t i = 0; i < count; ++i) {
          uint32_t ptr, len;
          std::memcpy(&ptr, vec + 8 * i, 4);
          std::memcpy(&len, vec + 8 * i + 4, 4);
          uint8_t* data = span(ptr, len);
          if (!data) return ret(kFault);
          if (fd == 1) self->stdout_.append(reinterpret_cast<const char*>(data), len);
          total += len;
        }
        std::memcpy(out, &total, 4);
        return ret(kSuccess);
      }
      case Kind::FdFdstatGet: {
        if (u32(0) != 1 && u32(0) != 2) return ret(kBadf);
        uint8_t* stat = span(u32(1), 24);
        if (!stat) return ret(kFault);
        std::memset(stat, 0, 24);
        stat[0] = 2;     // character device: line-buffered stdio, as the harness's WASI
        stat[8] = 0x40;  // rights_base: fd_write
        return ret(kSuccess);
      }
      case Kind::FdSeek: return ret(kSpipe);
      case Kind::FdClose: return ret(kBadf);
      case Kind::Unexpected:
        return engine::make_trap(self->store_, "unexpected call to import " + name);
    }
    return nullptr;
  }
};

V8Guest::V8Guest(wasm_store_t* store, std::span<const uint8_t> wasm, V8GuestOptions options)
    : store_(store), options_(options), memory_pool_(store) {
  auto compiled = sim::compile_module(store, wasm, "guest");
  if (!compiled.ok()) {
    error_ = "compile: " + compiled.message();
    return;
  }
  module_ = *compiled;
  if (Status made = guest_.create_memory(memory_pool_, *module_, options_.max_memory_bytes);
      !made.ok()) {
    error_ = "memory: " + made.message();
    return;
  }

  wasm_importtype_vec_t imports;
  wasm_module_imports(module_->compiled.get(), &imports);
  std::vector<wasm_extern_t*> externs;
  for (size_t i = 0; i < imports.size && error_.empty(); ++i) {
    const wasm_importtype_t* import = imports.data[i];
    std::string module_name(view(wasm_importtype_module(import)));
    std::string name(view(wasm_importtype_name(import)));
    const wasm_externtype_t* type = wasm_importtype_type(import);
    if (const auto* functype = wasm_externtype_as_functype_const(type)) {
      Host::Kind kind = Host::Kind::Unexpected;
      if (module_name == kHarnessModule && name == kOutOfFuelImport) kind = Host::Kind::OutOfFuel;
      if (module_name == "wasi_snapshot_preview1") {
        if (name == "fd_write") kind = Host::Kind::FdWrite;
        if (name == "fd_fdstat_get") kind = Host::Kind::FdFdstatGet;
        if (name == "fd_seek") kind = Host::Kind::FdSeek;
        if (name == "fd_close") kind = Host::Kind::FdClose;
      }
      auto* host = new Host{kind, this, module_name + "." + name};
      host_funcs_.emplace_back(wasm_func_new_with_env(
          store, functype,
          [](void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
            return static_cast<Host*>(env)->run(args, results);
          },
          host, [](void* env) { delete static_cast<Host*>(env); }));
      externs.push_back(wasm_func_as_extern(host_funcs_.back().get()));
    } else if (wasm_externtype_as_memorytype_const(type) && guest_.harness_memory() &&
               module_name == kHarnessModule &&
               (name == kMemoryImport || name == kUnwindMemoryImport)) {
      externs.push_back(wasm_memory_as_extern(guest_.harness_memory()));
    } else {
      error_ = "link: no import " + module_name + "." + name;
    }
  }
  wasm_importtype_vec_delete(&imports);
  if (!error_.empty()) return;
  if (Status made = guest_.instantiate(store, module_, externs); !made.ok())
    error_ = "instantiate: " + made.message();
}

V8Guest::~V8Guest() { guest_.release(); }

wasm_func_t* V8Guest::func(std::string_view name) const { return guest_.export_func(name); }

std::optional<std::vector<wasm_val_t>> V8Guest::call(std::string_view name,
                                                     std::vector<wasm_val_t> args) {
  trap_.clear();
  wasm_func_t* f = func(name);
  if (!f) {
    trap_ = "no export " + std::string(name);
    return std::nullopt;
  }
  std::vector<wasm_val_t> out(wasm_func_result_arity(f));
  wasm_val_vec_t a{args.size(), args.data()};
  wasm_val_vec_t r{out.size(), out.data()};
  engine::TrapPtr trap(wasm_func_call(f, &a, &r));
  if (trap) {
    trap_ = engine::trap_message(trap.get());
    return std::nullopt;
  }
  return out;
}

}  // namespace lh::instrument::testing
