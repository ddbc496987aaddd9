# Fails unless every file in FILES (a ;-list) is valid JSON (a ctest helper, used with -P).
foreach(file IN LISTS FILES)
  file(READ "${file}" content)
  string(JSON type ERROR_VARIABLE error TYPE "${content}")
  if(error)
    message(FATAL_ERROR "${file} is not valid JSON: ${error}")
  endif()
endforeach()
