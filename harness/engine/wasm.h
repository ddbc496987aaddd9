// The harness's only door to a wasm engine: the subset of WebAssembly's standard C API
// (wasm.h) that the harness uses, with its names, types and ownership rules: `own`
// results belong to the caller and are released with the matching *_delete.
// Host callbacks return a trap (or NULL); they never throw. Single-threaded: a store and
// everything made from it are used from one thread.
#ifndef LH_ENGINE_WASM_H
#define LH_ENGINE_WASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define own

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

// Vectors ----------------------------------------------------------------------------------
#define WASM_DECLARE_VEC(name, ptr_or_none)                                              \
  typedef struct wasm_##name##_vec_t {                                                   \
    size_t size;                                                                         \
    wasm_##name##_t ptr_or_none* data;                                                   \
  } wasm_##name##_vec_t;                                                                 \
  void wasm_##name##_vec_new_empty(own wasm_##name##_vec_t* out);                        \
  void wasm_##name##_vec_new_uninitialized(own wasm_##name##_vec_t* out, size_t);        \
  void wasm_##name##_vec_new(own wasm_##name##_vec_t* out, size_t,                       \
                             own wasm_##name##_t ptr_or_none const[]);                   \
  void wasm_##name##_vec_copy(own wasm_##name##_vec_t* out, const wasm_##name##_vec_t*); \
  void wasm_##name##_vec_delete(own wasm_##name##_vec_t*);

typedef byte_t wasm_byte_t;
WASM_DECLARE_VEC(byte, )
typedef wasm_byte_vec_t wasm_name_t;
typedef wasm_name_t wasm_message_t;  // null-terminated; size includes the terminator

// Runtime environment ----------------------------------------------------------------------
typedef struct wasm_config_t wasm_config_t;
typedef struct wasm_engine_t wasm_engine_t;
typedef struct wasm_store_t wasm_store_t;

own wasm_config_t* wasm_config_new(void);
void wasm_config_delete(own wasm_config_t*);
// One engine per process (V8 is initialized once); a second call returns a new handle to it.
own wasm_engine_t* wasm_engine_new(void);
own wasm_engine_t* wasm_engine_new_with_config(own wasm_config_t*);
void wasm_engine_delete(own wasm_engine_t*);
own wasm_store_t* wasm_store_new(wasm_engine_t*);
void wasm_store_delete(own wasm_store_t*);

// Types ------------------------------------------------------------------------------------
typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum { WASM_CONST, WASM_VAR };

typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max;
} wasm_limits_t;
static const uint32_t wasm_limits_max_default = 0xffffffff;

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  WASM_ANYREF = 128,
  WASM_FUNCREF,
};

typedef struct wasm_valtype_t wasm_valtype_t;
WASM_DECLARE_VEC(valtype, *)
own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t);
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t*);
own wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t*);
void wasm_valtype_delete(own wasm_valtype_t*);

typedef struct wasm_functype_t wasm_functype_t;
WASM_DECLARE_VEC(functype, *)
own wasm_functype_t* wasm_functype_new(own wasm_valtype_vec_t* params,
                                       own wasm_valtype_vec_t* results);
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t*);
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t*);
own wasm_functype_t* wasm_functype_copy(const wasm_functype_t*);
void wasm_functype_delete(own wasm_functype_t*);

typedef struct wasm_globaltype_t wasm_globaltype_t;
own wasm_globaltype_t* wasm_globaltype_new(own wasm_valtype_t*, wasm_mutability_t);
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t*);
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t*);
void wasm_globaltype_delete(own wasm_globaltype_t*);

typedef struct wasm_tabletype_t wasm_tabletype_t;
own wasm_tabletype_t* wasm_tabletype_new(own wasm_valtype_t*, const wasm_limits_t*);
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t*);
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t*);
void wasm_tabletype_delete(own wasm_tabletype_t*);

typedef struct wasm_memorytype_t wasm_memorytype_t;
own wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t*);
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t*);
void wasm_memorytype_delete(own wasm_memorytype_t*);

typedef struct wasm_externtype_t wasm_externtype_t;
typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
  WASM_EXTERN_FUNC,
  WASM_EXTERN_GLOBAL,
  WASM_EXTERN_TABLE,
  WASM_EXTERN_MEMORY
};
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t*);
const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t*);
const wasm_globaltype_t* wasm_externtype_as_globaltype_const(const wasm_externtype_t*);
const wasm_tabletype_t* wasm_externtype_as_tabletype_const(const wasm_externtype_t*);
const wasm_memorytype_t* wasm_externtype_as_memorytype_const(const wasm_externtype_t*);
wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t*);
wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t*);
wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t*);
wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t*);
own wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t*);
void wasm_externtype_delete(own wasm_externtype_t*);

typedef struct wasm_importtype_t wasm_importtype_t;
WASM_DECLARE_VEC(importtype, *)
own wasm_importtype_t* wasm_importtype_new(own wasm_name_t* module, own wasm_name_t* name,
                                           own wasm_externtype_t*);
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t*);
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t*);
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t*);
void wasm_importtype_delete(own wasm_importtype_t*);

typedef struct wasm_exporttype_t wasm_exporttype_t;
WASM_DECLARE_VEC(exporttype, *)
own wasm_exporttype_t* wasm_exporttype_new(own wasm_name_t*, own wasm_externtype_t*);
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t*);
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t*);
void wasm_exporttype_delete(own wasm_exporttype_t*);

// Values -----------------------------------------------------------------------------------
typedef struct wasm_ref_t wasm_ref_t;
typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;
  } of;
} wasm_val_t;
WASM_DECLARE_VEC(val, )

