# V8 as the imported target lh::v8, from the unpacked libnode108 at V8_ROOT. Only
# harness/engine links it; nothing else may include a V8 header (a test checks this).
set(lh_v8_header "${V8_ROOT}/include/v8-version.h")
if(NOT EXISTS "${lh_v8_header}")
  message(FATAL_ERROR "V8 not found at V8_ROOT=${V8_ROOT}: run scripts/setup first "
                      "(or pass -DV8_ROOT=<prefix with include/ and lib/libnode.so>)")
endif()
file(STRINGS "${lh_v8_header}" lh_v8_major REGEX "define V8_MAJOR_VERSION")
string(REGEX MATCH "VERSION +([0-9]+)" lh_v8_match "${lh_v8_major}")
set(lh_v8_major "${CMAKE_MATCH_1}")
if(NOT lh_v8_major STREQUAL "10")
  message(FATAL_ERROR "V8 headers at ${V8_ROOT} are V8 ${lh_v8_major}; libnode108 is V8 10.2. "
                      "Never mix one V8's headers with another's library.")
endif()
add_library(lh::v8 SHARED IMPORTED)
set_target_properties(lh::v8 PROPERTIES
  IMPORTED_LOCATION "${V8_ROOT}/lib/libnode.so.108"
  IMPORTED_SONAME "libnode.so.108"
  INTERFACE_INCLUDE_DIRECTORIES "${V8_ROOT}/include")
# libnode108 was built without pointer compression or a sandbox: the headers need no defines.
# Executables that link it get ${V8_ROOT}/lib in their build-tree RUNPATH from CMake (an
# imported shared library linked by full path); the installed ones get theirs per target.
