#include "harness/scenario/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/sim/trace.h"

namespace lh::scenario {

namespace {

using json = nlohmann::json;

// Thrown inside the loader only; load_scenario turns it into a LoadError.
struct Invalid {
  std::string path;
  std::string what;
};

std::string child(const std::string& path, std::string_view key) {
  return path + "." + std::string(key);
}
std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::number_float: return "a fractional number";
    default: return "an integer";
  }
}

void expect_object(const json& j, const std::string& path,
                   std::initializer_list<std::string_view> allowed) {
  if (!j.is_object())
    throw Invalid{path, fmt::format("expected an object, found {}", type_name(j))};
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (auto name : allowed) known = known || key == name;
    if (!known) {
      std::string list;
      for (auto name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
      throw Invalid{child(path, key), fmt::format("unknown key (allowed here: {})", list)};
    }
  }
}

std::string get_string(const json& j, const std::string& path) {
  if (!j.is_string()) throw Invalid{path, fmt::format("expected a string, found {}", type_name(j))};
  return j.get<std::string>();
}

bool get_bool(const json& j, const std::string& path) {
  if (!j.is_boolean())
    throw Invalid{path, fmt::format("expected true or false, found {}", type_name(j))};
  return j.get<bool>();
}

uint64_t get_u64(const json& j, const std::string& path, uint64_t min = 0,
                 uint64_t max = std::numeric_limits<uint64_t>::max()) {
  if (!j.is_number_integer())
    throw Invalid{path, fmt::format("expected a whole number, found {}", type_name(j))};
  if (j.is_number_integer() && !j.is_number_unsigned() && j.get<int64_t>() < 0)
    throw Invalid{path,
                  fmt::format("expected a number from {} to {}, found {}", min, max, j.dump())};
  uint64_t value = j.get<uint64_t>();
  if (value < min || value > max)
    throw Invalid{path, fmt::format("expected a number from {} to {}, found {}", min, max, value)};
  return value;
}

// A 128-bit unsigned value from a decimal or 0x-hex string, or a JSON integer.
unsigned __int128 get_u128(const json& j, const std::string& path, bool allow_negative) {
  if (j.is_number_integer()) {
    if (j.is_number_unsigned()) return j.get<uint64_t>();
    int64_t v = j.get<int64_t>();
    if (v < 0 && !allow_negative) throw Invalid{path, "expected a non-negative value"};
    return static_cast<unsigned __int128>(static_cast<__int128>(v));
  }
  if (!j.is_string())
    throw Invalid{path,
                  fmt::format("expected an integer or an integer string, found {}", type_name(j))};
  std::string text = j.get<std::string>();
  bool negative = !text.empty() && text[0] == '-';
  if (negative && !allow_negative) throw Invalid{path, "expected a non-negative value"};
  std::string digits = negative ? text.substr(1) : text;
  unsigned base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits = digits.substr(2);
  }
  if (digits.empty()) throw Invalid{path, fmt::format("\"{}\" is not an integer", text)};
  unsigned __int128 value = 0;
  const unsigned __int128 max = ~static_cast<unsigned __int128>(0);
  for (char c : digits) {
    unsigned d;
    if (c >= '0' && c <= '9')
      d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = static_cast<unsigned>(c - 'A' + 10);
    else
      throw Invalid{path, fmt::format("\"{}\" is not an integer", text)};
    if (value > (max - d) / base)
      throw Invalid{path, fmt::format("\"{}\" does not fit in 128 bits", text)};
    value = value * base + d;
  }
  // Negated in the unsigned domain (two's complement), never as a signed overflow (review R9).
  return negative ? ~value + 1 : value;
}

