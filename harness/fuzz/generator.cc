#include "harness/fuzz/generator.h"

#include <algorithm>
#include <string>

#include "harness/host/registry.h"

namespace lh::fuzz {

uint64_t ByteSource::next() {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i, ++at_)
    if (at_ < bytes_.size()) value |= uint64_t{bytes_[at_]} << (8 * i);
  return value;
}

uint64_t RecordingSource::next() {
  values_.push_back(inner_.next());
  return values_.back();
}

std::vector<uint8_t> RecordingSource::bytes() const {
  std::vector<uint8_t> out;
  for (uint64_t v : values_)
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}

namespace {

using binary::ValType;

// Fixed scratch addresses of each process's memory (every process has its own memory).
constexpr uint32_t kName = 64, kParams = 128, kId = 256, kTags = 320, kData = 512, kErrorText = 800,
                   kIovecs = 1024, kText = 4096;

ValType val_type(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return ValType::I32;
    case WASM_I64: return ValType::I64;
    case WASM_F32: return ValType::F32;
    case WASM_F64: return ValType::F64;
    default: return ValType::I32;  // no registered function takes another kind
  }
}

std::vector<uint8_t> le64(uint64_t v) {
  std::vector<uint8_t> out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}

class Generator {
 public:
  Generator(Source& source, const GeneratorOptions& options) : s_(source), options_(options) {}

  Program run() {
    static constexpr uint32_t kPages[] = {0, 1, 1, 1, 1, 2, 2, 4, 17};
    p_.memory_pages = kPages[s_.below(std::size(kPages))];
    if (s_.chance(1, 4)) p_.memory_max_pages = p_.memory_pages + static_cast<uint32_t>(s_.below(3));
    p_.exports_malloc = s_.chance(1, 2);
    p_.malloc_cost = static_cast<uint32_t>(s_.range(50, 800));
    size_t entries = s_.range(1, options_.max_entries);
    p_.entries.resize(entries);
    for (size_t i = 1; i < entries; ++i) {  // e0 is the root: no params
      static constexpr ValType kTypes[] = {ValType::I64, ValType::I32};
      size_t n = s_.below(3);
      for (size_t k = 0; k < n; ++k) p_.entries[i].params.push_back(kTypes[s_.below(2)]);
    }
    for (size_t i = 0; i < entries; ++i) {
      entry_ = i;
      size_t actions = s_.range(1, options_.max_actions);
      for (size_t a = 0; a < actions && !ended_; ++a) action();
      ended_ = false;
    }
    // Drawn last, so the programs of a seed are otherwise those drawn before it existed.
    p_.exports_catch_trap = s_.chance(1, 2);
    return std::move(p_);
  }

 private:
  std::vector<Op>& ops() { return p_.entries[entry_].ops; }
  uint64_t memory_bytes() const { return uint64_t{p_.memory_pages} * 65536; }

  // The import of registered function (module, name), added on first use; nullopt if the
  // registry has no such function.
  std::optional<uint32_t> imp(std::string_view module, std::string_view name) {
    if (auto found = p_.find_import(module, name)) return found;
    for (const auto& def : host::all_host_functions())
      if (def.module == module && def.name == name) return add_import(def);
    return std::nullopt;
  }
  uint32_t add_import(const host::HostFunctionDef& def) {
    if (auto found = p_.find_import(def.module, def.name)) return *found;
    Import i{std::string(def.module), std::string(def.name), {}, {}, def.may_suspend};
    for (auto k : def.params) i.params.push_back(val_type(k));
    for (auto k : def.results) i.results.push_back(val_type(k));
    p_.imports.push_back(std::move(i));
    return static_cast<uint32_t>(p_.imports.size() - 1);
  }

  int8_t any_reg() { return static_cast<int8_t>(s_.below(kRegisters)); }
  int8_t maybe_reg() { return s_.chance(1, 2) ? any_reg() : int8_t{-1}; }

