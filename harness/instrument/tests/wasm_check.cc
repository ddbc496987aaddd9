#include "harness/instrument/tests/wasm_check.h"

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/instrument/names.h"

namespace lh::instrument::testing {

using namespace lh::binary;

std::string render_body(std::span<const uint8_t> wasm, uint32_t func_index, uint32_t fuel_global) {
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) return "decode error: " + decoded.error;
  uint32_t local = func_index - decoded.info->imported_count(ExternKind::Func);
  const CodeBody& located = decoded.info->code.at(local);
  auto body = decode_function_body(wasm.subspan(located.offset, located.size), located.offset);
  if (!body.ok()) return "body error: " + body.error;
  const auto& in = body.body.instrs;
  std::string out;
  auto is = [&](size_t i, Op op) { return i < in.size() && in[i].op == op; };
  for (size_t i = 0; i < in.size(); ++i) {
    std::string token = op_info(in[i].op).text;
    if (is(i, Op::GlobalGet) && in[i].index == fuel_global && is(i + 1, Op::I64Const) &&
        is(i + 2, Op::I64Sub) && is(i + 3, Op::GlobalSet) && in[i + 3].index == fuel_global) {
      token = "charge(" + std::to_string(static_cast<int64_t>(in[i + 1].value)) + ")";
      i += 3;
    } else if (is(i, Op::GlobalGet) && in[i].index == fuel_global && is(i + 1, Op::I64Const) &&
               in[i + 1].value == 0 && is(i + 2, Op::I64LtS) && is(i + 3, Op::If) &&
               is(i + 4, Op::Call) && is(i + 5, Op::End)) {
      token = "check";
      i += 5;
    }
    out += (out.empty() ? "" : " ") + token;
  }
  return out;
}

}  // namespace lh::instrument::testing
