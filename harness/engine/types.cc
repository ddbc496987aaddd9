// Type objects and vectors of wasm.h: plain data with the C API's ownership rules.
#include <cstring>
#include <new>

#include "harness/engine/types_internal.h"

namespace lh::engine {

wasm_name_t make_name(std::string_view text) {
  wasm_name_t name;
  wasm_byte_vec_new(&name, text.size(), text.data());
  return name;
}

wasm_message_t make_message(std::string_view text) {
  wasm_message_t message;
  wasm_byte_vec_new_uninitialized(&message, text.size() + 1);
  if (!text.empty()) std::memcpy(message.data, text.data(), text.size());
  message.data[text.size()] = '\0';
  return message;
}

std::string_view name_view(const wasm_name_t& name) {
  return name.size == 0 ? std::string_view() : std::string_view(name.data, name.size);
}

namespace {

// Element policies: how a vector copies and releases its elements.
template <typename T>
struct ByValue {
  static T copy(const T& value) { return value; }
  static void release(T&) {}
};
template <typename T, T* (*Copy)(const T*), void (*Delete)(T*)>
struct ByPointer {
  static T* copy(T* const& p) { return p ? Copy(p) : nullptr; }
  static void release(T*& p) {
    if (p) Delete(p);
    p = nullptr;
  }
};

template <typename Vec, typename Elem, typename Policy>
struct VecOps {
  static void new_empty(Vec* out) {
    out->size = 0;
    out->data = nullptr;
  }
  static void new_uninitialized(Vec* out, size_t size) {
    out->size = size;
    out->data = size ? new Elem[size]() : nullptr;
  }
  static void make(Vec* out, size_t size, const Elem* data) {
    new_uninitialized(out, size);
    for (size_t i = 0; i < size; ++i) out->data[i] = data[i];  // takes ownership
  }
  static void copy(Vec* out, const Vec* in) {
    new_uninitialized(out, in->size);
    for (size_t i = 0; i < in->size; ++i) out->data[i] = Policy::copy(in->data[i]);
  }
  static void destroy(Vec* vec) {
    for (size_t i = 0; i < vec->size; ++i) Policy::release(vec->data[i]);
    delete[] vec->data;
    vec->size = 0;
    vec->data = nullptr;
  }
};

}  // namespace
}  // namespace lh::engine

using lh::engine::ByPointer;
using lh::engine::ByValue;
using lh::engine::VecOps;

#define LH_DEFINE_VEC(name, Elem, Policy)                                                    \
  using name##_ops = VecOps<wasm_##name##_vec_t, Elem, Policy>;                              \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) { name##_ops::new_empty(out); } \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) {          \
    name##_ops::new_uninitialized(out, size);                                                \
  }                                                                                          \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size, Elem const data[]) {     \
    name##_ops::make(out, size, data);                                                       \
  }                                                                                          \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* in) {     \
    name##_ops::copy(out, in);                                                               \
  }                                                                                          \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* vec) { name##_ops::destroy(vec); }

static wasm_importtype_t* copy_importtype(const wasm_importtype_t* t) {
  auto* copy = new wasm_importtype_t;
  wasm_byte_vec_copy(&copy->module, &t->module);
  wasm_byte_vec_copy(&copy->name, &t->name);
  copy->type = wasm_externtype_copy(t->type);
  return copy;
}
static wasm_exporttype_t* copy_exporttype(const wasm_exporttype_t* t) {
  auto* copy = new wasm_exporttype_t;
  wasm_byte_vec_copy(&copy->name, &t->name);
  copy->type = wasm_externtype_copy(t->type);
  return copy;
}

extern "C" {

LH_DEFINE_VEC(byte, wasm_byte_t, ByValue<wasm_byte_t>)
LH_DEFINE_VEC(val, wasm_val_t, ByValue<wasm_val_t>)
using ValtypePolicy = ByPointer<wasm_valtype_t, wasm_valtype_copy, wasm_valtype_delete>;
using FunctypePolicy = ByPointer<wasm_functype_t, wasm_functype_copy, wasm_functype_delete>;
using ImporttypePolicy = ByPointer<wasm_importtype_t, copy_importtype, wasm_importtype_delete>;
using ExporttypePolicy = ByPointer<wasm_exporttype_t, copy_exporttype, wasm_exporttype_delete>;
using ExternPolicy = ByPointer<wasm_extern_t, lh::engine::extern_copy, wasm_extern_delete>;
LH_DEFINE_VEC(valtype, wasm_valtype_t*, ValtypePolicy)
LH_DEFINE_VEC(functype, wasm_functype_t*, FunctypePolicy)
LH_DEFINE_VEC(importtype, wasm_importtype_t*, ImporttypePolicy)
LH_DEFINE_VEC(exporttype, wasm_exporttype_t*, ExporttypePolicy)
LH_DEFINE_VEC(extern, wasm_extern_t*, ExternPolicy)

// Value types
wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) { return new wasm_valtype_t{kind}; }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return t->kind; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) { return new wasm_valtype_t{*t}; }
void wasm_valtype_delete(wasm_valtype_t* t) { delete t; }

