// Definitions behind the opaque type objects of wasm.h (value, function, global, table,
// memory, extern, import and export types) and the vector helpers. Engine-private: no V8.
#pragma once

#include <memory>
#include <string>

#include "harness/engine/wasm.h"

struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_valtype_vec_t params{0, nullptr};
  wasm_valtype_vec_t results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, wasm_limits_max_default};
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_limits_t limits{0, wasm_limits_max_default};
};

struct wasm_importtype_t {
  wasm_name_t module{0, nullptr};
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_importtype_t();
};

struct wasm_exporttype_t {
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
  ~wasm_exporttype_t();
};

struct wasm_trap_t {
  std::string message;
};

namespace lh::engine {

// A wasm_name_t holding `text` (not null-terminated, as names are).
wasm_name_t make_name(std::string_view text);
// A wasm_message_t holding `text` plus a terminating NUL (counted in size).
wasm_message_t make_message(std::string_view text);
std::string_view name_view(const wasm_name_t& name);

}  // namespace lh::engine

namespace lh::engine {
// A new reference to the same extern (externs.cc); the copy policy of wasm_extern_vec_t.
wasm_extern_t* extern_copy(const wasm_extern_t* external);
}  // namespace lh::engine
