# explore must find a failing seed of a known order-dependent scenario, and the command it
# prints must reproduce the failure (a ctest helper, used with -P):
#   -DHARNESS=<lunatic-harness> -DSCENARIO=<file> -DGUESTS=<dir> [-DEXPLORE_ARGS=<list>]
#   [-DSEEDS=<n>]
if(NOT SEEDS)
  set(SEEDS 200)
endif()
execute_process(COMMAND "${HARNESS}" explore "${SCENARIO}" --guests "${GUESTS}" --seeds ${SEEDS}
                        ${EXPLORE_ARGS}
                RESULT_VARIABLE exit_code OUTPUT_VARIABLE out)
message("${out}")
if(NOT exit_code EQUAL 1)
  message(FATAL_ERROR "explore should exit 1 after finding a failing seed, got ${exit_code}")
endif()
if(NOT out MATCHES "reproduce with:\n  lunatic-harness (run --policy [^\n]* --seed ([0-9]+) [^\n]*)")
  message(FATAL_ERROR "explore did not print a reproducing command")
endif()
separate_arguments(args UNIX_COMMAND "${CMAKE_MATCH_1}")
execute_process(COMMAND "${HARNESS}" ${args} RESULT_VARIABLE again OUTPUT_VARIABLE out2)
message("${out2}")
if(NOT again EQUAL 1 OR NOT out2 MATCHES "FAIL ")
  message(FATAL_ERROR "the printed command did not reproduce the failure (exit ${again})")
endif()
