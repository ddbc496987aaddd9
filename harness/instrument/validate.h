// The default guest validator used by the pipeline until the engine supplies V8's: our own
// decoder (module shape and every function body) and then wabt's validator with the
// feature set V8 10.2 ships. Never crashes on bad input; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace lh::instrument {

// nullopt when `wasm` is valid, else the first problem found.
[[nodiscard]] std::optional<std::string> default_validate(std::span<const uint8_t> wasm);

}  // namespace lh::instrument
