// lunatic::version returns 0.12.0; lunatic::metrics has no effect a guest can see, traps on
// a bad name, and records every call as a `metric` trace event.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Metrics = WorldTest;

TEST_F(Metrics, VersionIsTheReferenceCommitsAndNeedsNoMemory) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (call $version_major))
      (call $print32 (call $version_minor))
      (call $print32 (call $version_patch))))"));
  EXPECT_EQ(out(1), "0\n12\n0\n");
  SimRun no_memory;
  no_memory.run_wat(guest(R"(
    (func (export "_start")
      (drop (call $version_major))
      (drop (call $version_minor))
      (drop (call $version_patch))))",
                          "(memory 2)"));
  EXPECT_EQ(no_memory.end(1), End::Normal) << no_memory.trap(1);
}

TEST_F(Metrics, EveryCallIsATraceEventWithKindNameAndValue) {
  run_wat(guest(R"(
    (data (i32.const 1024) "requests")
    (data (i32.const 1040) "load")
    (func (export "_start")
      (call $metrics_counter (i32.const 1024) (i32.const 8) (i64.const 5))
      (call $metrics_increment_counter (i32.const 1024) (i32.const 8))
      (call $metrics_gauge (i32.const 1040) (i32.const 4) (f64.const 1.5))
      (call $metrics_increment_gauge (i32.const 1040) (i32.const 4) (f64.const 2))
      (call $metrics_decrement_gauge (i32.const 1040) (i32.const 4) (f64.const 0.25))
      (call $metrics_histogram (i32.const 1040) (i32.const 4) (f64.const -3e20))
      (call $print32 (call $version_minor))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "12\n");
  std::vector<std::string> seen;
  for (const auto* e : sim().events("metric", 1))
    seen.push_back(field(*e, "kind") + " " + field(*e, "name") + " " + field(*e, "value"));
  EXPECT_EQ(seen, (std::vector<std::string>{"counter requests 5", "increment_counter requests 1",
                                            "gauge load 1.5", "increment_gauge load 2",
                                            "decrement_gauge load 0.25", "histogram load -3e+20"}));
}

TEST_F(Metrics, ABadNameTrapsWithTheFunctionsInfo) {
  run_wat(guest(R"(
    (data (i32.const 1024) "\80")
    (func (export "_start")
      (call $metrics_gauge (i32.const 1024) (i32.const 1) (f64.const 1))))"));
  EXPECT_EQ(trap(1),
            "Trap raised during host call: invalid utf-8 sequence of 1 bytes from index 0 "
            "(lunatic::metrics::gauge).");
  SimRun out_of_bounds;
  out_of_bounds.run_wat(guest(R"(
    (func (export "_start")
      (call $metrics_increment_counter (i32.const 131000) (i32.const 100))))"));
  EXPECT_EQ(out_of_bounds.trap(1), trap_of(TrapId::MetricsIncrementCounterName));
  SimRun no_memory;
  no_memory.run_wat(guest(R"(
    (func (export "_start")
      (call $metrics_histogram (i32.const 0) (i32.const 0) (f64.const 1))))",
                          "(memory 2)"));
  EXPECT_EQ(no_memory.trap(1), trap_of(TrapId::NoMemoryExport));
}

}  // namespace
}  // namespace lh::host::testing
