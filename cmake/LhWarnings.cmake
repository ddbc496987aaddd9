# Project-wide compile flags: warnings, -Werror under CI, the sanitizer preset.
# Designated initialisers name only the fields that differ from their default member
# initialisers; g++ 12's -Wextra would flag every one of them.
add_compile_options(-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
if(LH_WERROR)
  add_compile_options(-Werror)
endif()
if(LH_SANITIZE)
  # vptr checks need RTTI for V8's classes, which libnode108 is built without.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# lh_library(lh_LAYER SOURCES... DEPS... PRIVATE_DEPS...): one static library per harness
# layer, also known as lh::LAYER (its name in the installed package). DEPS are the layers
# and libraries its headers use, PRIVATE_DEPS those only its sources use; every layer may
# use lh_base. Headers are included by their path from the repository root.
function(lh_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  string(REGEX REPLACE "^lh_" "" export_name "${name}")
  set_target_properties(${name} PROPERTIES EXPORT_NAME ${export_name})
  add_library(lh::${export_name} ALIAS ${name})
  target_include_directories(${name} PUBLIC "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>"
                                            "$<INSTALL_INTERFACE:${LH_INSTALL_INCLUDEDIR}>")
  target_link_libraries(${name} PUBLIC lh_base ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# lh_test(NAME SOURCES... DEPS... LABELS...): a GoogleTest binary, each TEST its own ctest.
function(lh_test name)
  if(NOT LH_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    LH_GUEST_DIR="${LH_GUEST_DIR}" LH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_dependencies(${name} guests)
  if(NOT ARG_LABELS)
    set(ARG_LABELS fast)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