  void call(uint32_t target, std::vector<Value> args, int8_t result = -1) {
    Op o;
    o.kind = Op::Kind::Call;
    o.target = target;
    o.args = std::move(args);
    o.result = result;
    ops().push_back(std::move(o));
  }
  void store(uint32_t addr, std::vector<uint8_t> bytes) {
    Op o;
    o.kind = Op::Kind::Store;
    o.addr = addr;
    o.bytes = std::move(bytes);
    ops().push_back(std::move(o));
  }
  void store_reg(uint32_t addr, int8_t reg) {
    Op o;
    o.kind = Op::Kind::StoreReg;
    o.addr = addr;
    o.reg = reg;
    ops().push_back(std::move(o));
  }
  void fill(uint32_t addr, uint64_t count, uint64_t pattern) {
    Op o;
    o.kind = Op::Kind::Fill;
    o.addr = addr;
    o.count = count;
    o.pattern = pattern;
    ops().push_back(std::move(o));
  }
  void load(uint32_t addr, int8_t reg) {
    Op o;
    o.kind = Op::Kind::Load;
    o.addr = addr;
    o.result = reg;
    ops().push_back(std::move(o));
  }
  void simple(Op::Kind kind, uint64_t count = 0, uint64_t pattern = 0, int8_t result = -1) {
    Op o;
    o.kind = kind;
    o.count = count;
    o.pattern = pattern;
    o.result = result;
    ops().push_back(std::move(o));
  }

  // Argument values: valid, boundary and wild.
  // Half the time a valid pointer or length (inside the first page, or small), so that
  // programs live past their first call; else a boundary or a wild value.
  uint64_t i32_value() {
    const uint64_t mem = memory_bytes();
    if (s_.chance(1, 2))
      return s_.chance(1, 2) && mem ? s_.below(std::min<uint64_t>(mem, 8192)) : s_.below(64);
    switch (s_.below(20)) {
      case 0: return 0;
      case 1: return 1;
      case 2: return 4;
      case 3: return 8;
      case 4: return 17;
      case 5: return 64;
      case 6: return 4096;
      case 7: return mem - 1;  // the memory's last byte
      case 8: return mem;
      case 9: return mem - 4;  // straddles the end for 8-byte writes
      case 10: return mem - 2;
      case 11: return 0x7fffffff;
      case 12: return 0x80000000;
      case 13: return 0xffffffff;
      case 14: return 0xfffffff8;
      case 15:
      case 16: return mem ? s_.below(mem) : 0;
      case 17: return s_.below(256);
      default: return s_.next() & 0xffffffff;
    }
  }
  uint64_t i64_value() {
    switch (s_.below(14)) {
      case 0: return 0;
      case 1: return 1;
      case 2: return 2;
      case 3: return 3;
      case 4: return ~uint64_t{0};
      case 5: return 0x7fffffffffffffff;
      case 6: return 0x8000000000000000;
      case 7: return 0xffffffff;
      case 8: return uint64_t{1} << 32;
      case 9:
      case 10: return s_.below(8);  // an id near the ones handed out
      default: return s_.next();
    }
  }
  Value arg(ValType type) {
    if ((type == ValType::I64 || type == ValType::I32) && s_.chance(1, 4))
      return Value::from(any_reg());
    switch (type) {
      case ValType::I32: return Value::of(i32_value());
      case ValType::I64: return Value::of(i64_value());
      default: return Value::of(s_.next());
    }
  }
  // A process id: mostly a register (where spawns and process_id put ids), else a constant.
  Value pid() {
    if (s_.chance(3, 4)) return Value::from(any_reg());
    static constexpr uint64_t kIds[] = {0, 1, 2, 3, 4, 5, 1000, ~uint64_t{0}};
    return Value::of(kIds[s_.below(std::size(kIds))]);
  }
  uint64_t tag() {
    static constexpr uint64_t kTags[] = {0, 1, 2, 3, 7, ~uint64_t{0}, 0x8000000000000000};
    return s_.chance(1, 8) ? s_.next() : kTags[s_.below(std::size(kTags))];
  }
  uint64_t timeout() {
    static constexpr uint64_t kMs[] = {0, 1, 2, 10, 100, 1000, ~uint64_t{0}};
    return kMs[s_.below(std::size(kMs))];
  }
  std::vector<uint8_t> random_bytes(size_t n) {
    std::vector<uint8_t> out(n);
    for (auto& b : out) b = static_cast<uint8_t>(s_.next());
    return out;
  }

