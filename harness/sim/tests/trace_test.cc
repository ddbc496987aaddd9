// Pure units of the trace: the canonical one-line JSON form (fixed key order, escaping),
// sequence numbers, event names, and the stability of the XXH3-64 hash.
#include <gtest/gtest.h>

#include "harness/sim/trace.h"

namespace lh::sim {
namespace {

TEST(Trace, CanonicalLineHasFixedKeysThenFieldsInEmissionOrder) {
  Trace trace;
  trace.record(5, EventKind::Spawn, 0,
               {{"id", uint64_t{2}}, {"module", std::string("m.wasm")}, {"link", int64_t{-7}}});
  EXPECT_EQ(trace.events()[0].canonical(),
            R"({"seq":1,"t":5,"ev":"spawn","pid":0,"id":2,"module":"m.wasm","link":-7})");
  EXPECT_EQ(trace.canonical(), trace.events()[0].canonical() + "\n");
}

TEST(Trace, SequenceNumbersStartAtOneAndIncrease) {
  Trace trace;
  trace.record(0, EventKind::Start, 1);
  trace.record(0, EventKind::Death, 1, {{"reason", std::string("normal")}});
  trace.record(9, EventKind::Start, 2);
  ASSERT_EQ(trace.events().size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(trace.events()[i].seq, i + 1);
}

TEST(Trace, StringsAreEscapedAndInvalidUtf8IsReplaced) {
  Trace trace;
  trace.record(1, EventKind::Stdout, 3, {{"text", std::string("a\"b\\c\n\x01\xff")}});
  EXPECT_EQ(trace.events()[0].canonical(),
            "{\"seq\":1,\"t\":1,\"ev\":\"stdout\",\"pid\":3,\"text\":"
            "\"a\\\"b\\\\c\\n\\u0001\xef\xbf\xbd\"}");
}

TEST(Trace, FieldLookupByName) {
  Trace trace;
  trace.record(0, EventKind::Kill, 1, {{"target", uint64_t{4}}});
  const FieldValue* value = trace.events()[0].field("target");
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(std::get<uint64_t>(*value), 4u);
  EXPECT_EQ(trace.events()[0].field("absent"), nullptr);
}

TEST(Trace, EveryEventKindHasANameThatMapsBack) {
  for (int k = 0; k < static_cast<int>(EventKind::kCount); ++k) {
    auto kind = static_cast<EventKind>(k);
    auto name = event_name(kind);
    EXPECT_NE(name, "unknown");
    EXPECT_EQ(event_from_name(name), kind) << name;
  }
  EXPECT_FALSE(event_from_name("no_such_event").has_value());
}

Trace sample() {
  Trace trace;
  trace.record(0, EventKind::Spawn, 0, {{"id", uint64_t{1}}, {"module", std::string("g")}});
  trace.record(0, EventKind::Start, 1, {{"entry", std::string("_start")}});
  trace.record(1200, EventKind::Stdout, 1, {{"text", std::string("hi\n")}});
  trace.record(1300, EventKind::Death, 1, {{"reason", std::string("normal")}});
  return trace;
}

TEST(Trace, HashIsAFunctionOfTheCanonicalText) {
  EXPECT_EQ(sample().hash(), sample().hash());
  Trace other = sample();
  other.record(1400, EventKind::Wake, 1);
  EXPECT_NE(other.hash(), sample().hash());
  Trace shifted;
  shifted.record(1, EventKind::Spawn, 0, {{"id", uint64_t{1}}, {"module", std::string("g")}});
  EXPECT_NE(shifted.hash(), Trace().hash());
}

// A fixed trace has a fixed hash: changing the canonical form or the hash function must
// show up here (and then in every recorded trace hash).
TEST(Trace, HashOfAFixedTraceIsStable) {
  EXPECT_EQ(sample().canonical(),
            "{\"seq\":1,\"t\":0,\"ev\":\"spawn\",\"pid\":0,\"id\":1,\"module\":\"g\"}\n"
            "{\"seq\":2,\"t\":0,\"ev\":\"start\",\"pid\":1,\"entry\":\"_start\"}\n"
            "{\"seq\":3,\"t\":1200,\"ev\":\"stdout\",\"pid\":1,\"text\":\"hi\\n\"}\n"
            "{\"seq\":4,\"t\":1300,\"ev\":\"death\",\"pid\":1,\"reason\":\"normal\"}\n");
  EXPECT_EQ(sample().hash(), 18365165145614472422ull);
  // XXH3-64 of no bytes, the published value.
  EXPECT_EQ(Trace().hash(), 0x2d06800538d394c2ull);
}

// A sink that keeps the lines it is shown.
class LineSink final : public TraceSink {
 public:
  void on_event(const TraceEvent& event, std::string_view line) override {
    lines.push_back(std::string(line));
    last_seq = event.seq;
  }
  std::vector<std::string> lines;
  uint64_t last_seq = 0;
};

TEST(Trace, AStreamingTraceKeepsNoEventsButHashesAndShowsThemAll) {
  Trace kept = sample();
  Trace streamed(TraceOptions{.keep_events = false});
  LineSink sink;
  streamed.add_sink(&sink);
  for (const auto& event : kept.events())
    streamed.record(event.time_ns, event.kind, event.pid, event.fields);
  EXPECT_TRUE(streamed.events().empty());
  EXPECT_EQ(streamed.size(), kept.size());
  EXPECT_EQ(streamed.hash(), kept.hash());
  ASSERT_EQ(sink.lines.size(), 4u);
  EXPECT_EQ(sink.lines[2], kept.events()[2].canonical());
  EXPECT_EQ(sink.last_seq, 4u);
}

TEST(Trace, InvalidUtf8InAFieldIsRecordedAsReplacementCharacters) {
  Trace trace;
  trace.record(0, EventKind::Stdout, 1, {{"text", std::string("a\xff")}});
  const FieldValue* text = trace.events()[0].field("text");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(std::get<std::string>(*text), "a\xef\xbf\xbd");
}

}  // namespace
}  // namespace lh::sim
