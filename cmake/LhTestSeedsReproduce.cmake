# `test --seeds` must find a failing schedule of a racing test, the command it prints must
# replay that failure, and two runs with the same inputs (whatever --test-threads says) must
# give the same output and trace and JUnit files byte for byte (a ctest helper, used with -P):
#   -DHARNESS=<lunatic-harness> -DSUITE=<test-suite .wasm> -DWORK=<scratch dir>
#   [-DEXTRA=<more test arguments, e.g. --policy;pct;--depth;2>]
set(race "suite::race_first_spawned_child_messages_first")
execute_process(COMMAND "${HARNESS}" test "${SUITE}" --exact "${race}" --seeds 50 ${EXTRA}
                RESULT_VARIABLE exit_code OUTPUT_VARIABLE out)
message("${out}")
if(NOT exit_code EQUAL 101)
  message(FATAL_ERROR "test --seeds should exit 101 after finding a failing seed, got ${exit_code}")
endif()
if(NOT out MATCHES "replay with:\n  lunatic-harness (test --policy [a-z]+ --seed [0-9]+ [^\n]*)")
  message(FATAL_ERROR "test --seeds did not print a replay command")
endif()
separate_arguments(args UNIX_COMMAND "${CMAKE_MATCH_1}")
execute_process(COMMAND "${HARNESS}" ${args} RESULT_VARIABLE again OUTPUT_VARIABLE out2)
message("${out2}")
if(NOT again EQUAL 101 OR NOT out2 MATCHES "B messaged first")
  message(FATAL_ERROR "the printed command did not replay the failure (exit ${again})")
endif()

file(MAKE_DIRECTORY "${WORK}")
foreach(run 1 2)
  execute_process(COMMAND "${HARNESS}" test "${SUITE}" --seeds 5 --seed 11 --test-threads ${run} ${EXTRA}
                          --trace-out "${WORK}/${run}.trace.json" --junit-out "${WORK}/${run}.xml"
                  RESULT_VARIABLE code_${run} OUTPUT_VARIABLE out_${run})
endforeach()
if(NOT code_1 STREQUAL code_2 OR NOT out_1 STREQUAL out_2)
  message(FATAL_ERROR "two runs with the same seeds printed different results:\n${out_1}\n---\n${out_2}")
endif()
foreach(ext trace.json xml)
  file(READ "${WORK}/1.${ext}" first)
  file(READ "${WORK}/2.${ext}" second)
  if(NOT first STREQUAL second)
    message(FATAL_ERROR "two runs with the same seeds wrote different ${ext} files")
  endif()
endforeach()