sim::EntryParam parse_param(const json& j, const std::string& path) {
  expect_object(j, path, {"type", "value"});
  if (!j.contains("type")) throw Invalid{child(path, "type"), "required (i32, i64 or v128)"};
  if (!j.contains("value")) throw Invalid{child(path, "value"), "required"};
  std::string type = get_string(j["type"], child(path, "type"));
  auto value_path = child(path, "value");
  sim::EntryParam param;
  if (type == "i32") {
    param.type = binary::ValType::I32;
    if (!j["value"].is_number_integer())
      throw Invalid{value_path,
                    fmt::format("expected an integer, found {}", type_name(j["value"]))};
    int64_t v =
        j["value"].is_number_unsigned()
            ? static_cast<int64_t>(std::min<uint64_t>(j["value"].get<uint64_t>(), 1ull << 40))
            : j["value"].get<int64_t>();
    if (v < INT32_MIN || v > int64_t{UINT32_MAX})
      throw Invalid{value_path, "expected an i32 (from -2147483648 to 4294967295)"};
    param.low = static_cast<uint32_t>(v);
  } else if (type == "i64") {
    param.type = binary::ValType::I64;
    if (j["value"].is_number_integer())
      throw Invalid{value_path, "i64 values are strings, so that they stay exact"};
    auto v = get_u128(j["value"], value_path, true);
    auto as_signed = static_cast<__int128>(v);
    if (as_signed < INT64_MIN || (as_signed > 0 && v > UINT64_MAX))
      throw Invalid{value_path, "expected an i64 (from -2^63 to 2^64-1)"};
    param.low = static_cast<uint64_t>(v);
  } else if (type == "v128") {
    param.type = binary::ValType::V128;
    if (j["value"].is_number_integer())
      throw Invalid{value_path, "v128 values are strings, so that they stay exact"};
    auto v = get_u128(j["value"], value_path, false);
    param.low = static_cast<uint64_t>(v);
    param.high = static_cast<uint64_t>(v >> 64);
  } else {
    throw Invalid{child(path, "type"),
                  fmt::format("expected i32, i64 or v128, found \"{}\"", type)};
  }
  return param;
}

EventPattern parse_pattern(const json& j, const std::string& path) {
  if (!j.is_object())
    throw Invalid{path, fmt::format("expected an object, found {}", type_name(j))};
  if (!j.contains("event")) throw Invalid{child(path, "event"), "required (an event name)"};
  EventPattern pattern;
  pattern.json_path = path;
  pattern.event = get_string(j["event"], child(path, "event"));
  if (!sim::event_from_name(pattern.event))
    throw Invalid{child(path, "event"),
                  fmt::format("unknown event \"{}\" (see spec/trace-events.md)", pattern.event)};
  for (const auto& [key, value] : j.items()) {
    if (key == "event") continue;
    if (value.is_object() || value.is_array() || value.is_null())
      throw Invalid{child(path, key), "expected a number, string or boolean"};
    pattern.fields[key] = value.dump();
  }
  return pattern;
}

