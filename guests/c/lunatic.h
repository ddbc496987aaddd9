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
LUNATIC_IMPORT("lunatic::process", config_can_compile_modules)
int32_t lunatic_config_can_compile_modules(uint64_t id);
LUNATIC_IMPORT("lunatic::process", config_set_can_compile_modules)
void lunatic_config_set_can_compile_modules(uint64_t id, uint32_t can);
LUNATIC_IMPORT("lunatic::process", config_can_create_configs)
int32_t lunatic_config_can_create_configs(uint64_t id);
LUNATIC_IMPORT("lunatic::process", config_set_can_create_configs)
void lunatic_config_set_can_create_configs(uint64_t id, uint32_t can);
LUNATIC_IMPORT("lunatic::process", config_can_spawn_processes)
int32_t lunatic_config_can_spawn_processes(uint64_t id);
LUNATIC_IMPORT("lunatic::process", config_set_can_spawn_processes)
void lunatic_config_set_can_spawn_processes(uint64_t id, uint32_t can);
LUNATIC_IMPORT("lunatic::process", spawn)
int32_t lunatic_spawn(int64_t link, int64_t config_id, int64_t module_id, const char* func,
                      uint32_t func_len, const uint8_t* params, uint32_t params_len, uint64_t* id);
LUNATIC_IMPORT("lunatic::process", sleep_ms) void lunatic_sleep_ms(uint64_t ms);
LUNATIC_IMPORT("lunatic::process", die_when_link_dies)
void lunatic_die_when_link_dies(uint32_t trap);
LUNATIC_IMPORT("lunatic::process", link) void lunatic_link(int64_t tag, uint64_t id);
LUNATIC_IMPORT("lunatic::process", unlink) void lunatic_unlink(uint64_t id);
LUNATIC_IMPORT("lunatic::process", kill) void lunatic_kill(uint64_t id);
LUNATIC_IMPORT("lunatic::process", exists) int32_t lunatic_exists(uint64_t id);

/* lunatic::error */
LUNATIC_IMPORT("lunatic::error", string_size) uint32_t lunatic_error_string_size(uint64_t id);
LUNATIC_IMPORT("lunatic::error", to_string) void lunatic_error_to_string(uint64_t id, char* out);
LUNATIC_IMPORT("lunatic::error", drop) void lunatic_error_drop(uint64_t id);

/* lunatic::message */
LUNATIC_IMPORT("lunatic::message", create_data)
void lunatic_create_data(int64_t tag, uint64_t capacity);
LUNATIC_IMPORT("lunatic::message", write_data)
uint32_t lunatic_write_data(const void* data, uint32_t len);
LUNATIC_IMPORT("lunatic::message", read_data) uint32_t lunatic_read_data(void* data, uint32_t len);
LUNATIC_IMPORT("lunatic::message", seek_data) void lunatic_seek_data(uint64_t pos);
LUNATIC_IMPORT("lunatic::message", get_tag) int64_t lunatic_get_tag(void);
LUNATIC_IMPORT("lunatic::message", data_size) uint64_t lunatic_data_size(void);
LUNATIC_IMPORT("lunatic::message", push_module) uint64_t lunatic_push_module(uint64_t module_id);
LUNATIC_IMPORT("lunatic::message", take_module) uint64_t lunatic_take_module(uint64_t index);
LUNATIC_IMPORT("lunatic::message", send) uint32_t lunatic_send(uint64_t process_id);
LUNATIC_IMPORT("lunatic::message", receive)
uint32_t lunatic_receive(const int64_t* tags, uint32_t tags_len, uint64_t timeout_ms);
LUNATIC_IMPORT("lunatic::message", send_receive_skip_search)
uint32_t lunatic_send_receive_skip_search(uint64_t process_id, int64_t tag, uint64_t timeout_ms);

LUNATIC_IMPORT("lunatic::wasi", config_add_environment_variable)
void lunatic_config_add_environment_variable(uint64_t config_id, const char* key, uint32_t key_len,
                                             const char* value, uint32_t value_len);
LUNATIC_IMPORT("lunatic::wasi", config_add_command_line_argument)
void lunatic_config_add_command_line_argument(uint64_t config_id, const char* arg, uint32_t len);
LUNATIC_IMPORT("lunatic::wasi", config_preopen_dir)
void lunatic_config_preopen_dir(uint64_t config_id, const char* dir, uint32_t len);

#define LUNATIC_RECEIVED_DATA 0
#define LUNATIC_RECEIVED_LINK_DIED 1
#define LUNATIC_TIMEOUT 9027
#define LUNATIC_FOREVER UINT64_MAX

#endif
