#include "harness/engine/tests/engine_fixture.h"

namespace lh::engine::testing {
namespace {

class Hello : public EngineTest {};

TEST_F(Hello, ExportCallsImportedHostFunction) {
  auto module = compile(R"((module
    (import "env" "hello" (func $hello))
    (func (export "run") (call $hello)))
  )");
  ASSERT_TRUE(module);
  int calls = 0;
  auto hello = host_func({}, {}, [&](const wasm_val_vec_t*, wasm_val_vec_t*) {
    ++calls;
    return nullptr;
  });
  auto instance = instantiate(module.get(), {wasm_func_as_extern(hello.get())});
  ASSERT_TRUE(instance);
  auto* run = wasm_extern_as_func(find_export(instance.get(), module.get(), "run"));
  ASSERT_TRUE(run);
  EXPECT_EQ(call(run, {}), "");
  EXPECT_EQ(call(run, {}), "");
  EXPECT_EQ(calls, 2);
}

TEST_F(Hello, EachInstanceOfOneModuleGetsItsOwnImports) {
  auto module = compile(R"((module
    (import "env" "hello" (func $hello))
    (import "other" "hello" (func $other))
    (func (export "run") (call $hello) (call $other)))
  )");
  ASSERT_TRUE(module);
  std::string seen;
  auto named = [&](char name) {
    return host_func({}, {}, [&seen, name](const wasm_val_vec_t*, wasm_val_vec_t*) {
      seen += name;
      return nullptr;
    });
  };
  auto a = named('a'), b = named('b'), c = named('c'), d = named('d');
  auto first =
      instantiate(module.get(), {wasm_func_as_extern(a.get()), wasm_func_as_extern(b.get())});
  auto second =
      instantiate(module.get(), {wasm_func_as_extern(c.get()), wasm_func_as_extern(d.get())});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(call(wasm_extern_as_func(find_export(second.get(), module.get(), "run")), {}), "");
  EXPECT_EQ(call(wasm_extern_as_func(find_export(first.get(), module.get(), "run")), {}), "");
  EXPECT_EQ(seen, "cdab");
}

TEST_F(Hello, MalformedBytesGiveCompileErrorWithReason) {
  const char garbage[] = "\0asm\x01\0\0\0\x01\xff";
  wasm_byte_vec_t binary{sizeof(garbage) - 1, const_cast<char*>(garbage)};
  wasm_message_t error{0, nullptr};
  ModulePtr module(wasmx_module_new_checked(store(), &binary, &error));
  EXPECT_FALSE(module);
  ASSERT_GT(error.size, 0u);
  EXPECT_NE(std::string(error.data).find("CompileError"), std::string::npos) << error.data;
  wasm_byte_vec_delete(&error);
  EXPECT_FALSE(wasm_module_validate(store(), &binary));
}

TEST_F(Hello, MissingImportIsALinkErrorNotACrash) {
  auto module = compile(R"((module (import "env" "f" (func))))");
  ASSERT_TRUE(module);
  std::string trap;
  auto instance = instantiate(module.get(), {}, &trap);
  EXPECT_FALSE(instance);
  EXPECT_NE(trap.find("LinkError"), std::string::npos) << trap;
}

}  // namespace
}  // namespace lh::engine::testing