int64_t get_i64(const json& j, const std::string& path) {
  if (!j.is_number_integer())
    throw Invalid{path, fmt::format("expected a whole number, found {}", type_name(j))};
  if (j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    throw Invalid{path, "expected a number from -2^63 to 2^63-1"};
  return j.get<int64_t>();
}

Injection parse_injection(const json& j, const std::string& path) {
  if (!j.is_object())
    throw Invalid{path, fmt::format("expected an object, found {}", type_name(j))};
  if (!j.contains("action"))
    throw Invalid{child(path, "action"), "required (kill, send, link or unlink)"};
  Injection injection;
  injection.json_path = path;
  auto action = get_string(j["action"], child(path, "action"));
  if (action == "kill") {
    injection.action = Injection::Action::Kill;
    expect_object(j, path, {"action", "at_ms", "process"});
  } else if (action == "send") {
    injection.action = Injection::Action::Send;
    expect_object(j, path, {"action", "at_ms", "process", "tag", "data"});
  } else if (action == "link") {
    injection.action = Injection::Action::Link;
    expect_object(j, path, {"action", "at_ms", "process", "other", "tag"});
  } else if (action == "unlink") {
    injection.action = Injection::Action::Unlink;
    expect_object(j, path, {"action", "at_ms", "process", "other"});
  } else {
    throw Invalid{child(path, "action"),
                  fmt::format("expected kill, send, link or unlink, found \"{}\"", action)};
  }
  if (!j.contains("at_ms")) throw Invalid{child(path, "at_ms"), "required (virtual time in ms)"};
  injection.at_ms = get_u64(j["at_ms"], child(path, "at_ms"), 0, 1'000'000'000'000ull);
  if (!j.contains("process")) throw Invalid{child(path, "process"), "required (a process id)"};
  injection.process = get_u64(j["process"], child(path, "process"), 1);
  bool needs_other =
      injection.action == Injection::Action::Link || injection.action == Injection::Action::Unlink;
  if (needs_other && !j.contains("other"))
    throw Invalid{child(path, "other"), "required (a process id)"};
  if (j.contains("other")) injection.other = get_u64(j["other"], child(path, "other"), 1);
  if (j.contains("tag")) injection.tag = get_i64(j["tag"], child(path, "tag"));
  if (j.contains("data")) injection.data = get_string(j["data"], child(path, "data"));
  return injection;
}

ProcessExpectation parse_process_expectation(const json& j, const std::string& path) {
  expect_object(j, path, {"end", "trap", "stdout", "stderr"});
  ProcessExpectation e;
  if (j.contains("end")) {
    auto end = get_string(j["end"], child(path, "end"));
    if (end == "normal")
      e.end = EndState::Normal;
    else if (end == "failure")
      e.end = EndState::Failure;
    else if (end == "waiting")
      e.end = EndState::Waiting;
    else
      throw Invalid{child(path, "end"),
                    fmt::format("expected normal, failure or waiting, found \"{}\"", end)};
  }
  if (j.contains("trap")) e.trap = get_string(j["trap"], child(path, "trap"));
  if (j.contains("stdout")) e.stdout_text = get_string(j["stdout"], child(path, "stdout"));
  if (j.contains("stderr")) e.stderr_text = get_string(j["stderr"], child(path, "stderr"));
  if (e.trap && e.end && *e.end != EndState::Failure)
    throw Invalid{child(path, "trap"), "a trap implies end \"failure\""};
  return e;
}

Expectations parse_expect(const json& j, const std::string& path) {
  expect_object(j, path, {"processes", "spawned", "trace", "end_time_ms", "verdict"});
  Expectations e;
  if (j.contains("verdict")) {
    auto vp = child(path, "verdict");
    std::string verdict = get_string(j["verdict"], vp);
    if (!sim::run_verdict_from_name(verdict))
      throw Invalid{vp,
                    fmt::format("expected {}, found \"{}\"", sim::run_verdict_names(), verdict)};
    e.verdict = verdict;
  }
  if (j.contains("processes")) {
    auto p = child(path, "processes");
    if (!j["processes"].is_object()) throw Invalid{p, "expected an object keyed by process id"};
    for (const auto& [key, value] : j["processes"].items()) {
      auto kp = child(p, key);
      uint64_t id = 0;
      bool digits = !key.empty() && key.size() < 20 &&
                    key.find_first_not_of("0123456789") == std::string::npos;
      if (digits) id = std::stoull(key);
      if (!digits || id == 0) throw Invalid{kp, "expected a process id (a whole number from 1)"};
      e.processes[id] = parse_process_expectation(value, kp);
    }
  }
  if (j.contains("spawned")) e.spawned = get_u64(j["spawned"], child(path, "spawned"), 1);
  if (j.contains("trace")) {
    auto tp = child(path, "trace");
    expect_object(j["trace"], tp, {"contains", "absent"});
    for (auto key : {"contains", "absent"}) {
      if (!j["trace"].contains(key)) continue;
      auto lp = child(tp, key);
      if (!j["trace"][key].is_array()) throw Invalid{lp, "expected an array of event patterns"};
      auto& list = std::string_view(key) == "contains" ? e.trace_contains : e.trace_absent;
      for (size_t i = 0; i < j["trace"][key].size(); ++i)
        list.push_back(parse_pattern(j["trace"][key][i], index_path(lp, i)));
    }
  }
  if (j.contains("end_time_ms")) {
    auto tp = child(path, "end_time_ms");
    expect_object(j["end_time_ms"], tp, {"min", "max"});
    if (j["end_time_ms"].contains("min"))
      e.min_end_time_ms = get_u64(j["end_time_ms"]["min"], child(tp, "min"));
    if (j["end_time_ms"].contains("max"))
      e.max_end_time_ms = get_u64(j["end_time_ms"]["max"], child(tp, "max"));
    if (e.min_end_time_ms && e.max_end_time_ms && *e.min_end_time_ms > *e.max_end_time_ms)
      throw Invalid{tp, "min is larger than max"};
  }
  return e;
}

std::string resolve_guest(const std::string& guest, const std::string& file,
                          const LoadOptions& options, const std::string& path) {
  namespace fs = std::filesystem;
  if (guest.empty()) throw Invalid{path, "expected a guest name or .wasm path, found \"\""};
  fs::path resolved;
  bool is_path = guest.find('/') != std::string::npos ||
                 (guest.size() > 5 && guest.compare(guest.size() - 5, 5, ".wasm") == 0);
  if (is_path)
    resolved = fs::path(file).parent_path() / guest;
  else
    resolved = fs::path(options.guest_dir) / (guest + ".wasm");
  std::error_code ec;
  if (!fs::is_regular_file(resolved, ec))
    throw Invalid{path,
                  fmt::format("guest \"{}\" not found (looked for {})", guest, resolved.string())};
  return resolved.lexically_normal().string();
}

// The scenario's file-system inputs together (stdin, inline files, copied host files) stay
// under this many bytes, so that a scenario cannot exhaust the harness's memory.
constexpr uint64_t kMaxSeedBytes = uint64_t{64} << 20;

// A path of the in-memory file system: relative, `/`-separated, no empty, `.` or `..`
// component (so every item lands where it says, inside the root).
std::string fs_path(const std::string& text, const std::string& path) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('/', start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string::npos)
      throw Invalid{path, fmt::format("\"{}\" is not a relative path of plain names (no empty, "
                                      "`.` or `..` component, no leading or trailing `/`)",
                                      text)};
    out += (out.empty() ? "" : "/") + part;
    start = end + 1;
  }
  return out;
}