  void action() {
    struct Weighted {
      void (Generator::*fn)();
      uint64_t weight;
    };
    static constexpr Weighted kActions[] = {
        {&Generator::generic_call, 30}, {&Generator::spawn, 12},   {&Generator::send, 8},
        {&Generator::receive, 6},       {&Generator::links, 6},    {&Generator::sleep, 4},
        {&Generator::compute, 8},       {&Generator::recurse, 3},  {&Generator::grow, 3},
        {&Generator::fd_write, 10},     {&Generator::errors, 3},   {&Generator::dropped_id, 3},
        {&Generator::compile, 1},       {&Generator::scribble, 3}, {&Generator::whoami, 4},
    };
    // Endings are rarer: a spin in 0.3% of actions (the run then lasts until its step
    // limit), a trap in 1%.
    uint64_t roll = s_.below(1000);
    if (roll < 3) return spin();
    if (roll < 13) return trap();
    uint64_t total = 0;
    for (const auto& a : kActions) total += a.weight;
    uint64_t pick = s_.below(total);
    for (const auto& a : kActions) {
      if (pick < a.weight) return (this->*a.fn)();
      pick -= a.weight;
    }
  }

  // Any registered function, arguments from the pools.
  void generic_call() {
    const auto& all = host::all_host_functions();
    const auto& def = all[s_.below(all.size())];
    uint32_t target = add_import(def);
    std::vector<Value> args;
    for (auto kind : def.params) args.push_back(arg(val_type(kind)));
    call(target, std::move(args), def.results.empty() ? int8_t{-1} : maybe_reg());
  }

  void whoami() {
    if (auto f = imp("lunatic::process", "process_id")) call(*f, {}, any_reg());
  }

  // Spawns a later entry (so spawning never recurses), with a config, params and a link.
  void spawn() {
    if (entry_ + 1 >= p_.entries.size()) return generic_call();
    auto spawn_fn = imp("lunatic::process", "spawn");
    if (!spawn_fn) return generic_call();
    size_t child = s_.range(entry_ + 1, p_.entries.size() - 1);
    std::string name = entry_name(child);
    switch (s_.below(20)) {
      case 0: name = "nope"; break;
      case 1: name = "\xff\xfe"; break;
      default: break;
    }
    store(kName, {name.begin(), name.end()});
    // Params: 17-byte chunks, mostly the child's own types.
    std::vector<ValType> types = p_.entries[child].params;
    if (s_.chance(1, 8)) types.resize(s_.below(4), ValType::I64);
    uint64_t params_len = 0;
    for (size_t k = 0; k < types.size(); ++k) {
      uint32_t at = kParams + static_cast<uint32_t>(17 * k);
      uint8_t type = static_cast<uint8_t>(types[k]);
      if (s_.chance(1, 16)) type = s_.chance(1, 2) ? 0x7b : static_cast<uint8_t>(s_.next());
      std::vector<uint8_t> chunk(17, 0);
      chunk[0] = type;
      store(at, chunk);
      if (s_.chance(2, 3)) {
        store_reg(at + 1, any_reg());
      } else {
        store(at + 1, le64(s_.chance(1, 2) ? i64_value() : i32_value()));
      }
      params_len += 17;
    }
    if (s_.chance(1, 16)) params_len += s_.range(1, 16);  // a partial chunk
    // Config: the caller's own (-1) or a new one with random limits and permissions.
    Value config = Value::of(~uint64_t{0});
    if (s_.chance(1, 2)) config = new_config();
    uint64_t link = s_.chance(1, 2) ? 0 : tag();
    Value module = s_.chance(19, 20) ? Value::of(~uint64_t{0}) : Value::from(any_reg());
    uint32_t id_at = s_.chance(15, 16) ? kId : static_cast<uint32_t>(memory_bytes() - 4);
    call(*spawn_fn,
         {Value::of(link), config, module, Value::of(kName), Value::of(name.size()),
          Value::of(kParams), Value::of(params_len), Value::of(id_at)},
         maybe_reg());
    if (id_at == kId) load(kId, any_reg());
  }

  // create_config and a few setters; the register holding its id.
  Value new_config() {
    auto create = imp("lunatic::process", "create_config");
    if (!create) return Value::of(~uint64_t{0});
    int8_t r = any_reg();
    call(*create, {}, r);
    auto set = [&](std::string_view name, Value v) {
      if (auto f = imp("lunatic::process", name)) call(*f, {Value::from(r), v});
    };
    static constexpr uint64_t kMemory[] = {0,       65536,      131072,           1 << 20,
                                           1 << 24, 0xffffffff, ~uint64_t{0} >> 1};
    static constexpr uint64_t kFuel[] = {0, 1, 2, 3, 10, 1000};
    if (s_.chance(2, 3))
      set("config_set_max_memory", Value::of(kMemory[s_.below(std::size(kMemory))]));
    if (s_.chance(1, 2))
      set("config_set_max_fuel",
          Value::of(s_.chance(1, 10) ? s_.next() : kFuel[s_.below(std::size(kFuel))]));
    for (const char* perm : {"config_set_can_spawn_processes", "config_set_can_create_configs",
                             "config_set_can_compile_modules"})
      if (s_.chance(1, 2)) set(perm, Value::of(s_.chance(1, 8) ? i32_value() : s_.below(2)));
    return Value::from(r);
  }

