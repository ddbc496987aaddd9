# Guest wasm fixtures, built from source into ${LH_GUEST_DIR}:
#   lh_wat_guest(NAME)  guests/wat/NAME.wat through wat2wasm
#   lh_c_guest(NAME)    guests/c/NAME.c through clang-14 --target=wasm32-wasi (reactor)
find_program(LH_WAT2WASM wat2wasm REQUIRED)
find_program(LH_WASM_CLANG NAMES clang-14 clang REQUIRED)
set(LH_GUEST_OUTPUTS "" CACHE INTERNAL "" FORCE)

function(lh_wat_guest name)
  set(src "${CMAKE_CURRENT_SOURCE_DIR}/wat/${name}.wat")
  set(out "${LH_GUEST_DIR}/${name}.wasm")
  add_custom_command(OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${LH_GUEST_DIR}"
    COMMAND "${LH_WAT2WASM}" --enable-all "${src}" -o "${out}"
    DEPENDS "${src}" COMMENT "wat2wasm ${name}.wat" VERBATIM)
  set(LH_GUEST_OUTPUTS ${LH_GUEST_OUTPUTS} "${out}" CACHE INTERNAL "")
endfunction()

function(lh_c_guest name)
  cmake_parse_arguments(ARG "" "" "FLAGS" ${ARGN})
  set(src "${CMAKE_CURRENT_SOURCE_DIR}/c/${name}.c")
  set(out "${LH_GUEST_DIR}/${name}.wasm")
  add_custom_command(OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${LH_GUEST_DIR}"
    COMMAND "${LH_WASM_CLANG}" --target=wasm32-wasi -mexec-model=reactor -O2 -Werror=implicit-function-declaration
            -I "${CMAKE_CURRENT_SOURCE_DIR}/c" ${ARG_FLAGS} "${src}" -o "${out}"
    DEPENDS "${src}" "${CMAKE_CURRENT_SOURCE_DIR}/c/lunatic.h"
    COMMENT "clang wasm32-wasi ${name}.c" VERBATIM)
  set(LH_GUEST_OUTPUTS ${LH_GUEST_OUTPUTS} "${out}" CACHE INTERNAL "")
endfunction()

# lh_rust_guest(NAME): guests/rust/NAME/ (a Cargo crate without dependencies) built with
# Debian's cargo and rustc for wasm32-wasi, offline, into ${LH_GUEST_DIR}/NAME.wasm. Cargo's
# home and target directory stay inside the build tree.
function(lh_rust_guest name)
  set(crate "${CMAKE_CURRENT_SOURCE_DIR}/rust/${name}")
  set(target_dir "${CMAKE_CURRENT_BINARY_DIR}/rust-target")
  set(out "${LH_GUEST_DIR}/${name}.wasm")
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${crate}/src/*.rs" "${crate}/build.rs")
  add_custom_command(OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${LH_GUEST_DIR}"
    COMMAND "${CMAKE_COMMAND}" -E env "RUSTC=${LH_RUSTC}"
            "CARGO_HOME=${CMAKE_CURRENT_BINARY_DIR}/cargo-home" "CARGO_TARGET_DIR=${target_dir}"
            "${LH_CARGO}" build --offline --release --quiet --target wasm32-wasi
            --manifest-path "${crate}/Cargo.toml"
    COMMAND "${CMAKE_COMMAND}" -E copy "${target_dir}/wasm32-wasi/release/${name}.wasm" "${out}"
    DEPENDS "${crate}/Cargo.toml" ${sources}
    COMMENT "cargo wasm32-wasi ${name}" VERBATIM)
  set(LH_GUEST_OUTPUTS ${LH_GUEST_OUTPUTS} "${out}" CACHE INTERNAL "")
endfunction()
