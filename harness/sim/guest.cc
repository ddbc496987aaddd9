#include "harness/sim/guest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "harness/engine/wasm_ext.h"
#include "harness/instrument/names.h"
#include "harness/sim/memory_pages.h"

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

Result<std::optional<wasm_limits_t>> Guest::memory_limits(const Module& module,
                                                          uint64_t max_memory_bytes) {
  if (!module.harness_memory) return std::optional<wasm_limits_t>();
  const wasm_limits_t declared = *module.harness_memory;
  // The harness's own memory for unwind data is not the process's: no limit applies.
  if (module.harness_memory_is_private) return std::optional<wasm_limits_t>(declared);
  uint64_t limit_pages = std::min(max_memory_bytes / kPageBytes, kMaxPages);
  uint64_t max_pages = declared.max == wasm_limits_max_default
                           ? limit_pages
                           : std::min<uint64_t>(declared.max, limit_pages);
  if (declared.min > max_pages) {
    // wasmtime 4's text (crates/runtime/src/memory.rs:741-745), as lunatic reports it (A9).
    return Status::error(
        fmt::format("memory minimum size of {} pages exceeds memory limits", declared.min));
  }
  wasm_limits_t limits{declared.min, static_cast<uint32_t>(max_pages)};
  if (max_pages == kMaxPages) limits.max = wasm_limits_max_default;
  return std::optional<wasm_limits_t>(limits);
}

Status Guest::create_memory(MemoryPool& pool, const Module& module,
                            const std::optional<wasm_limits_t>& limits) {
  if (!limits) return Status();
  owned_memory_ = pool.acquire(*limits);
  if (!owned_memory_)
    return Status::error(module.harness_memory_is_private
                             ? std::string("could not create the process's unwind memory")
                             : fmt::format("could not create a memory of {} pages", limits->min));
  pool_ = &pool;
  owned_limits_ = *limits;
  return Status();
}

Status Guest::create_memory(MemoryPool& pool, const Module& module, uint64_t max_memory_bytes) {
  auto limits = memory_limits(module, max_memory_bytes);
  if (!limits.ok()) return limits.status();
  return create_memory(pool, module, *limits);
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
  return start();
}

