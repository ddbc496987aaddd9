# explore (pct, with injected timer delays) gives the same seeds, outcomes and trace hashes
# however it is split (a ctest helper, used with -P): --jobs 2 equals a serial run byte for byte, the merge of three
# shards equals the unsharded run, and a seed's trace hash equals that of `run --seed` in a
# fresh process (exploration reuses one V8 store across seeds; no guest can tell).
#   -DHARNESS=<lunatic-harness> -DSCENARIO=<file> -DGUESTS=<dir> -DWORK=<dir>
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(common explore "${SCENARIO}" --guests "${GUESTS}" --seeds 150 --from 40 --keep-going
    --strategy pct --depth 2 --faults timer_delay=0.2)
function(run_ok)
  execute_process(COMMAND "${HARNESS}" ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT code EQUAL 0 AND NOT code EQUAL 1)  # 1: a seed failed, which the run keeps going past
    message(FATAL_ERROR "${ARGN}\nexited ${code}:\n${out}${err}")
  endif()
endfunction()
run_ok(${common} --out "${WORK}/serial.jsonl")
run_ok(${common} --jobs 2 --out "${WORK}/jobs2.jsonl")
foreach(k 1 2 3)
  run_ok(${common} --shard ${k}/3 --jobs 2 --out "${WORK}/shard${k}.jsonl")
endforeach()
run_ok(merge "${WORK}/shard3.jsonl" "${WORK}/shard1.jsonl" "${WORK}/shard2.jsonl"
       --out "${WORK}/merged.jsonl")
file(READ "${WORK}/serial.jsonl" serial)
file(READ "${WORK}/jobs2.jsonl" jobs2)
file(READ "${WORK}/merged.jsonl" merged)
if(NOT serial STREQUAL jobs2)
  message(FATAL_ERROR "--jobs 2 differs from the serial run")
endif()
if(NOT serial STREQUAL merged)
  message(FATAL_ERROR "the merged shards differ from the unsharded run")
endif()
string(REGEX MATCHALL "\"seed\":[0-9]+" seeds "${serial}")
list(LENGTH seeds count)
if(NOT count EQUAL 150)
  message(FATAL_ERROR "expected 150 seeds, found ${count}")
endif()
if(NOT serial MATCHES "\"seed\":77,[^\n]*\"trace\":\"([0-9a-f]+)\"")
  message(FATAL_ERROR "seed 77 is missing")
endif()
set(explored "${CMAKE_MATCH_1}")
if(NOT serial MATCHES "\"pct_steps\":([0-9]+)")
  message(FATAL_ERROR "the header has no pct_steps")
endif()
run_ok(run --policy pct --depth 2 --pct-steps ${CMAKE_MATCH_1} --faults timer_delay=0.2 --seed 77
       --guests "${GUESTS}" "${SCENARIO}" --json-out "${WORK}/77.json")
file(READ "${WORK}/77.json" fresh)
if(NOT fresh MATCHES "\"trace_hash\": \"${explored}\"")
  message(FATAL_ERROR "seed 77's trace ${explored} differs from a fresh run's:\n${fresh}")
endif()
