# The installed package, checked from outside (a ctest helper, used with -P):
#   -DSTEP=install   -DBUILD_DIR=<this build> -DPREFIX=<dir> [-DCONFIG=<config>]
#       a fresh `cmake --install` of the build into PREFIX
#   -DSTEP=consumer  -DPREFIX=<dir> -DSOURCE=<examples/consumer> -DBINARY=<dir>
#                    -DGENERATOR=<name> -DCXX_COMPILER=<path> [-DLAUNCHER=<ccache>]
#                    [-DBUILD_TYPE=<type>] -DSCENARIO=<file> -DEXPECT=<regex>
#       configures and builds the consumer with find_package(lunatic_harness) against
#       PREFIX alone, runs it on SCENARIO with the installed guests and checks its output
function(lh_run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${what} failed (exit ${code}): ${ARGN}")
  endif()
  set(lh_last_output "${out}${err}" PARENT_SCOPE)
endfunction()

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE "${PREFIX}")
  set(config_args "")
  if(CONFIG)
    set(config_args --config "${CONFIG}")
  endif()
  lh_run("cmake --install" "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
         ${config_args})
elseif(STEP STREQUAL "consumer")
  file(REMOVE_RECURSE "${BINARY}")
  set(configure_args -S "${SOURCE}" -B "${BINARY}" -G "${GENERATOR}"
      "-DCMAKE_PREFIX_PATH=${PREFIX}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
  if(LAUNCHER)
    list(APPEND configure_args "-DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}")
  endif()
  if(BUILD_TYPE)
    list(APPEND configure_args "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")
  endif()
  lh_run("configuring the consumer" "${CMAKE_COMMAND}" ${configure_args})
  lh_run("building the consumer" "${CMAKE_COMMAND}" --build "${BINARY}")
  lh_run("running the consumer" "${BINARY}/lh_consumer" "${SCENARIO}"
         "${PREFIX}/share/lunatic-harness/guests")
  if(NOT lh_last_output MATCHES "${EXPECT}")
    message(FATAL_ERROR "the consumer's output does not match: ${EXPECT}")
  endif()
else()
  message(FATAL_ERROR "STEP must be install or consumer, not '${STEP}'")
endif()
