#include "harness/binary/reader.h"

#include <fmt/format.h>

namespace lh::binary {

void Reader::fail(std::string_view message) {
  if (error_.empty()) error_ = fmt::format("at byte {}: {}", offset(), message);
  pos_ = bytes_.size();
}

void Reader::fail_at(size_t offset, std::string_view message) {
  if (error_.empty()) error_ = fmt::format("at byte {}: {}", offset, message);
  pos_ = bytes_.size();
}

void Reader::fail_verbatim(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  pos_ = bytes_.size();
}

uint8_t Reader::u8() {
  if (!ok()) return 0;
  if (pos_ >= bytes_.size()) {
    fail("unexpected end of data");
    return 0;
  }
  return bytes_[pos_++];
}

uint32_t Reader::u32_fixed() {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t{u8()} << (8 * i);
  return value;
}

uint64_t Reader::u64_fixed() {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value |= uint64_t{u8()} << (8 * i);
  return value;
}

uint64_t Reader::read_leb(unsigned max_bits, bool is_signed) {
  uint64_t result = 0;
  unsigned shift = 0;
  const unsigned max_bytes = (max_bits + 6) / 7;
  for (unsigned i = 0; i < max_bytes; ++i) {
    uint8_t byte = u8();
    if (!ok()) return 0;
    result |= uint64_t{byte & 0x7fu} << shift;
    shift += 7;
    if ((byte & 0x80) == 0) {
      if (i == max_bytes - 1) {
        // The last byte may only carry the bits that fit (sign bits must agree).
        unsigned used = max_bits - 7 * (max_bytes - 1);
        uint8_t extra = byte & 0x7f;
        uint8_t high = static_cast<uint8_t>(extra >> used);
        if (is_signed) {
          bool negative = (extra >> (used - 1)) & 1;
          uint8_t expect = negative ? static_cast<uint8_t>(0x7f >> used) : 0;
          if (high != expect) {
            fail("LEB128 integer too large");
            return 0;
          }
        } else if (high != 0) {
          fail("LEB128 integer too large");
          return 0;
        }
      }
      if (is_signed && shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
      return result;
    }
  }
  fail("LEB128 integer too long");
  return 0;
}

uint32_t Reader::varu32() { return static_cast<uint32_t>(read_leb(32, false)); }
uint64_t Reader::varu64() { return read_leb(64, false); }
int32_t Reader::vars32() { return static_cast<int32_t>(read_leb(32, true)); }
int64_t Reader::vars64() { return static_cast<int64_t>(read_leb(64, true)); }
int64_t Reader::vars33() { return static_cast<int64_t>(read_leb(33, true)); }

std::span<const uint8_t> Reader::take(size_t size) {
  if (!ok()) return {};
  if (size > bytes_.size() - pos_) {
    fail(fmt::format("length {} runs past the end of data", size));
    return {};
  }
  auto part = bytes_.subspan(pos_, size);
  pos_ += size;
  return part;
}

std::string Reader::name() {
  uint32_t length = varu32();
  auto raw = take(length);
  std::string text(raw.begin(), raw.end());
  if (ok() && !lh::is_valid_utf8(text)) fail("name is not valid UTF-8");
  return ok() ? text : std::string();
}

}  // namespace lh::binary
