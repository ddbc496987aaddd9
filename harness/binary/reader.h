// Bounds-checked cursor over wasm binary bytes: LEB128 and fixed-width reads that never
// read past the end. Every failure is recorded once (first error wins, with its offset)
// and later reads return zero, so decoders check ok() at natural boundaries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "harness/base/utf8.h"

namespace lh::binary {

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes, size_t base_offset = 0)
      : bytes_(bytes), base_(base_offset) {}

  [[nodiscard]] bool ok() const { return error_.empty(); }
  [[nodiscard]] bool at_end() const { return pos_ >= bytes_.size(); }
  [[nodiscard]] size_t offset() const { return base_ + pos_; }  // absolute, for messages
  [[nodiscard]] size_t position() const { return pos_; }
  [[nodiscard]] size_t remaining() const { return ok() ? bytes_.size() - pos_ : 0; }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::span<const uint8_t> bytes() const { return bytes_; }

  // Records `message` at the current offset unless an error is already recorded.
  void fail(std::string_view message);
  // Records `message` at byte `offset` ("at byte N: message") unless an error is recorded.
  void fail_at(size_t offset, std::string_view message);
  // Records `message` verbatim (it names its own offset) unless an error is recorded.
  void fail_verbatim(std::string message);

  uint8_t u8();
  uint32_t u32_fixed();  // little-endian, 4 bytes
  uint64_t u64_fixed();  // little-endian, 8 bytes
  uint32_t varu32();
  uint64_t varu64();
  int32_t vars32();
  int64_t vars64();
  // A signed 33-bit LEB128 (block types, heap types), sign-extended into 64 bits.
  int64_t vars33();
  // The next `size` bytes as a sub-span (empty on error); advances past them.
  std::span<const uint8_t> take(size_t size);
  // A length-prefixed UTF-8 name (validated).
  std::string name();

 private:
  uint64_t read_leb(unsigned max_bits, bool is_signed);

  std::span<const uint8_t> bytes_;
  size_t base_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace lh::binary
