# Runs a command and checks its exit code and output (a ctest helper, used with -P):
#   -DCOMMAND=<;-list> -DEXPECT_EXIT=<n> -DEXPECT_REGEX=<;-list of regexes, all must match>
#   -DREJECT_REGEX=<;-list, none may match>
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE exit_code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
message("${all}")
if(NOT exit_code STREQUAL EXPECT_EXIT)
  message(FATAL_ERROR "expected exit code ${EXPECT_EXIT}, got ${exit_code}")
endif()
foreach(regex IN LISTS EXPECT_REGEX)
  if(NOT all MATCHES "${regex}")
    message(FATAL_ERROR "output does not match: ${regex}")
  endif()
endforeach()
foreach(regex IN LISTS REJECT_REGEX)
  if(all MATCHES "${regex}")
    message(FATAL_ERROR "output must not match: ${regex}")
  endif()
endforeach()
