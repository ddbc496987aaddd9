# Runs a Rust crate's `cargo test` for wasm32-wasi with lunatic-harness as cargo's runner, as
# a Lunatic user would (CARGO_TARGET_WASM32_WASI_RUNNER="lunatic-harness test"), and checks
# cargo's exit code and libtest's summary line (a ctest helper, used with -P):
#   -DHARNESS=<binary> -DCRATE=<dir> -DWORK=<dir for cargo's home and target>
#   -DTEST_ARGS=<;-list after --> -DEXPECT_EXIT=<0, or 101 when a test fails> -DEXPECT_REGEX=<;-list>
# Prints "SKIPPED: ..." (the test's SKIP_REGULAR_EXPRESSION) without Debian's cargo, rustc or
# wasm32-wasi standard library.
set(cargo /usr/bin/cargo)
set(rustc /usr/bin/rustc)
if(NOT EXISTS "${cargo}" OR NOT EXISTS "${rustc}" OR NOT IS_DIRECTORY /usr/lib/rustlib/wasm32-wasi)
  message("SKIPPED: /usr/bin/cargo, /usr/bin/rustc or the wasm32-wasi standard library is "
          "missing (scripts/setup installs them)")
  return()
endif()
# cargo exits 101 when a test fails (libtest's code, passed through), 0 when all pass.
set(COMMAND "${CMAKE_COMMAND}" -E env "RUSTC=${rustc}" "CARGO_HOME=${WORK}/cargo-home"
            "CARGO_TARGET_DIR=${WORK}/target" "CARGO_TARGET_WASM32_WASI_RUNNER=${HARNESS} test"
            "${cargo}" test --offline --target wasm32-wasi --manifest-path "${CRATE}/Cargo.toml"
            -- ${TEST_ARGS})
include("${CMAKE_CURRENT_LIST_DIR}/LhExpectCommand.cmake")
