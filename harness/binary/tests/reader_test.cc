// LEB128 edge cases for Reader and Writer: limits, overlong and truncated encodings,
// sign handling, and that errors carry the absolute byte offset.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "harness/binary/reader.h"
#include "harness/binary/writer.h"

namespace lh::binary {
namespace {

using B = std::vector<uint8_t>;

TEST(Leb, Unsigned32AcceptsMaximumInFiveBytes) {
  B bytes = {0xff, 0xff, 0xff, 0xff, 0x0f};
  Reader r(bytes);
  EXPECT_EQ(r.varu32(), 0xffffffffu);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.at_end());
}

TEST(Leb, Unsigned32RejectsBitsBeyond32) {
  B bytes = {0xff, 0xff, 0xff, 0xff, 0x1f};
  Reader r(bytes);
  (void)r.varu32();
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("too large"), std::string::npos) << r.error();
}

TEST(Leb, Unsigned32RejectsSixthByte) {
  B bytes = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r(bytes);
  (void)r.varu32();
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("too long"), std::string::npos) << r.error();
}

TEST(Leb, PaddedZeroIsAccepted) {
  B bytes = {0x80, 0x80, 0x00};
  Reader r(bytes);
  EXPECT_EQ(r.varu32(), 0u);
  EXPECT_TRUE(r.ok());
}

TEST(Leb, TruncatedIntegerReportsEndOfData) {
  B bytes = {0x80, 0x80};
  Reader r(bytes, 100);
  (void)r.varu32();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "at byte 102: unexpected end of data");
  EXPECT_EQ(r.varu32(), 0u);  // later reads return zero
}

TEST(Leb, Signed32Extremes) {
  B bytes = {0x80, 0x80, 0x80, 0x80, 0x78, 0xff, 0xff, 0xff, 0xff, 0x07, 0x7f};
  Reader r(bytes);
  EXPECT_EQ(r.vars32(), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(r.vars32(), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(r.vars32(), -1);
  EXPECT_TRUE(r.ok());
}

TEST(Leb, Signed32RejectsInconsistentSignBits) {
  B bytes = {0x80, 0x80, 0x80, 0x80, 0x70};
  Reader r(bytes);
  (void)r.vars32();
  EXPECT_FALSE(r.ok());
}

TEST(Leb, Signed33CoversBlockTypesAndTypeIndices) {
  B bytes = {0x40, 0x7f, 0xff, 0xff, 0xff, 0xff, 0x0f};
  Reader r(bytes);
  EXPECT_EQ(r.vars33(), -64);
  EXPECT_EQ(r.vars33(), -1);
  EXPECT_EQ(r.vars33(), 0xffffffffll);
  EXPECT_TRUE(r.ok());
  B too_big = {0xff, 0xff, 0xff, 0xff, 0x1f};
  Reader r2(too_big);
  (void)r2.vars33();
  EXPECT_FALSE(r2.ok());
}

TEST(Leb, Signed64Extremes) {
  for (int64_t value :
       {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), int64_t{0},
        int64_t{-1}, int64_t{63}, int64_t{64}, int64_t{-64}, int64_t{-65}}) {
    B bytes;
    Writer(bytes).vars64(value);
    EXPECT_LE(bytes.size(), 10u);
    Reader r(bytes);
    EXPECT_EQ(r.vars64(), value);
    EXPECT_TRUE(r.ok() && r.at_end()) << value;
  }
}

TEST(Leb, WriterRoundTripsUnsignedBoundaries) {
  for (uint64_t value :
       {0ull, 127ull, 128ull, 16383ull, 16384ull, 0xffffffffull, 0x100000000ull, ~0ull}) {
    B bytes;
    Writer(bytes).varu64(value);
    EXPECT_EQ(bytes.size(), varu64_size(value));
    Reader r(bytes);
    EXPECT_EQ(r.varu64(), value);
    EXPECT_TRUE(r.ok() && r.at_end());
  }
}

TEST(Reader, TakeNeverRunsPastTheEnd) {
  B bytes = {1, 2, 3};
  Reader r(bytes);
  EXPECT_TRUE(r.take(4).empty());
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("runs past the end"), std::string::npos);
}

TEST(Reader, NameRejectsInvalidUtf8) {
  B bytes = {0x02, 0xc0, 0x80};  // overlong NUL
  Reader r(bytes);
  (void)r.name();
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(is_valid_utf8("h\xc3\xa9llo"));
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // surrogate
}

}  // namespace
}  // namespace lh::binary
