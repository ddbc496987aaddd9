// Malformed scenario files: each kind gives an error naming the file, the JSON path and
// what was expected; nothing is silently ignored.
#include <gtest/gtest.h>

#include <string>

#include "harness/scenario/loader.h"

namespace lh::scenario {
namespace {

constexpr const char* kFile = "fixtures/demo/bad.json";

// The error for `text`, or "" when it loaded.
std::string error_of(const std::string& text) {
  auto loaded = parse_scenario(text, kFile, {LH_GUEST_DIR});
  if (auto* error = std::get_if<LoadError>(&loaded)) return error->message;
  return "";
}

// A minimal valid scenario with `extra` spliced into the top-level object.
std::string with(const std::string& extra) {
  return R"({"name": "demo", "guest": "ids")" + (extra.empty() ? "" : ", " + extra) + "}";
}

void expect_error(const std::string& text, const std::string& path, const std::string& what) {
  std::string error = error_of(text);
  EXPECT_NE(error.find(kFile), std::string::npos) << error;
  EXPECT_NE(error.find(path), std::string::npos) << "expected path " << path << " in: " << error;
  EXPECT_NE(error.find(what), std::string::npos) << "expected '" << what << "' in: " << error;
}

TEST(Loader, MinimalScenarioLoadsWithDocumentedDefaults) {
  auto loaded = parse_scenario(with(""), kFile, {LH_GUEST_DIR});
  ASSERT_TRUE(std::holds_alternative<Scenario>(loaded)) << std::get<LoadError>(loaded).message;
  const auto& s = std::get<Scenario>(loaded);
  EXPECT_EQ(s.entry, "_start");
  EXPECT_EQ(s.environment_id, 1u);
  EXPECT_EQ(s.config.max_memory, 4294967295u);
  EXPECT_EQ(s.config.max_fuel, 0u);
  EXPECT_TRUE(s.config.can_spawn_processes && s.config.can_compile_modules &&
              s.config.can_create_configs);
  EXPECT_EQ(s.policy, sim::Policy::Fifo);
  EXPECT_EQ(s.seed, 0u);
}

TEST(Loader, SyntaxErrorNamesLineAndColumn) {
  std::string error = error_of("{\n  \"name\": \"x\",\n  oops\n}");
  EXPECT_NE(error.find(std::string(kFile) + ":3:"), std::string::npos) << error;
  EXPECT_NE(error.find("invalid JSON"), std::string::npos) << error;
}

TEST(Loader, TopLevelMustBeAnObject) {
  expect_error("[1, 2]", "$", "expected an object, found an array");
}

TEST(Loader, MisspelledTopLevelKeyIsRejected) {
  expect_error(with(R"("expcet": {})"), "$.expcet", "unknown key");
}

TEST(Loader, NameIsRequired) { expect_error(R"({"guest": "ids"})", "$.name", "required"); }

TEST(Loader, NameWithSpacesIsRejected) {
  expect_error(R"({"name": "two words", "guest": "ids"})", "$.name", "without spaces");
}

TEST(Loader, GuestIsRequiredAndMustExist) {
  expect_error(R"({"name": "x"})", "$.guest", "required");
  expect_error(R"({"name": "x", "guest": "no-such-guest"})", "$.guest", "not found");
}

TEST(Loader, EntryOfTheWrongTypeIsRejected) {
  expect_error(with(R"("entry": 5)"), "$.entry", "expected a string, found an integer");
}

TEST(Loader, UnknownParamTypeIsRejected) {
  expect_error(with(R"("params": [{"type": "i16", "value": 1}])"), "$.params[0].type",
               "expected i32, i64 or v128");
}

TEST(Loader, I64ValuesMustBeStringsToStayExact) {
  expect_error(with(R"("params": [{"type": "i64", "value": 5}])"), "$.params[0].value",
               "i64 values are strings");
}

TEST(Loader, I32OutOfRangeIsRejected) {
  expect_error(with(R"("params": [{"type": "i32", "value": 4294967296}])"), "$.params[0].value",
               "expected an i32");
}

TEST(Loader, V128MustBeAnIntegerString) {
  expect_error(with(R"("params": [{"type": "v128", "value": "0xZZ"}])"), "$.params[0].value",
               "is not an integer");
  expect_error(
      with(R"("params": [{"type": "v128", "value": "0x1000000000000000000000000000000000"}])"),
      "$.params[0].value", "does not fit in 128 bits");
}

TEST(Loader, ParamsDecodeExactly) {
  auto loaded = parse_scenario(
      with(
          R"("params": [{"type": "i32", "value": -1}, {"type": "i64", "value": "-9223372036854775808"},
                         {"type": "v128", "value": "0xfffffffffffffffe0000000000000001"}])"),
      kFile, {LH_GUEST_DIR});
  ASSERT_TRUE(std::holds_alternative<Scenario>(loaded)) << std::get<LoadError>(loaded).message;
  const auto& p = std::get<Scenario>(loaded).params;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].low, 0xffffffffu);
  EXPECT_EQ(p[1].low, 0x8000000000000000u);
  EXPECT_EQ(p[2].high, 0xfffffffffffffffeu);
  EXPECT_EQ(p[2].low, 1u);
}