  void send() {
    auto create = imp("lunatic::message", "create_data");
    auto write = imp("lunatic::message", "write_data");
    auto send_fn = imp("lunatic::message", "send");
    if (!create || !write || !send_fn) return generic_call();
    static constexpr uint64_t kCapacity[] = {0, 16, 64, 4096, 1 << 20};
    call(*create, {Value::of(tag()), Value::of(kCapacity[s_.below(std::size(kCapacity))])});
    size_t n = s_.below(48);
    if (n) store(kData, random_bytes(n));
    Value ptr = Value::of(kData), len = Value::of(n);
    if (s_.chance(1, 8)) {
      ptr = Value::of(i32_value());
      len = Value::of(i32_value());
    }
    call(*write, {ptr, len}, maybe_reg());
    if (s_.chance(1, 8)) {
      if (auto push = imp("lunatic::message", "push_module")) call(*push, {pid()}, maybe_reg());
    }
    if (s_.chance(1, 5)) {
      if (auto sr = imp("lunatic::message", "send_receive_skip_search"))
        return call(*sr, {pid(), Value::of(tag()), Value::of(timeout())}, maybe_reg());
    }
    call(*send_fn, {pid()}, maybe_reg());
  }

  void receive() {
    auto receive_fn = imp("lunatic::message", "receive");
    if (!receive_fn) return generic_call();
    size_t n = s_.below(4);
    std::vector<uint8_t> tags;
    for (size_t k = 0; k < n; ++k) {
      auto t = le64(tag());
      tags.insert(tags.end(), t.begin(), t.end());
    }
    if (n) store(kTags, tags);
    call(*receive_fn, {Value::of(kTags), Value::of(n), Value::of(timeout())}, maybe_reg());
    // Then look at the message (or at the lack of one).
    size_t looks = s_.below(3);
    for (size_t k = 0; k < looks; ++k) {
      switch (s_.below(5)) {
        case 0:
          if (auto f = imp("lunatic::message", "read_data"))
            call(*f, {Value::of(kData), Value::of(s_.chance(3, 4) ? s_.below(64) : i32_value())},
                 maybe_reg());
          break;
        case 1:
          if (auto f = imp("lunatic::message", "get_tag")) call(*f, {}, maybe_reg());
          break;
        case 2:
          if (auto f = imp("lunatic::message", "data_size")) call(*f, {}, maybe_reg());
          break;
        case 3:
          if (auto f = imp("lunatic::message", "seek_data")) call(*f, {Value::of(i64_value())});
          break;
        default:
          if (auto f = imp("lunatic::message", "take_module"))
            call(*f, {Value::of(i64_value())}, maybe_reg());
          break;
      }
    }
  }

  void links() {
    switch (s_.below(5)) {
      case 0:
        if (auto f = imp("lunatic::process", "link")) return call(*f, {Value::of(tag()), pid()});
        break;
      case 1:
        if (auto f = imp("lunatic::process", "unlink")) return call(*f, {pid()});
        break;
      case 2:
        if (auto f = imp("lunatic::process", "kill")) return call(*f, {pid()});
        break;
      case 3:
        if (auto f = imp("lunatic::process", "exists")) return call(*f, {pid()}, maybe_reg());
        break;
      default:
        if (auto f = imp("lunatic::process", "die_when_link_dies"))
          return call(*f, {Value::of(s_.chance(1, 8) ? i32_value() : s_.below(2))});
        break;
    }
    generic_call();
  }

  void sleep() {
    auto f = imp("lunatic::process", "sleep_ms");
    if (!f) return generic_call();
    static constexpr uint64_t kMs[] = {0, 0, 1, 2, 5, 50, 1000};
    call(*f, {Value::of(kMs[s_.below(std::size(kMs))])});
  }

