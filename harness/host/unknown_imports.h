// What a world does with the imports a module names that the harness does not provide.
// Error (the default): the module cannot be instantiated, and compile_module returns a link
// error. Trap: each such function import is defined as a function trapping "unknown import
// `ns::name` called" when called, so everything that never calls it runs (wasmtime's
// define_unknown_imports_as_traps). Imports that are not functions are an error either way.
#pragma once

#include <optional>
#include <string_view>

namespace lh::host {

enum class UnknownImports { Error, Trap };

[[nodiscard]] constexpr std::string_view unknown_imports_name(UnknownImports value) {
  return value == UnknownImports::Trap ? "trap" : "error";
}
// "error" or "trap"; nullopt for anything else.
[[nodiscard]] constexpr std::optional<UnknownImports> unknown_imports_from_name(
    std::string_view name) {
  if (name == "error") return UnknownImports::Error;
  if (name == "trap") return UnknownImports::Trap;
  return std::nullopt;
}

}  // namespace lh::host