TEST(Loader, NegativeMaxMemoryIsRejected) {
  expect_error(with(R"("config": {"max_memory": -1})"), "$.config.max_memory",
               "expected a number from 0");
}

TEST(Loader, UnknownConfigKeyIsRejected) {
  expect_error(with(R"("config": {"can_spawn": true})"), "$.config.can_spawn", "unknown key");
}

TEST(Loader, PermissionMustBeABoolean) {
  expect_error(with(R"("config": {"can_spawn_processes": 1})"), "$.config.can_spawn_processes",
               "expected true or false");
}

TEST(Loader, UnknownPolicyIsRejected) {
  expect_error(with(R"("schedule": {"policy": "lifo"})"), "$.schedule.policy",
               "expected fifo, random or pct");
}

TEST(Loader, PctScheduleReadsItsDepthAndSteps) {
  auto loaded = parse_scenario(with(R"("schedule": {"policy": "pct", "depth": 2, "steps": 40})"),
                               kFile, {LH_GUEST_DIR});
  ASSERT_TRUE(std::holds_alternative<Scenario>(loaded)) << std::get<LoadError>(loaded).message;
  const auto& s = std::get<Scenario>(loaded);
  EXPECT_EQ(s.policy, sim::Policy::Pct);
  EXPECT_EQ(s.pct.depth, 2u);
  EXPECT_EQ(s.pct.steps, 40u);
}

