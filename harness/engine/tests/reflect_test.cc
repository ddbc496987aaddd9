#include "harness/engine/tests/engine_fixture.h"

namespace lh::engine::testing {
namespace {

class Reflect : public EngineTest {};

std::string name_of(const wasm_name_t* name) { return std::string(name->data, name->size); }

TEST_F(Reflect, ImportAndExportTypesAreReported) {
  auto module = compile(R"((module
    (import "lunatic::process" "spawn"
      (func (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
    (import "env" "g" (global i64))
    (import "env" "m" (memory 1 5))
    (import "env" "t" (table 2 funcref))
    (func (export "f") (param f32 f64) (result i64) (i64.const 0))
    (global (export "gg") (mut i32) (i32.const 0))
    (export "m2" (memory 0))
    (export "t2" (table 0)))
  )");
  ASSERT_TRUE(module);
  wasm_importtype_vec_t imports;
  wasm_module_imports(module.get(), &imports);
  ASSERT_EQ(imports.size, 4u);
  EXPECT_EQ(name_of(wasm_importtype_module(imports.data[0])), "lunatic::process");
  EXPECT_EQ(name_of(wasm_importtype_name(imports.data[0])), "spawn");
  auto* spawn = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  ASSERT_TRUE(spawn);
  ASSERT_EQ(wasm_functype_params(spawn)->size, 8u);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(spawn)->data[0]), WASM_I64);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(spawn)->data[7]), WASM_I32);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(spawn)->data[0]), WASM_I32);
  auto* g = wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  ASSERT_TRUE(g);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_I64);
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_CONST);
  auto* m = wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[2]));
  ASSERT_TRUE(m);
  EXPECT_EQ(wasm_memorytype_limits(m)->min, 1u);
  EXPECT_EQ(wasm_memorytype_limits(m)->max, 5u);
  auto* t = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[3]));
  ASSERT_TRUE(t);
  EXPECT_EQ(wasm_tabletype_limits(t)->min, 2u);
  EXPECT_EQ(wasm_tabletype_limits(t)->max, wasm_limits_max_default);
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module.get(), &exports);
  ASSERT_EQ(exports.size, 4u);
  EXPECT_EQ(name_of(wasm_exporttype_name(exports.data[0])), "f");
  auto* f = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
  ASSERT_TRUE(f);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(f)->data[1]), WASM_F64);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(f)->data[0]), WASM_I64);
  auto* gg = wasm_externtype_as_globaltype_const(wasm_exporttype_type(exports.data[1]));
  ASSERT_TRUE(gg);
  EXPECT_EQ(wasm_globaltype_mutability(gg), WASM_VAR);
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exports.data[2])), WASM_EXTERN_MEMORY);
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exports.data[3])), WASM_EXTERN_TABLE);
  wasm_exporttype_vec_delete(&exports);
}

TEST_F(Reflect, InstanceExportsMatchModuleExportOrderAndKinds) {
  auto module = compile(R"((module (memory (export "memory") 1) (func (export "a"))
                                   (global (export "b") i32 (i32.const 1))))");
  auto instance = instantiate(module.get(), {});
  ExternVec exports;
  wasm_instance_exports(instance.get(), exports.out());
  ASSERT_EQ(exports.size(), 3u);
  EXPECT_EQ(wasm_extern_kind(exports[0]), WASM_EXTERN_MEMORY);
  EXPECT_EQ(wasm_extern_kind(exports[1]), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_extern_kind(exports[2]), WASM_EXTERN_GLOBAL);
}

}  // namespace
}  // namespace lh::engine::testing
