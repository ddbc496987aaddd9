// Extensions to the standard wasm C API that the harness needs and wasm.h lacks. Each is
// named wasmx_* and follows wasm.h's ownership rules.
#ifndef LH_ENGINE_WASM_EXT_H
#define LH_ENGINE_WASM_EXT_H

#include "harness/engine/wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

// Like wasm_module_new; on failure returns NULL and sets `error` (a null-terminated
// message) to the reason: the engine's compile error or the decoder's.
wasm_module_t* wasmx_module_new_checked(wasm_store_t*, const wasm_byte_vec_t* binary,
                                        wasm_message_t* error);

// Asks the engine to reclaim unreachable objects now (instances, memories). Deterministic
// callers use it at fixed points, e.g. between scenarios.
void wasmx_store_collect_garbage(wasm_store_t*);

// Bytes the engine's heap of this store holds for live objects (instances, wrappers,
// globals; not the memories' buffers): where the memory of many live processes goes.
uint64_t wasmx_store_heap_used(wasm_store_t*);

// A counter that changes whenever wasm code of this store may have run since it was last
// read: bumped when wasm calls a host function, when wasm_func_call or wasm_instance_new
// returns, and when the host grows a memory. Lets the host cache what only wasm code changes
// (a global's value; wasm_memory_data and wasm_memory_data_size use it for the buffer).
uint64_t wasmx_store_wasm_epoch(const wasm_store_t*);

// The instance's export at `index` (the order of wasm_module_exports), or NULL when out
// of range. Unlike wasm_instance_exports it wraps only what the caller asks for.
wasm_extern_t* wasmx_instance_export(const wasm_instance_t*, size_t index);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // LH_ENGINE_WASM_EXT_H