TEST(Loader, FaultRatesReadAsPartsPerMillion) {
  auto loaded =
      parse_scenario(with(R"("faults": {"kill": 0.25, "timer_delay": 1, "max_delay_ms": 7})"),
                     kFile, {LH_GUEST_DIR});
  ASSERT_TRUE(std::holds_alternative<Scenario>(loaded)) << std::get<LoadError>(loaded).message;
  const auto& s = std::get<Scenario>(loaded);
  EXPECT_EQ(s.faults.of(sim::FaultKind::Kill), 250'000u);
  EXPECT_EQ(s.faults.of(sim::FaultKind::TimerDelay), 1'000'000u);
  EXPECT_EQ(s.faults.max_delay_ms, 7u);
}

TEST(Loader, BadFaultRatesNameTheirPath) {
  expect_error(with(R"("faults": {"kill": 1.5})"), "$.faults.kill", "expected a rate from 0 to 1");
  expect_error(with(R"("faults": {"meteor": 0.5})"), "$.faults.meteor", "unknown fault");
  expect_error(with(R"("faults": {"kill": "often"})"), "$.faults.kill", "expected a number");
  expect_error(with(R"("faults": [1])"), "$.faults", "expected an object of fault rates");
}

TEST(Loader, PctDepthZeroIsRejected) {
  expect_error(with(R"("schedule": {"policy": "pct", "depth": 0})"), "$.schedule.depth",
               "expected a number from 1");
}

TEST(Loader, ZeroStepLimitIsRejected) {
  expect_error(with(R"("limits": {"steps": 0})"), "$.limits.steps", "expected a number from 1");
}

TEST(Loader, ProcessKeysMustBeIds) {
  expect_error(with(R"("expect": {"processes": {"first": {}}})"), "$.expect.processes.first",
               "expected a process id");
}

TEST(Loader, UnknownEndStateIsRejected) {
  expect_error(with(R"("expect": {"processes": {"1": {"end": "dead"}}})"),
               "$.expect.processes.1.end", "expected normal, failure or waiting");
}

TEST(Loader, TrapImpliesFailure) {
  expect_error(with(R"("expect": {"processes": {"1": {"end": "normal", "trap": "x"}}})"),
               "$.expect.processes.1.trap", "implies end \"failure\"");
}

TEST(Loader, UnknownTraceEventIsRejected) {
  expect_error(with(R"("expect": {"trace": {"contains": [{"event": "spwan"}]}})"),
               "$.expect.trace.contains[0].event", "unknown event \"spwan\"");
}

TEST(Loader, UnknownInjectionIsRejected) {
  expect_error(with(R"("inject": [{"action": "explode", "at_ms": 1, "process": 1}])"),
               "$.inject[0].action", "expected kill, send, link or unlink");
}

TEST(Loader, InjectionNeedsItsFields) {
  expect_error(with(R"("inject": [{"action": "link", "at_ms": 1, "process": 1}])"),
               "$.inject[0].other", "required");
  expect_error(with(R"("inject": [{"action": "kill", "at_ms": 1, "process": 1, "tag": 3}])"),
               "$.inject[0].tag", "unknown key");
}

TEST(Loader, InvertedEndTimeBoundsAreRejected) {
  expect_error(with(R"("expect": {"end_time_ms": {"min": 5, "max": 1}})"), "$.expect.end_time_ms",
               "min is larger than max");
}

TEST(Loader, MissingFileIsAnError) {
  auto loaded = load_scenario("/nonexistent/scenario.json", {LH_GUEST_DIR});
  ASSERT_TRUE(std::holds_alternative<LoadError>(loaded));
  EXPECT_NE(std::get<LoadError>(loaded).message.find("cannot read"), std::string::npos);
}

TEST(Loader, StdinFilesAndPreopensLoadInSeedingOrder) {
  auto loaded = parse_scenario(with(R"("stdin": "in", "preopens": ["data"],
      "fs": {"files": {"data/b.txt": "B", "a.txt": "A"}, "directories": ["empty/dir"]})"),
                               kFile, {LH_GUEST_DIR});
  ASSERT_TRUE(std::holds_alternative<Scenario>(loaded)) << std::get<LoadError>(loaded).message;
  const auto& s = std::get<Scenario>(loaded);
  EXPECT_EQ(s.stdin_text, "in");
  EXPECT_EQ(s.preopens, std::vector<std::string>{"data"});
  ASSERT_EQ(s.fs.size(), 3u);
  EXPECT_EQ(s.fs[0].path, "empty/dir");
  EXPECT_EQ(s.fs[0].kind, FsItem::Kind::Directory);
  EXPECT_EQ(s.fs[1].path, "a.txt");
  EXPECT_EQ(s.fs[2].path, "data/b.txt");
  EXPECT_EQ(s.fs[2].data, "B");
  EXPECT_EQ(s.fs[2].json_path, "$.fs.files.data/b.txt");
}

TEST(Loader, FilePathsMustBeRelativePlainNames) {
  expect_error(with(R"("fs": {"files": {"../up": "x"}})"), "$.fs.files.../up",
               "not a relative path");
  expect_error(with(R"("fs": {"files": {"/abs": "x"}})"), "$.fs.files./abs", "not a relative path");
  expect_error(with(R"("fs": {"directories": ["a//b"]})"), "$.fs.directories[0]",
               "not a relative path");
}

TEST(Loader, FileSystemKeysAreChecked) {
  expect_error(with(R"("fs": {"file": {}})"), "$.fs.file", "unknown key");
  expect_error(with(R"("fs": {"files": {"a": 1}})"), "$.fs.files.a", "expected a string");
  expect_error(with(R"("stdin": 3)"), "$.stdin", "expected a string");
  expect_error(with(R"("preopens": [""])"), "$.preopens[0]", "expected a directory path");
  expect_error(with(R"("fs": {"copy": [{"to": "x"}]})"), "$.fs.copy[0].from", "required");
}

TEST(Loader, ACopiedHostDirectoryMustExist) {
  expect_error(with(R"("fs": {"copy": [{"from": "no-such-dir", "to": "x"}]})"), "$.fs.copy[0].from",
               "is not a directory");
}

}  // namespace
}  // namespace lh::scenario