// Copies the host directory `from` (relative to the scenario file) to `to` in the world's
// file system: directories, regular files and symlinks (as symlinks: never followed on the
// host, so nothing outside `from` is read), in byte order of their paths.
void copy_host_directory(const std::string& from, const std::string& to, const std::string& file,
                         const std::string& path, uint64_t* budget, std::vector<FsItem>* out) {
  namespace stdfs = std::filesystem;
  stdfs::path base = stdfs::path(file).parent_path() / from;
  std::error_code ec;
  if (!stdfs::is_directory(stdfs::symlink_status(base, ec)))
    throw Invalid{path, fmt::format("{} is not a directory", base.string())};
  out->push_back({FsItem::Kind::Directory, to, "", path});
  std::vector<stdfs::path> entries;
  for (auto it = stdfs::recursive_directory_iterator(base, ec);
       !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec))
    entries.push_back(it->path());
  if (ec) throw Invalid{path, fmt::format("cannot list {}: {}", base.string(), ec.message())};
  std::sort(entries.begin(), entries.end());
  for (const auto& entry : entries) {
    std::string name = to + "/" + entry.lexically_relative(base).generic_string();
    auto status = stdfs::symlink_status(entry, ec);
    if (stdfs::is_symlink(status)) {
      out->push_back({FsItem::Kind::Symlink, name, stdfs::read_symlink(entry, ec).string(), path});
    } else if (stdfs::is_directory(status)) {
      out->push_back({FsItem::Kind::Directory, name, "", path});
    } else if (stdfs::is_regular_file(status)) {
      uint64_t size = stdfs::file_size(entry, ec);
      if (ec || size > *budget)
        throw Invalid{path, fmt::format("{}: the scenario's files exceed {} bytes in all",
                                        entry.string(), kMaxSeedBytes)};
      std::ifstream in(entry, std::ios::binary);
      std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in && !in.eof()) throw Invalid{path, fmt::format("cannot read {}", entry.string())};
      *budget -= std::min<uint64_t>(*budget, data.size());
      out->push_back({FsItem::Kind::File, name, std::move(data), path});
    } else {
      throw Invalid{path,
                    fmt::format("{} is neither a file, a directory nor a symlink", entry.string())};
    }
  }
}