  // Compute, often ending near a fuel-slice edge, often followed by a suspension: the first
  // suspension of a process at the end of a slice is where review R1 lived.
  void compute() {
    uint64_t n;
    if (s_.chance(2, 5)) {
      // ~8 units per iteration; stop within a few thousand units of the end of slice m.
      uint64_t m = s_.range(1, 2);
      uint64_t before_edge = s_.below(6000);
      n = (m * 100'000 - before_edge) / 8;
    } else {
      n = s_.below(options_.max_compute + 1);
    }
    simple(Op::Kind::Compute, n);
    if (s_.chance(1, 2)) {
      if (auto f = imp("lunatic::process", "sleep_ms"); f && s_.chance(2, 3))
        call(*f, {Value::of(s_.below(3))});
      else if (auto y = imp("wasi_snapshot_preview1", "sched_yield"))
        call(*y, {}, maybe_reg());
    }
  }

  void recurse() {
    static constexpr uint64_t kDepth[] = {1, 10, 100, 1000, 5000, 1000000};
    imp("lunatic::process", "sleep_ms");  // rec sleeps at the bottom through it
    simple(Op::Kind::Recurse, kDepth[s_.below(std::size(kDepth))],
           s_.chance(1, 2) ? 0 : s_.range(1, 5));
  }

  void grow() {
    static constexpr uint64_t kPages[] = {0, 1, 2, 16, 256, 65536, 0xffffffff};
    simple(Op::Kind::Grow, kPages[s_.below(std::size(kPages))], 0, maybe_reg());
  }

  // fd_write: text, bytes that are not UTF-8, a character split at the trace's 4,096-byte
  // cut (review R3), thousands of iovecs over one region (review R2), wild vectors.
  void fd_write() {
    auto f = imp("wasi_snapshot_preview1", "fd_write");
    if (!f) return generic_call();
    static constexpr uint64_t kFds[] = {1, 1, 1, 2, 2, 0, 3, 0xffffffff};
    uint64_t fd = kFds[s_.below(std::size(kFds))];
    uint64_t iovs = kIovecs, count = 1;
    switch (s_.below(6)) {
      case 0: {  // text
        std::string text = s_.chance(1, 2) ? "hello\n" : "é∂\n";
        store(kText, {text.begin(), text.end()});
        store(kIovecs, le64(kText | (uint64_t{text.size()} << 32)));
        break;
      }
      case 1: {  // bytes that are not UTF-8
        size_t n = s_.range(1, 24);
        store(kText, random_bytes(n));
        store(kIovecs, le64(kText | (uint64_t{n} << 32)));
        break;
      }
      case 2: {  // 4,095 'a' and a 2-byte character: the trace's cut falls inside it
        uint64_t before = s_.range(4093, 4096);
        fill(kText, (before + 7) / 8, 0x6161616161616161);
        store(kText + static_cast<uint32_t>(before), {0xc3, 0xa9});
        store(kIovecs, le64(kText | ((before + 2) << 32)));
        if (s_.chance(1, 2)) {  // or split across two iovecs
          store(kIovecs, le64(kText | ((before + 1) << 32)));
          store(kIovecs + 8, le64((kText + before + 1) | (uint64_t{1} << 32)));
          count = 2;
        }
        break;
      }
      case 3: {  // many iovecs over one region
        static constexpr uint64_t kCounts[] = {2, 16, 1000, 8192};
        static constexpr uint64_t kLens[] = {1, 100, 1000};
        count = kCounts[s_.below(std::size(kCounts))];
        uint64_t len = kLens[s_.below(std::size(kLens))];
        // Rarely the review's R2 shape: 8,192 iovecs over a 64 KiB region, 512 MiB in all.
        // (The harness keeps 16 MiB of it; copying that costs ~0.4 s a run on this machine.)
        if (s_.chance(1, 32)) count = 8192, len = 65536;
        uint32_t pages = static_cast<uint32_t>((kIovecs + 8 * count + 65535) / 65536);
        if (len > 4096) pages = std::max<uint32_t>(pages, 2);
        if (p_.memory_pages < pages) p_.memory_pages = pages;
        if (p_.memory_max_pages && *p_.memory_max_pages < p_.memory_pages)
          p_.memory_max_pages = p_.memory_pages;
        fill(kIovecs, count, 0 | (len << 32));
        break;
      }
      case 4: {  // a vector straddling the end of memory, or a huge count
        iovs = s_.chance(1, 2) ? memory_bytes() - 4 : i32_value();
        count = s_.chance(1, 2) ? 0xffffffff : i32_value();
        break;
      }
      default: {  // an iovec pointing past the end
        store(kIovecs, le64((memory_bytes() - 2) | (uint64_t{s_.range(1, 8)} << 32)));
        break;
      }
    }
    uint64_t nwritten = s_.chance(7, 8) ? kId : i32_value();
    call(*f, {Value::of(fd), Value::of(iovs), Value::of(count), Value::of(nwritten)}, maybe_reg());
  }

  void errors() {
    int8_t r = any_reg();
    if (auto f = imp("lunatic::error", "string_size")) call(*f, {Value::from(r)}, maybe_reg());
    if (s_.chance(1, 2)) {
      if (auto f = imp("lunatic::error", "to_string"))
        call(*f, {Value::from(r), Value::of(s_.chance(3, 4) ? kErrorText : i32_value())});
    }
    if (s_.chance(1, 2)) {
      if (auto f = imp("lunatic::error", "drop")) call(*f, {Value::from(r)});
    }
  }

  // An id used just after it was dropped.
  void dropped_id() {
    auto create = imp("lunatic::process", "create_config");
    auto drop = imp("lunatic::process", "drop_config");
    if (!create || !drop) return generic_call();
    int8_t r = any_reg();
    call(*create, {}, r);
    call(*drop, {Value::from(r)});
    switch (s_.below(4)) {
      case 0: call(*drop, {Value::from(r)}); break;
      case 1:
        if (auto f = imp("lunatic::process", "config_get_max_memory"))
          call(*f, {Value::from(r)}, maybe_reg());
        break;
      case 2:
        if (auto f = imp("lunatic::process", "config_set_max_fuel"))
          call(*f, {Value::from(r), Value::of(1)});
        break;
      default:
        if (entry_ + 1 < p_.entries.size()) {
          if (auto s = imp("lunatic::process", "spawn")) {
            std::string name = entry_name(entry_ + 1);
            store(kName, {name.begin(), name.end()});
            call(*s, {Value::of(0), Value::from(r), Value::of(~uint64_t{0}), Value::of(kName),
                      Value::of(name.size()), Value::of(0), Value::of(0), Value::of(kId)});
          }
        }
        break;
    }
  }

  // compile_module on a tiny module or on garbage, then spawn from it or drop it.
  void compile() {
    auto f = imp("lunatic::process", "compile_module");
    if (!f) return generic_call();
    std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    if (s_.chance(1, 3)) bytes = random_bytes(s_.range(1, 16));
    store(kData, bytes);
    int8_t r = any_reg();
    call(*f, {Value::of(kData), Value::of(bytes.size()), Value::of(kId)}, maybe_reg());
    load(kId, r);
    if (s_.chance(1, 2)) {
      if (auto d = imp("lunatic::process", "drop_module")) call(*d, {Value::from(r)});
    }
  }

  void scribble() {
    uint64_t mem = memory_bytes();
    uint32_t at = static_cast<uint32_t>(s_.chance(3, 4) && mem ? s_.below(mem) : i32_value());
    store(at, random_bytes(s_.range(1, 16)));
  }

  void trap() {
    simple(Op::Kind::Trap);
    ended_ = true;
  }

  void spin() {
    if (!imp("lunatic::process", "sleep_ms")) return generic_call();
    simple(Op::Kind::Spin);
    ended_ = true;
  }

  Source& s_;
  GeneratorOptions options_;
  Program p_;
  size_t entry_ = 0;
  bool ended_ = false;  // the entry's last op never falls through (trap, spin)
};

}  // namespace

Program generate(Source& source, const GeneratorOptions& options) {
  return Generator(source, options).run();
}

Program generate_from_seed(uint64_t seed, const GeneratorOptions& options) {
  SeedSource source(seed);
  return generate(source, options);
}

std::vector<uint8_t> corpus_entry(uint64_t seed, uint64_t schedule_seed,
                                  const GeneratorOptions& options) {
  SeedSource seeded(seed);
  RecordingSource recording(seeded);
  (void)generate(recording, options);
  std::vector<uint8_t> out = recording.bytes();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(schedule_seed >> (8 * i)));
  return out;
}

}  // namespace lh::fuzz
