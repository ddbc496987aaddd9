#include "harness/sim/guest.h"

#include <fmt/format.h>

#include <cstring>

#include "harness/engine/wasm_ext.h"
#include "harness/instrument/names.h"

namespace lh::sim {
namespace {

constexpr uint64_t kPageBytes = 65536;
constexpr uint64_t kMaxPages = 65536;

uint32_t load_u32(const wasm_memory_t* memory, uint32_t at) {
  uint32_t value;
  std::memcpy(&value, wasm_memory_data(const_cast<wasm_memory_t*>(memory)) + at, 4);
  return value;
}
void store_u32(wasm_memory_t* memory, uint32_t at, uint32_t value) {
  std::memcpy(wasm_memory_data(memory) + at, &value, 4);
}

}  // namespace

Status Guest::create_memory(MemoryPool& pool, const Module& module, uint64_t max_memory_bytes) {
  if (!module.harness_memory) return Status();
  const wasm_limits_t declared = *module.harness_memory;
  uint64_t limit_pages = std::min(max_memory_bytes / kPageBytes, kMaxPages);
  uint64_t max_pages = declared.max == wasm_limits_max_default
                           ? limit_pages
                           : std::min<uint64_t>(declared.max, limit_pages);
  if (declared.min > max_pages) {
    return Status::error(
        fmt::format("initial memory of {} pages ({} bytes) exceeds the limit of {} bytes",
                    declared.min, declared.min * kPageBytes, max_memory_bytes));
  }
  wasm_limits_t limits{declared.min, static_cast<uint32_t>(max_pages)};
  if (max_pages == kMaxPages) limits.max = wasm_limits_max_default;
  owned_memory_ = pool.acquire(limits);
  if (!owned_memory_)
    return Status::error(fmt::format("could not create a memory of {} pages", declared.min));
  pool_ = &pool;
  owned_limits_ = limits;
  return Status();
}

Status Guest::instantiate(wasm_store_t* store, std::shared_ptr<const Module> module,
                          std::vector<wasm_extern_t*>& imports) {
  module_ = std::move(module);
  store_ = store;
  wasm_extern_vec_t vec{imports.size(), imports.data()};
  wasm_trap_t* trap = nullptr;
  instance_.reset(wasm_instance_new(store, module_->compiled.get(), &vec, &trap));
  if (!instance_) {
    std::string text = trap ? engine::trap_message(trap) : std::string("instantiation failed");
    if (trap) wasm_trap_delete(trap);
    return Status::error(text);
  }
  exports_.clear();
  exports_.resize(module_->exports.size());
  memory_ = wasm_extern_as_memory(export_extern("memory"));
  fuel_global_ = wasm_extern_as_global(export_extern(instrument::kFuelExport));
  asyncify_state_ = wasm_extern_as_global(export_extern(instrument::kAsyncifyStateExport));
  asyncify_data_ = wasm_extern_as_global(export_extern(instrument::kAsyncifyDataExport));
  // Preparation turned the start function into an export; it runs now, as part of
  // instantiation (a trap fails the instantiation).
  if (wasm_func_t* start = export_func(instrument::kStartExport)) {
    wasm_val_vec_t none{0, nullptr};
    engine::TrapPtr trap(wasm_func_call(start, &none, &none));
    if (trap) {
      std::string text = engine::trap_message(trap.get());
      release();
      return Status::error(text);
    }
  }
  return Status();
}

wasm_extern_t* Guest::export_extern(std::string_view name) const {
  if (!module_ || !instance_) return nullptr;
  auto index = module_->export_index(name);
  if (!index) return nullptr;
  engine::ExternPtr& wrapped = exports_[*index];
  if (!wrapped) wrapped.reset(wasmx_instance_export(instance_.get(), *index));
  return wrapped.get();
}

wasm_func_t* Guest::export_func(std::string_view name) const {
  return wasm_extern_as_func(export_extern(name));
}

void Guest::set_asyncify(AsyncifyState state) {
  wasm_val_t value;
  value.kind = WASM_I32;
  if (state != kNormal) {
    value.of.i32 = static_cast<int32_t>(*buffer_);
    wasm_global_set(asyncify_data_, &value);
  }
  value.of.i32 = state;
  wasm_global_set(asyncify_state_, &value);
}

std::optional<std::string> Guest::ensure_buffer() {
  if (buffer_) return std::nullopt;
  if (!buffer_memory()) return "cannot suspend: the guest has no memory for the asyncify buffer";
  for (const char* allocator : {"lunatic_alloc", "malloc"}) {
    wasm_func_t* func = export_func(allocator);
    if (!func || wasm_func_param_arity(func) != 1 || wasm_func_result_arity(func) != 1) continue;
    wasm_val_t size;
    size.kind = WASM_I32;
    size.of.i32 = static_cast<int32_t>(kAsyncifyBufferBytes);
    wasm_val_t result;
    result.kind = WASM_I32;
    result.of.i32 = 0;
    wasm_val_vec_t args{1, &size};
    wasm_val_vec_t results{1, &result};
    // The harness's own allocation is not the process's work: it costs no fuel.
    std::optional<int64_t> fuel_before = fuel();
    engine::TrapPtr trap(wasm_func_call(func, &args, &results));
    if (fuel_before) set_fuel(*fuel_before);
    if (trap)
      return fmt::format("cannot suspend: {} trapped: {}", allocator,
                         engine::trap_message(trap.get()));
    if (result.of.i32 == 0) return fmt::format("cannot suspend: {} returned NULL", allocator);
    buffer_ = static_cast<uint32_t>(result.of.i32);
    return std::nullopt;
  }
  wasm_memory_pages_t pages = wasm_memory_size(buffer_memory());
  uint32_t grow = (kAsyncifyBufferBytes + kPageBytes - 1) / kPageBytes;
  if (!wasm_memory_grow(buffer_memory(), grow))
    return "cannot suspend: no room for the asyncify buffer within the memory limit";
  buffer_ = static_cast<uint32_t>(uint64_t{pages} * kPageBytes);
  return std::nullopt;
}

std::optional<std::string> Guest::start_unwind() {
  if (!can_suspend()) return "cannot suspend: the module was not prepared with asyncify";
  if (auto error = ensure_buffer()) return error;
  uint64_t end = uint64_t{*buffer_} + kAsyncifyBufferBytes;
  if (end > wasm_memory_data_size(buffer_memory()))
    return "cannot suspend: the asyncify buffer lies outside memory";
  store_u32(buffer_memory(), *buffer_, *buffer_ + 8);
  store_u32(buffer_memory(), *buffer_ + 4, static_cast<uint32_t>(end));
  set_asyncify(kUnwinding);
  state_ = State::Unwinding;
  return std::nullopt;
}

std::optional<std::string> Guest::stop_unwind() {
  uint32_t current = load_u32(buffer_memory(), *buffer_);
  uint32_t end = load_u32(buffer_memory(), *buffer_ + 4);
  if (current > end) {
    return fmt::format("asyncify buffer overflow: the suspended stack needs {} bytes, {} available",
                       current - *buffer_ - 8, kAsyncifyBufferBytes - 8);
  }
  set_asyncify(kNormal);
  state_ = State::Suspended;
  return std::nullopt;
}

void Guest::start_rewind() {
  set_asyncify(kRewinding);
  state_ = State::Rewinding;
}

void Guest::stop_rewind() {
  set_asyncify(kNormal);
  state_ = State::Normal;
}

std::optional<int64_t> Guest::fuel() const {
  if (!fuel_global_) return std::nullopt;
  uint64_t epoch = wasmx_store_wasm_epoch(store_);
  if (!fuel_read_ || fuel_read_->epoch != epoch) {
    wasm_val_t value;
    wasm_global_get(fuel_global_, &value);
    fuel_read_ = FuelReading{epoch, value.of.i64};
  }
  return fuel_read_->left;
}

void Guest::set_fuel(int64_t value) {
  if (!fuel_global_) return;
  wasm_val_t v;
  v.kind = WASM_I64;
  v.of.i64 = value;
  wasm_global_set(fuel_global_, &v);
  fuel_read_ = FuelReading{wasmx_store_wasm_epoch(store_), value};
}

void Guest::release() {
  fuel_global_ = nullptr;
  fuel_read_.reset();
  asyncify_state_ = asyncify_data_ = nullptr;
  memory_ = nullptr;
  exports_.clear();
  instance_.reset();
  if (pool_ && owned_memory_) pool_->release(owned_limits_, std::move(owned_memory_));
  owned_memory_.reset();
  state_ = State::Normal;
}

}  // namespace lh::sim