// "fs": {"directories": [...], "copy": [{"from", "to"}], "files": {path: contents}}, seeded
// in that order.
std::vector<FsItem> parse_fs(const json& j, const std::string& path, const std::string& file) {
  expect_object(j, path, {"directories", "copy", "files"});
  std::vector<FsItem> items;
  uint64_t budget = kMaxSeedBytes;
  if (j.contains("directories")) {
    auto p = child(path, "directories");
    if (!j["directories"].is_array()) throw Invalid{p, "expected an array of directory paths"};
    for (size_t i = 0; i < j["directories"].size(); ++i)
      items.push_back({FsItem::Kind::Directory,
                       fs_path(get_string(j["directories"][i], index_path(p, i)), index_path(p, i)),
                       "", index_path(p, i)});
  }
  if (j.contains("copy")) {
    auto p = child(path, "copy");
    if (!j["copy"].is_array()) throw Invalid{p, "expected an array of {from, to}"};
    for (size_t i = 0; i < j["copy"].size(); ++i) {
      auto ip = index_path(p, i);
      const json& c = j["copy"][i];
      expect_object(c, ip, {"from", "to"});
      if (!c.contains("from")) throw Invalid{child(ip, "from"), "required"};
      if (!c.contains("to")) throw Invalid{child(ip, "to"), "required"};
      std::string from = get_string(c["from"], child(ip, "from"));
      std::string to = fs_path(get_string(c["to"], child(ip, "to")), child(ip, "to"));
      copy_host_directory(from, to, file, child(ip, "from"), &budget, &items);
    }
  }
  if (j.contains("files")) {
    auto p = child(path, "files");
    if (!j["files"].is_object()) throw Invalid{p, "expected an object of path: contents"};
    for (const auto& [name, value] : j["files"].items()) {
      std::string data = get_string(value, child(p, name));
      if (data.size() > budget)
        throw Invalid{child(p, name),
                      fmt::format("the scenario's files exceed {} bytes in all", kMaxSeedBytes)};
      budget -= data.size();
      items.push_back(
          {FsItem::Kind::File, fs_path(name, child(p, name)), std::move(data), child(p, name)});
    }
  }
  return items;
}