// Function types
wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* t = new wasm_functype_t;
  t->params = *params;
  t->results = *results;
  *params = {0, nullptr};
  *results = {0, nullptr};
  return t;
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) { return &t->params; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) { return &t->results; }
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) {
  auto* copy = new wasm_functype_t;
  wasm_valtype_vec_copy(&copy->params, &t->params);
  wasm_valtype_vec_copy(&copy->results, &t->results);
  return copy;
}
void wasm_functype_delete(wasm_functype_t* t) { delete t; }

// Global, table and memory types
wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t mutability) {
  auto* t = new wasm_globaltype_t;
  t->content = content;
  t->mutability = mutability;
  return t;
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) { return t->mutability; }
void wasm_globaltype_delete(wasm_globaltype_t* t) { delete t; }

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  auto* t = new wasm_tabletype_t;
  t->element = element;
  t->limits = *limits;
  return t;
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) { return t->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }
void wasm_tabletype_delete(wasm_tabletype_t* t) { delete t; }

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  auto* t = new wasm_memorytype_t;
  t->limits = *limits;
  return t;
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) { return &t->limits; }
void wasm_memorytype_delete(wasm_memorytype_t* t) { delete t; }

// Extern types
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }
const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t* t) {
  return t->kind == WASM_EXTERN_FUNC ? static_cast<const wasm_functype_t*>(t) : nullptr;
}
const wasm_globaltype_t* wasm_externtype_as_globaltype_const(const wasm_externtype_t* t) {
  return t->kind == WASM_EXTERN_GLOBAL ? static_cast<const wasm_globaltype_t*>(t) : nullptr;
}
const wasm_tabletype_t* wasm_externtype_as_tabletype_const(const wasm_externtype_t* t) {
  return t->kind == WASM_EXTERN_TABLE ? static_cast<const wasm_tabletype_t*>(t) : nullptr;
}
const wasm_memorytype_t* wasm_externtype_as_memorytype_const(const wasm_externtype_t* t) {
  return t->kind == WASM_EXTERN_MEMORY ? static_cast<const wasm_memorytype_t*>(t) : nullptr;
}
wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t* t) { return t; }
wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t* t) { return t; }
wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t* t) { return t; }
wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t* t) { return t; }

wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) {
  switch (t->kind) {
    case WASM_EXTERN_FUNC: return wasm_functype_copy(static_cast<const wasm_functype_t*>(t));
    case WASM_EXTERN_GLOBAL: {
      auto* g = static_cast<const wasm_globaltype_t*>(t);
      return wasm_globaltype_new(wasm_valtype_copy(g->content), g->mutability);
    }
    case WASM_EXTERN_TABLE: {
      auto* tt = static_cast<const wasm_tabletype_t*>(t);
      return wasm_tabletype_new(wasm_valtype_copy(tt->element), &tt->limits);
    }
    default: return wasm_memorytype_new(&static_cast<const wasm_memorytype_t*>(t)->limits);
  }
}
void wasm_externtype_delete(wasm_externtype_t* t) { delete t; }

// Import and export types
wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name,
                                       wasm_externtype_t* type) {
  auto* t = new wasm_importtype_t;
  t->module = *module;
  t->name = *name;
  t->type = type;
  *module = {0, nullptr};
  *name = {0, nullptr};
  return t;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) { return t->type; }
void wasm_importtype_delete(wasm_importtype_t* t) { delete t; }

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_exporttype_t;
  t->name = *name;
  t->type = type;
  *name = {0, nullptr};
  return t;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) { return t->type; }
void wasm_exporttype_delete(wasm_exporttype_t* t) { delete t; }

// Traps (the store is not needed to hold a message)
wasm_trap_t* wasm_trap_new(wasm_store_t*, const wasm_message_t* message) {
  auto* trap = new wasm_trap_t;
  if (message && message->size) {
    size_t length = message->size;
    if (message->data[length - 1] == '\0') --length;
    trap->message.assign(message->data, length);
  }
  return trap;
}
void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  *out = lh::engine::make_message(trap->message);
}
void wasm_trap_delete(wasm_trap_t* trap) { delete trap; }

}  // extern "C"

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}
wasm_importtype_t::~wasm_importtype_t() {
  wasm_byte_vec_delete(&module);
  wasm_byte_vec_delete(&name);
  delete type;
}
wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_byte_vec_delete(&name);
  delete type;
}
