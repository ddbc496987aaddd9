// Owning C++ handles for wasm.h objects (unique_ptr with the matching *_delete, so upper
// layers never call a delete by hand) and small helpers over them. Header-only; no V8.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>

#include "harness/base/result.h"
#include "harness/engine/wasm.h"
#include "harness/engine/wasm_ext.h"

namespace lh::engine {

template <typename T, void (*Delete)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p) Delete(p);
  }
};

using EnginePtr = std::unique_ptr<wasm_engine_t, Deleter<wasm_engine_t, wasm_engine_delete>>;
using StorePtr = std::unique_ptr<wasm_store_t, Deleter<wasm_store_t, wasm_store_delete>>;
using ModulePtr = std::unique_ptr<wasm_module_t, Deleter<wasm_module_t, wasm_module_delete>>;
using InstancePtr =
    std::unique_ptr<wasm_instance_t, Deleter<wasm_instance_t, wasm_instance_delete>>;
using FuncPtr = std::unique_ptr<wasm_func_t, Deleter<wasm_func_t, wasm_func_delete>>;
using MemoryPtr = std::unique_ptr<wasm_memory_t, Deleter<wasm_memory_t, wasm_memory_delete>>;
using GlobalPtr = std::unique_ptr<wasm_global_t, Deleter<wasm_global_t, wasm_global_delete>>;
using ExternPtr = std::unique_ptr<wasm_extern_t, Deleter<wasm_extern_t, wasm_extern_delete>>;
using TrapPtr = std::unique_ptr<wasm_trap_t, Deleter<wasm_trap_t, wasm_trap_delete>>;
using FuncTypePtr =
    std::unique_ptr<wasm_functype_t, Deleter<wasm_functype_t, wasm_functype_delete>>;

// A vector of externs that deletes its elements.
class ExternVec {
 public:
  ExternVec() { wasm_extern_vec_new_empty(&vec_); }
  ~ExternVec() { wasm_extern_vec_delete(&vec_); }
  ExternVec(const ExternVec&) = delete;
  ExternVec& operator=(const ExternVec&) = delete;
  wasm_extern_vec_t* out() {
    wasm_extern_vec_delete(&vec_);
    return &vec_;
  }
  const wasm_extern_vec_t* get() const { return &vec_; }
  size_t size() const { return vec_.size; }
  wasm_extern_t* operator[](size_t i) const { return vec_.data[i]; }

 private:
  wasm_extern_vec_t vec_;
};

// The trap's message as a string.
inline std::string trap_message(const wasm_trap_t* trap) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  std::string text(message.data, message.size ? message.size - 1 : 0);
  wasm_byte_vec_delete(&message);
  return text;
}

// A trap carrying `text`.
inline wasm_trap_t* make_trap(wasm_store_t* store, const std::string& text) {
  wasm_message_t message{text.size() + 1, const_cast<char*>(text.c_str())};
  return wasm_trap_new(store, &message);
}

// Compiles `bytes` in `store`; on failure the engine's reason.
inline Result<ModulePtr> compile(wasm_store_t* store, std::span<const uint8_t> bytes) {
  wasm_byte_vec_t binary{bytes.size(), reinterpret_cast<char*>(const_cast<uint8_t*>(bytes.data()))};
  wasm_message_t error{0, nullptr};
  ModulePtr module(wasmx_module_new_checked(store, &binary, &error));
  if (module) return module;
  std::string text = error.size ? std::string(error.data) : std::string("unknown compile error");
  wasm_byte_vec_delete(&error);
  return Status::error(std::move(text));
}

}  // namespace lh::engine
