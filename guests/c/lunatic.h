/* The lunatic host functions as C declarations for guests built with clang-14
   --target=wasm32-wasi. Signatures are the wasm-level ones of lunatic-process-api 0.13. */
#ifndef LH_GUEST_LUNATIC_H
#define LH_GUEST_LUNATIC_H

#include <stdint.h>

#define LUNATIC_IMPORT(ns, name) __attribute__((import_module(ns), import_name(#name)))
#define LH_EXPORT(name) __attribute__((export_name(#name)))

/* lunatic::process */
LUNATIC_IMPORT("lunatic::process", process_id) uint64_t lunatic_process_id(void);
LUNATIC_IMPORT("lunatic::process", environment_id) uint64_t lunatic_environment_id(void);
LUNATIC_IMPORT("lunatic::process", compile_module)
int32_t lunatic_compile_module(const void* data, uint32_t len, uint64_t* id);
LUNATIC_IMPORT("lunatic::process", drop_module) void lunatic_drop_module(uint64_t id);
LUNATIC_IMPORT("lunatic::process", create_config) int64_t lunatic_create_config(void);
LUNATIC_IMPORT("lunatic::process", drop_config) void lunatic_drop_config(uint64_t id);
LUNATIC_IMPORT("lunatic::process", config_set_max_memory)
void lunatic_config_set_max_memory(uint64_t id, uint64_t bytes);
LUNATIC_IMPORT("lunatic::process", config_get_max_memory)
uint64_t lunatic_config_get_max_memory(uint64_t id);
LUNATIC_IMPORT("lunatic::process", config_set_max_fuel)
void lunatic_config_set_max_fuel(uint64_t id, uint64_t units);
LUNATIC_IMPORT("lunatic::process", config_get_max_fuel)
uint64_t lunatic_config_get_max_fuel(uint64_t id);
LUNATIC_IMPORT("lunatic::process", spawn)
int32_t lunatic_spawn(int64_t link, int64_t config_id, int64_t module_id, const char* func,
                      uint32_t func_len, const uint8_t* params, uint32_t params_len,
                      uint64_t* id);
LUNATIC_IMPORT("lunatic::process", sleep_ms) void lunatic_sleep_ms(uint64_t ms);
LUNATIC_IMPORT("lunatic::process", die_when_link_dies) void lunatic_die_when_link_dies(uint32_t trap);
LUNATIC_IMPORT("lunatic::process", link) void lunatic_link(int64_t tag, uint64_t id);
LUNATIC_IMPORT("lunatic::process", unlink) void lunatic_unlink(uint64_t id);
LUNATIC_IMPORT("lunatic::process", kill) void lunatic_kill(uint64_t id);
LUNATIC_IMPORT("lunatic::process", exists) int32_t lunatic_exists(uint64_t id);

#endif
