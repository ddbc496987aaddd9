# lh_fuzz_entry(FUZZER REPLAY SOURCE LINK CORPUS TEST COVER...): one libFuzzer entry
# (LLVMFuzzerTestOneInput in SOURCE, linked with LINK). Its corpus (CORPUS) is replayed
# through the same entry by REPLAY in every build with tests, as the fast ctest TEST; with
# LH_FUZZ=ON under clang, FUZZER is the real libFuzzer binary, and the COVER targets (the
# layers the entry drives) get coverage and sanitizers, which whatever links them inherits.
set(lh_fuzz_flags -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                  -fno-sanitize-recover=undefined)
function(lh_fuzz_entry)
  cmake_parse_arguments(ARG "" "FUZZER;REPLAY;SOURCE;LINK;CORPUS;TEST" "COVER" ${ARGN})
  if(LH_BUILD_TESTS)
    add_executable(${ARG_REPLAY} ${ARG_SOURCE} "${PROJECT_SOURCE_DIR}/harness/testing/fuzz_replay_main.cc")
    target_link_libraries(${ARG_REPLAY} PRIVATE ${ARG_LINK})
    add_test(NAME ${ARG_TEST} COMMAND ${ARG_REPLAY} "${ARG_CORPUS}")
    set_tests_properties(${ARG_TEST} PROPERTIES LABELS fast)
  endif()
  if(LH_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      message(FATAL_ERROR "LH_FUZZ=ON needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
    endif()
    foreach(target ${ARG_COVER})
      target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link ${lh_fuzz_flags})
      target_link_options(${target} INTERFACE -fsanitize=address,undefined)
    endforeach()
    add_executable(${ARG_FUZZER} ${ARG_SOURCE})
    target_compile_options(${ARG_FUZZER} PRIVATE -fsanitize=fuzzer ${lh_fuzz_flags})
    target_link_options(${ARG_FUZZER} PRIVATE -fsanitize=fuzzer ${lh_fuzz_flags})
    target_link_libraries(${ARG_FUZZER} PRIVATE ${ARG_LINK})
  endif()
endfunction()
