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
LUNATIC_IMPORT("lunatic::message", get_process_id) uint64_t lunatic_get_process_id(void);
LUNATIC_IMPORT("lunatic::message", push_tcp_stream)
uint64_t lunatic_push_tcp_stream(uint64_t stream_id);
LUNATIC_IMPORT("lunatic::message", take_tcp_stream)
uint64_t lunatic_take_tcp_stream(uint64_t index);
LUNATIC_IMPORT("lunatic::message", push_tls_stream)
uint64_t lunatic_push_tls_stream(uint64_t stream_id);
LUNATIC_IMPORT("lunatic::message", take_tls_stream)
uint64_t lunatic_take_tls_stream(uint64_t index);
LUNATIC_IMPORT("lunatic::message", push_udp_socket)
uint64_t lunatic_push_udp_socket(uint64_t socket_id);
LUNATIC_IMPORT("lunatic::message", take_udp_socket)
uint64_t lunatic_take_udp_socket(uint64_t index);

LUNATIC_IMPORT("lunatic::wasi", config_add_environment_variable)
void lunatic_config_add_environment_variable(uint64_t config_id, const char* key, uint32_t key_len,
                                             const char* value, uint32_t value_len);
LUNATIC_IMPORT("lunatic::wasi", config_add_command_line_argument)
void lunatic_config_add_command_line_argument(uint64_t config_id, const char* arg, uint32_t len);
LUNATIC_IMPORT("lunatic::wasi", config_preopen_dir)
void lunatic_config_preopen_dir(uint64_t config_id, const char* dir, uint32_t len);

#define LUNATIC_RECEIVED_DATA 0
#define LUNATIC_RECEIVED_LINK_DIED 1
#define LUNATIC_RECEIVED_PROCESS_DIED 2
#define LUNATIC_TIMEOUT 9027
#define LUNATIC_FOREVER UINT64_MAX

/* lunatic::process, lunatic v0.13.2 additions (imported by lunatic-rs 0.13.1) */
LUNATIC_IMPORT("lunatic::process", get_or_spawn)
uint32_t lunatic_get_or_spawn(const char* name, uint32_t name_len, int64_t link, int64_t config_id,
                              int64_t module_id, const char* func, uint32_t func_len,
                              const void* params, uint32_t params_len, uint64_t* node_id,
                              uint64_t* id);
LUNATIC_IMPORT("lunatic::process", monitor) void lunatic_monitor(uint64_t process_id);
LUNATIC_IMPORT("lunatic::process", stop_monitoring)
void lunatic_stop_monitoring(uint64_t process_id);

/* lunatic::registry */
LUNATIC_IMPORT("lunatic::registry", put)
void lunatic_registry_put(const char* name, uint32_t name_len, uint64_t node_id,
                          uint64_t process_id);
LUNATIC_IMPORT("lunatic::registry", get)
uint32_t lunatic_registry_get(const char* name, uint32_t name_len, uint64_t* node_id,
                              uint64_t* process_id);
LUNATIC_IMPORT("lunatic::registry", get_or_put_later)
uint32_t lunatic_registry_get_or_put_later(const char* name, uint32_t name_len, uint64_t* node_id,
                                           uint64_t* process_id);
LUNATIC_IMPORT("lunatic::registry", remove)
void lunatic_registry_remove(const char* name, uint32_t name_len);

/* lunatic::timer */
LUNATIC_IMPORT("lunatic::timer", send_after)
uint64_t lunatic_send_after(uint64_t process_id, uint64_t delay_ms);
LUNATIC_IMPORT("lunatic::timer", cancel_timer) uint32_t lunatic_cancel_timer(uint64_t timer_id);

/* lunatic::distributed (a single node) */
LUNATIC_IMPORT("lunatic::distributed", nodes_count) uint32_t lunatic_nodes_count(void);
LUNATIC_IMPORT("lunatic::distributed", get_nodes)
uint32_t lunatic_get_nodes(uint64_t* nodes, uint32_t nodes_len);
LUNATIC_IMPORT("lunatic::distributed", node_id) uint64_t lunatic_node_id(void);
LUNATIC_IMPORT("lunatic::distributed", module_id) uint64_t lunatic_module_id(void);
LUNATIC_IMPORT("lunatic::distributed", spawn)
uint32_t lunatic_distributed_spawn(uint64_t node_id, int64_t config_id, uint64_t module_id,
                                   const char* func, uint32_t func_len, const void* params,
                                   uint32_t params_len, uint64_t* id);
LUNATIC_IMPORT("lunatic::distributed", send)
uint32_t lunatic_distributed_send(uint64_t node_id, uint64_t process_id);
LUNATIC_IMPORT("lunatic::distributed", send_receive_skip_search)
uint32_t lunatic_distributed_send_receive_skip_search(uint64_t node_id, uint64_t process_id,
                                                      int64_t tag, uint64_t timeout_ms);
LUNATIC_IMPORT("lunatic::distributed", exec_lookup_nodes)
uint32_t lunatic_exec_lookup_nodes(const char* query, uint32_t query_len, uint64_t* query_id,
                                   uint64_t* nodes_len, uint64_t* error_id);
LUNATIC_IMPORT("lunatic::distributed", copy_lookup_nodes_results)
int32_t lunatic_copy_lookup_nodes_results(uint64_t query_id, uint64_t* nodes, uint32_t nodes_len,
                                          uint64_t* error_id);

/* lunatic::version */
LUNATIC_IMPORT("lunatic::version", major) uint32_t lunatic_version_major(void);
LUNATIC_IMPORT("lunatic::version", minor) uint32_t lunatic_version_minor(void);
LUNATIC_IMPORT("lunatic::version", patch) uint32_t lunatic_version_patch(void);

/* lunatic::metrics */
LUNATIC_IMPORT("lunatic::metrics", counter)
void lunatic_metrics_counter(const char* name, uint32_t name_len, uint64_t value);
LUNATIC_IMPORT("lunatic::metrics", increment_counter)
void lunatic_metrics_increment_counter(const char* name, uint32_t name_len);
LUNATIC_IMPORT("lunatic::metrics", gauge)
void lunatic_metrics_gauge(const char* name, uint32_t name_len, double value);
LUNATIC_IMPORT("lunatic::metrics", increment_gauge)
void lunatic_metrics_increment_gauge(const char* name, uint32_t name_len, double value);
LUNATIC_IMPORT("lunatic::metrics", decrement_gauge)
void lunatic_metrics_decrement_gauge(const char* name, uint32_t name_len, double value);
LUNATIC_IMPORT("lunatic::metrics", histogram)
void lunatic_metrics_histogram(const char* name, uint32_t name_len, double value);

/* lunatic::trap: calls the module's export _lunatic_catch_trap(function, pointer); its result,
   or 0 when that call traps (spec/lunatic-trap.md). */
LUNATIC_IMPORT("lunatic::trap", catch)
int32_t lunatic_trap_catch(int32_t function, int32_t pointer);

#endif