#define WASM_I32_VAL(x)                 \
  {                                     \
    .kind = WASM_I32, .of = {.i32 = x } \
  }
#define WASM_I64_VAL(x)                 \
  {                                     \
    .kind = WASM_I64, .of = {.i64 = x } \
  }
#define WASM_EMPTY_VEC \
  { 0, NULL }
#define WASM_ARRAY_VEC(array) \
  { sizeof(array) / sizeof(*(array)), array }

// Traps ------------------------------------------------------------------------------------
typedef struct wasm_trap_t wasm_trap_t;
// `message` must be null-terminated (its size includes the terminator).
own wasm_trap_t* wasm_trap_new(wasm_store_t*, const wasm_message_t* message);
void wasm_trap_message(const wasm_trap_t*, own wasm_message_t* out);
void wasm_trap_delete(own wasm_trap_t*);

// Modules ----------------------------------------------------------------------------------
typedef struct wasm_module_t wasm_module_t;
own wasm_module_t* wasm_module_new(wasm_store_t*, const wasm_byte_vec_t* binary);
bool wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary);
void wasm_module_imports(const wasm_module_t*, own wasm_importtype_vec_t* out);
void wasm_module_exports(const wasm_module_t*, own wasm_exporttype_vec_t* out);
void wasm_module_delete(own wasm_module_t*);

// Function instances -----------------------------------------------------------------------
typedef struct wasm_func_t wasm_func_t;
typedef struct wasm_extern_t wasm_extern_t;
typedef struct wasm_extern_vec_t wasm_extern_vec_t;
typedef own wasm_trap_t* (*wasm_func_callback_t)(const wasm_val_vec_t* args,
                                                 own wasm_val_vec_t* results);
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(void* env, const wasm_val_vec_t* args,
                                                          own wasm_val_vec_t* results);
own wasm_func_t* wasm_func_new(wasm_store_t*, const wasm_functype_t*, wasm_func_callback_t);
own wasm_func_t* wasm_func_new_with_env(wasm_store_t*, const wasm_functype_t* type,
                                        wasm_func_callback_with_env_t, void* env,
                                        void (*finalizer)(void*));
own wasm_functype_t* wasm_func_type(const wasm_func_t*);
size_t wasm_func_param_arity(const wasm_func_t*);
size_t wasm_func_result_arity(const wasm_func_t*);
// Calls the function; a trap (wasm or host) comes back as the result, never as a crash.
own wasm_trap_t* wasm_func_call(const wasm_func_t*, const wasm_val_vec_t* args,
                                wasm_val_vec_t* results);
void wasm_func_delete(own wasm_func_t*);

// Global instances -------------------------------------------------------------------------
typedef struct wasm_global_t wasm_global_t;
own wasm_global_t* wasm_global_new(wasm_store_t*, const wasm_globaltype_t*, const wasm_val_t*);
own wasm_globaltype_t* wasm_global_type(const wasm_global_t*);
void wasm_global_get(const wasm_global_t*, own wasm_val_t* out);
void wasm_global_set(wasm_global_t*, const wasm_val_t*);
void wasm_global_delete(own wasm_global_t*);

// Table instances (reflection only) --------------------------------------------------------
typedef struct wasm_table_t wasm_table_t;
typedef uint32_t wasm_table_size_t;
own wasm_tabletype_t* wasm_table_type(const wasm_table_t*);
wasm_table_size_t wasm_table_size(const wasm_table_t*);
void wasm_table_delete(own wasm_table_t*);

// Memory instances -------------------------------------------------------------------------
typedef struct wasm_memory_t wasm_memory_t;
typedef uint32_t wasm_memory_pages_t;
static const size_t MEMORY_PAGE_SIZE = 0x10000;
own wasm_memory_t* wasm_memory_new(wasm_store_t*, const wasm_memorytype_t*);
own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t*);
// Current base and size; valid until the memory next grows (callers re-read after a call).
byte_t* wasm_memory_data(wasm_memory_t*);
size_t wasm_memory_data_size(const wasm_memory_t*);
wasm_memory_pages_t wasm_memory_size(const wasm_memory_t*);
bool wasm_memory_grow(wasm_memory_t*, wasm_memory_pages_t delta);
void wasm_memory_delete(own wasm_memory_t*);

// Externals --------------------------------------------------------------------------------
WASM_DECLARE_VEC(extern, *)
wasm_externkind_t wasm_extern_kind(const wasm_extern_t*);
own wasm_externtype_t* wasm_extern_type(const wasm_extern_t*);
wasm_extern_t* wasm_func_as_extern(wasm_func_t*);
wasm_extern_t* wasm_global_as_extern(wasm_global_t*);
wasm_extern_t* wasm_table_as_extern(wasm_table_t*);
wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);
wasm_func_t* wasm_extern_as_func(wasm_extern_t*);
wasm_global_t* wasm_extern_as_global(wasm_extern_t*);
wasm_table_t* wasm_extern_as_table(wasm_extern_t*);
wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);
const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t*);
const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t*);
void wasm_extern_delete(own wasm_extern_t*);

// Module instances -------------------------------------------------------------------------
typedef struct wasm_instance_t wasm_instance_t;
// `imports` in the order of wasm_module_imports. On failure (link error, start function
// trap, resource exhaustion) returns NULL and, if `trap` is given, sets it.
own wasm_instance_t* wasm_instance_new(wasm_store_t*, const wasm_module_t*,
                                       const wasm_extern_vec_t* imports, own wasm_trap_t** trap);
// Exports in the order of wasm_module_exports.
void wasm_instance_exports(const wasm_instance_t*, own wasm_extern_vec_t* out);
void wasm_instance_delete(own wasm_instance_t*);

#undef own

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // LH_ENGINE_WASM_H
