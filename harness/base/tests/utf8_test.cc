#include "harness/base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace lh {
namespace {

using namespace std::string_literals;

TEST(Utf8, WellFormedTextOfEveryLengthIsValid) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("ascii"));
  EXPECT_TRUE(is_valid_utf8("\xc3\xa9"));          // é
  EXPECT_TRUE(is_valid_utf8("\xe2\x82\xac"));      // €
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));  // 😀
}

TEST(Utf8, StrayOverlongSurrogateAndCutShortSequencesAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // U+D800
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // cut short
  EXPECT_FALSE(is_valid_utf8("\xff"));
}

TEST(Utf8, PrefixNeverSplitsACharacter) {
  std::string text = std::string(4095, 'a') + "\xc3\xa9";
  EXPECT_EQ(utf8_prefix_length(text, 4096), 4095u);
  EXPECT_EQ(utf8_prefix_length(text, 4097), 4097u);
  EXPECT_EQ(utf8_prefix_length("\xf0\x9f\x98\x80", 3), 0u);
  EXPECT_EQ(utf8_prefix_length("ab\xf0\x9f\x98\x80", 5), 2u);
  EXPECT_EQ(utf8_prefix_length("abc", 2), 2u);
}

TEST(Utf8, PrefixOfInvalidBytesCutsAtTheLimit) {
  EXPECT_EQ(utf8_prefix_length("\x80\x80\x80\x80\x80", 3), 3u);
  EXPECT_EQ(utf8_prefix_length("a\xc3\xc3\xc3", 2), 2u);
}

TEST(Utf8, InvalidBytesBecomeOneReplacementCharacterEach) {
  EXPECT_EQ(to_valid_utf8("ok\xff\xfe!"), "ok\xef\xbf\xbd\xef\xbf\xbd!");
  EXPECT_EQ(to_valid_utf8("\xc3"), "\xef\xbf\xbd");
  EXPECT_EQ(to_valid_utf8("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(to_valid_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_TRUE(is_valid_utf8(to_valid_utf8("\x00\x80\xc0\xaf\xed\xa0\x80"s)));
}

}  // namespace
}  // namespace lh