Status Guest::start() {
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

std::unique_ptr<ParkedInstance> Guest::park() {
  bool reusable = instance_ && module_ && !module_->reset_excluded &&
                  (state_ == State::Normal || state_ == State::Suspended) &&
                  (!module_->harness_memory ||
                   (owned_memory_ && wasm_memory_size(owned_memory_.get()) == owned_limits_.min));
  std::unique_ptr<ParkedInstance> parked;
  if (reusable) {
    parked = std::make_unique<ParkedInstance>();
    parked->module = module_;
    parked->limits = owned_limits_;
    parked->memory = std::move(owned_memory_);
    parked->instance = std::move(instance_);
    parked->exports = std::move(exports_);
  }
  release();
  return parked;
}

std::optional<Status> Guest::adopt(wasm_store_t* store, MemoryPool& pool,
                                   std::unique_ptr<ParkedInstance> parked) {
  module_ = std::move(parked->module);
  store_ = store;
  pool_ = parked->memory ? &pool : nullptr;
  owned_limits_ = parked->limits;
  owned_memory_ = std::move(parked->memory);
  instance_ = std::move(parked->instance);
  exports_ = std::move(parked->exports);
  exports_.resize(module_->exports.size());
  fuel_read_.reset();
  state_ = State::Normal;
  if (!reset()) {
    release();
    return std::nullopt;
  }
  return start();
}

bool Guest::reset() {
  if (owned_memory_) {
    auto* data = reinterpret_cast<uint8_t*>(wasm_memory_data(owned_memory_.get()));
    size_t size = wasm_memory_data_size(owned_memory_.get());
    // Not discarded with madvise: that costs a TLB shootdown on every core (measured: a
    // quarter of a spawn's time).
    zero_memory(data, size);
    for (const auto& segment : module_->initial_data) {
      if (segment.offset > size || segment.bytes.size() > size - segment.offset) return false;
      std::memcpy(data + segment.offset, segment.bytes.data(), segment.bytes.size());
    }
  }
  wasm_func_t* reset = export_func(instrument::kResetExport);
  if (!reset) return false;
  wasm_val_vec_t none{0, nullptr};
  engine::TrapPtr trap(wasm_func_call(reset, &none, &none));
  return !trap;
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

namespace {

constexpr uint32_t kHeaderBytes = 8;  // Asyncify's {current, end}
// The region never reaches the last page of a 4 GiB memory, so `end` fits Asyncify's i32.
constexpr uint64_t kHighestRegionEnd = 0xffff'0000ull;

// An upper bound on the unwind data of a stack whose frames use `native_stack_bytes` of the
// native stack. Every value Asyncify saves is live across a call, so V8 keeps it in a slot
// of the native frame (wasm code has no callee-saved registers); the factor and the floor
// leave room for values the engine rematerialises instead of keeping, and for call indices.
// Measured: unwind data is 0.22 (a C guest) to 0.29 (a WAT guest keeping i64s live) of the
// native stack its frames use, so the bound has a margin of 7 or more.
uint64_t unwind_bound(uint64_t native_stack_bytes) { return 2 * native_stack_bytes + 1024; }

// The guest's bytes under the borrowed region. Only one region is borrowed at a time (from
// start_unwind to stop_unwind, or start_rewind to stop_rewind, no other guest code runs),
// so one buffer serves every guest of the thread and no suspended process keeps one.
std::vector<uint8_t>& saved_bytes() {
  thread_local std::vector<uint8_t> bytes;
  return bytes;
}

}  // namespace

void Guest::set_asyncify(AsyncifyState state, uint32_t data_address) {
  wasm_val_t value;
  value.kind = WASM_I32;
  value.of.i32 = static_cast<int32_t>(data_address);
  wasm_global_set(asyncify_data_, &value);
  set_asyncify_state(state);
}

// Each write is a call into V8's accessor, so the data address is written only where
// Asyncify will read it (unwinding or rewinding), never on the way back to Normal.
void Guest::set_asyncify_state(AsyncifyState state) {
  wasm_val_t value;
  value.kind = WASM_I32;
  value.of.i32 = state;
  wasm_global_set(asyncify_state_, &value);
}

void Guest::borrow_region(uint32_t address, uint32_t size, bool only_allocated) {
  const uint8_t* data = reinterpret_cast<const uint8_t*>(wasm_memory_data(owned_memory_.get()));
  std::vector<uint8_t>& saved = saved_bytes();
  if (only_allocated) {
    saved.resize(size);
    copy_allocated(data, data + address, size, saved.data());
  } else {
    saved.assign(data + address, data + address + size);
  }
  region_ = address;
  region_size_ = size;
}

void Guest::return_region(uint32_t written) {
  std::vector<uint8_t>& saved = saved_bytes();
  std::memcpy(wasm_memory_data(owned_memory_.get()) + region_, saved.data(),
              std::min<size_t>(written, saved.size()));
  saved.clear();
}

Status Guest::start_unwind(uint64_t native_stack_bytes) {
  if (!can_suspend())
    return Status::error("cannot suspend: the module was not prepared with asyncify");
  wasm_memory_t* memory = owned_memory_.get();
  if (!memory) return Status::error("cannot suspend: the process has no memory for its stack");
  uint64_t wanted = kHeaderBytes + unwind_bound(native_stack_bytes);

  uint64_t size = wasm_memory_data_size(memory);
  if (module_->harness_memory_is_private && wanted > size) {
    // The module cannot see this memory: grow it as far as the unwind data needs.
    uint64_t pages = (wanted - size + kPageBytes - 1) / kPageBytes;
    if (wasm_memory_grow(memory, static_cast<wasm_memory_pages_t>(pages)))
      size = wasm_memory_data_size(memory);
  }
  uint64_t top = std::min(size, kHighestRegionEnd);
  uint64_t region_size = std::min(wanted, top);
  if (region_size < kHeaderBytes)
    return Status::error(
        "cannot suspend: the process's memory has no room for its unwind data (0 pages)");
  // A process's first suspension (a spawned process that goes straight to waiting is the
  // common case) asks the kernel which pages are allocated, so that the unused part of the
  // region stays unallocated while it waits; later ones copy the region whole, as asking
  // costs a system call (about 2 us here) on every suspension of a busy process.
  borrow_region(static_cast<uint32_t>(top - region_size), static_cast<uint32_t>(region_size),
                /*only_allocated=*/!suspended_before_);
  suspended_before_ = true;
  store_u32(memory, region_, region_ + kHeaderBytes);
  store_u32(memory, region_ + 4, static_cast<uint32_t>(top));
  set_asyncify(kUnwinding, region_);
  state_ = State::Unwinding;
  return Status();
}

std::string Guest::unwind_failure(const std::string& trap) {
  return_region();
  set_asyncify_state(kNormal);
  state_ = State::Normal;
  return fmt::format(
      "cannot suspend: the unwind data of the suspended stack does not fit in the process's "
      "memory ({} bytes; {})",
      region_size_, trap);
}

Status Guest::stop_unwind() {
  wasm_memory_t* memory = owned_memory_.get();
  uint32_t current = load_u32(memory, region_);
  uint64_t end = uint64_t{region_} + region_size_;
  if (current < region_ + kHeaderBytes || current > end) {
    std::string error = unwind_failure("its end was passed");
    return Status::error(error);
  }
  const uint8_t* data = reinterpret_cast<const uint8_t*>(wasm_memory_data(memory));
  unwind_.assign(data + region_ + kHeaderBytes, data + current);

  // Unwinding runs no guest code but Asyncify's saves, which write upwards from the header
  // to `current`: the rest of the region was not written.
  return_region(current - region_);
  // Asyncify's state stays Unwinding in the instance: none of its code runs again before
  // start_rewind writes Rewinding, so writing Normal here would be a wasted accessor call.
  state_ = State::Suspended;
  return Status();
}

void Guest::start_rewind() {
  wasm_memory_t* memory = owned_memory_.get();
  uint64_t top = std::min<uint64_t>(wasm_memory_data_size(memory), kHighestRegionEnd);
  auto size = static_cast<uint32_t>(kHeaderBytes + unwind_.size());
  borrow_region(static_cast<uint32_t>(top - size), size, /*only_allocated=*/false);
  store_u32(memory, region_, region_ + size);
  store_u32(memory, region_ + 4, region_ + size);
  std::memcpy(wasm_memory_data(memory) + region_ + kHeaderBytes, unwind_.data(), unwind_.size());
  unwind_ = {};
  set_asyncify(kRewinding, region_);
  state_ = State::Rewinding;
}

void Guest::stop_rewind() {
  set_asyncify_state(kNormal);
  return_region();
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
  unwind_ = {};
  exports_.clear();
  instance_.reset();
  if (pool_ && owned_memory_) pool_->release(owned_limits_, std::move(owned_memory_));
  owned_memory_.reset();
  state_ = State::Normal;
}

}  // namespace lh::sim