Scenario parse(const json& root, const std::string& file, const LoadOptions& options) {
  const std::string r = "$";
  expect_object(root, r,
                {"$schema",
                 "name",
                 "description",
                 "covers",
                 "labels",
                 "guest",
                 "entry",
                 "initialize",
                 "params",
                 "args",
                 "env",
                 "stdin",
                 "fs",
                 "preopens",
                 "environment",
                 "config",
                 "schedule",
                 "limits",
                 "root_exit_ends_world",
                 "faults",
                 "inject",
                 "expect",
                 "unknown_imports"});
  Scenario s;
  s.file = file;
  if (!root.contains("name")) throw Invalid{child(r, "name"), "required"};
  s.name = get_string(root["name"], child(r, "name"));
  if (s.name.empty() || s.name.find_first_of(" \t\n/") != std::string::npos)
    throw Invalid{child(r, "name"), "expected a non-empty name without spaces or slashes"};
  if (root.contains("description"))
    s.description = get_string(root["description"], child(r, "description"));
  if (root.contains("covers")) {
    if (!root["covers"].is_array())
      throw Invalid{child(r, "covers"), "expected an array of outcome ids"};
    for (size_t i = 0; i < root["covers"].size(); ++i)
      s.covers.push_back(get_string(root["covers"][i], index_path(child(r, "covers"), i)));
  }
  if (!root.contains("guest")) throw Invalid{child(r, "guest"), "required"};
  s.guest =
      resolve_guest(get_string(root["guest"], child(r, "guest")), file, options, child(r, "guest"));
  if (root.contains("entry")) s.entry = get_string(root["entry"], child(r, "entry"));
  if (root.contains("initialize"))
    s.initialize = get_bool(root["initialize"], child(r, "initialize"));
  if (root.contains("root_exit_ends_world"))
    s.root_exit_ends_world =
        get_bool(root["root_exit_ends_world"], child(r, "root_exit_ends_world"));
  if (root.contains("faults")) {
    auto p = child(r, "faults");
    if (!root["faults"].is_object())
      throw Invalid{p, "expected an object of fault rates, e.g. {\"kill\": 0.01}"};
    for (const auto& [name, value] : root["faults"].items()) {
      if (!value.is_number())
        throw Invalid{child(p, name), fmt::format("expected a number, found {}", type_name(value))};
      auto parsed = sim::parse_faults(name + "=" + value.dump());
      if (!parsed.rates) throw Invalid{child(p, name), parsed.error};
      auto kind = sim::fault_from_name(name);
      if (kind)
        s.faults.of(*kind) = parsed.rates->of(*kind);
      else
        s.faults.max_delay_ms = parsed.rates->max_delay_ms;
    }
  }
  if (root.contains("params")) {
    auto p = child(r, "params");
    if (!root["params"].is_array()) throw Invalid{p, "expected an array of {type, value}"};
    for (size_t i = 0; i < root["params"].size(); ++i)
      s.params.push_back(parse_param(root["params"][i], index_path(p, i)));
  }
  if (root.contains("args")) {
    auto p = child(r, "args");
    if (!root["args"].is_array()) throw Invalid{p, "expected an array of strings"};
    for (size_t i = 0; i < root["args"].size(); ++i)
      s.args.push_back(get_string(root["args"][i], index_path(p, i)));
  }
  if (root.contains("env")) {
    auto p = child(r, "env");
    if (!root["env"].is_object()) throw Invalid{p, "expected an object of strings"};
    for (const auto& [key, value] : root["env"].items())
      s.env[key] = get_string(value, child(p, key));
  }
  if (root.contains("stdin")) {
    s.stdin_text = get_string(root["stdin"], child(r, "stdin"));
    if (s.stdin_text.size() > kMaxSeedBytes)
      throw Invalid{child(r, "stdin"), fmt::format("larger than {} bytes", kMaxSeedBytes)};
  }
  if (root.contains("fs")) s.fs = parse_fs(root["fs"], child(r, "fs"), file);
  if (root.contains("preopens")) {
    auto p = child(r, "preopens");
    if (!root["preopens"].is_array()) throw Invalid{p, "expected an array of directory paths"};
    for (size_t i = 0; i < root["preopens"].size(); ++i) {
      auto dir = get_string(root["preopens"][i], index_path(p, i));
      if (dir.empty()) throw Invalid{index_path(p, i), "expected a directory path, found \"\""};
      s.preopens.push_back(std::move(dir));
    }
  }
  if (root.contains("environment")) {
    auto p = child(r, "environment");
    expect_object(root["environment"], p, {"id", "max_processes"});
    if (root["environment"].contains("id"))
      s.environment_id = get_u64(root["environment"]["id"], child(p, "id"));
    if (root["environment"].contains("max_processes"))
      s.max_processes = get_u64(root["environment"]["max_processes"], child(p, "max_processes"), 1);
  }
  if (root.contains("config")) {
    auto p = child(r, "config");
    const auto& c = root["config"];
    expect_object(c, p,
                  {"max_memory", "max_fuel", "can_compile_modules", "can_create_configs",
                   "can_spawn_processes"});
    if (c.contains("max_memory"))
      s.config.max_memory = get_u64(c["max_memory"], child(p, "max_memory"));
    if (c.contains("max_fuel")) s.config.max_fuel = get_u64(c["max_fuel"], child(p, "max_fuel"));
    if (c.contains("can_compile_modules"))
      s.config.can_compile_modules =
          get_bool(c["can_compile_modules"], child(p, "can_compile_modules"));
    if (c.contains("can_create_configs"))
      s.config.can_create_configs =
          get_bool(c["can_create_configs"], child(p, "can_create_configs"));
    if (c.contains("can_spawn_processes"))
      s.config.can_spawn_processes =
          get_bool(c["can_spawn_processes"], child(p, "can_spawn_processes"));
  }
  if (root.contains("unknown_imports")) {
    auto p = child(r, "unknown_imports");
    std::string value = get_string(root["unknown_imports"], p);
    auto parsed = host::unknown_imports_from_name(value);
    if (!parsed) throw Invalid{p, fmt::format("expected error or trap, found \"{}\"", value)};
    s.unknown_imports = *parsed;
  }
  if (root.contains("schedule")) {
    auto p = child(r, "schedule");
    expect_object(root["schedule"], p, {"policy", "seed", "depth", "steps"});
    const json& schedule = root["schedule"];
    if (schedule.contains("policy")) {
      auto policy = get_string(schedule["policy"], child(p, "policy"));
      auto parsed = sim::policy_from_name(policy);
      if (!parsed)
        throw Invalid{child(p, "policy"),
                      fmt::format("expected {}, found \"{}\"", sim::kPolicyNames, policy)};
      s.policy = *parsed;
    }
    if (schedule.contains("depth"))
      s.pct.depth = static_cast<uint32_t>(get_u64(schedule["depth"], child(p, "depth"), 1, 64));
    if (schedule.contains("steps")) s.pct.steps = get_u64(schedule["steps"], child(p, "steps"), 1);
    if (schedule.contains("seed")) s.seed = get_u64(schedule["seed"], child(p, "seed"));
  }
  if (root.contains("limits")) {
    auto p = child(r, "limits");
    expect_object(root["limits"], p, {"steps", "virtual_time_ms"});
    if (root["limits"].contains("steps"))
      s.max_steps = get_u64(root["limits"]["steps"], child(p, "steps"), 1);
    if (root["limits"].contains("virtual_time_ms"))
      s.max_virtual_time_ms = get_u64(root["limits"]["virtual_time_ms"],
                                      child(p, "virtual_time_ms"), 1, 1'000'000'000'000ull);
  }
  if (root.contains("labels")) {
    auto p = child(r, "labels");
    if (!root["labels"].is_array()) throw Invalid{p, "expected an array of label strings"};
    for (size_t i = 0; i < root["labels"].size(); ++i) {
      auto label = get_string(root["labels"][i], index_path(p, i));
      if (label.empty() || label.find_first_of(" ;") != std::string::npos)
        throw Invalid{index_path(p, i), "expected a label without spaces or semicolons"};
      s.labels.push_back(label);
    }
  }
  if (root.contains("inject")) {
    auto p = child(r, "inject");
    if (!root["inject"].is_array()) throw Invalid{p, "expected an array of actions"};
    for (size_t i = 0; i < root["inject"].size(); ++i)
      s.inject.push_back(parse_injection(root["inject"][i], index_path(p, i)));
  }
  if (root.contains("expect")) s.expect = parse_expect(root["expect"], child(r, "expect"));
  return s;
}

}  // namespace

std::variant<Scenario, LoadError> parse_scenario(const std::string& text, const std::string& path,
                                                 const LoadOptions& options) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n')
        ++line, column = 1;
      else
        ++column;
    }
    return LoadError{fmt::format("{}:{}:{}: invalid JSON: {}", path, line, column, e.what())};
  }
  try {
    return parse(root, path, options);
  } catch (const Invalid& invalid) {
    return LoadError{fmt::format("{}: {}: {}", path, invalid.path, invalid.what)};
  }
}

std::variant<Scenario, LoadError> load_scenario(const std::string& path,
                                                const LoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return LoadError{fmt::format("{}: cannot read the file", path)};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_scenario(buffer.str(), path, options);
}

}  // namespace lh::scenario
