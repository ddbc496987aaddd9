// UTF-8 checks and the one way the harness turns arbitrary bytes into text. A guest may
// write any bytes; everything the harness records or prints (trace fields, results, reports,
// console lines) goes through to_valid_utf8, so every output is valid UTF-8 (hence valid
// JSON and XML once escaped) and the same bytes always read the same everywhere.
// Header-only; deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lh {

// The length (1-4) of the well-formed UTF-8 sequence starting at text[at], or 0 when the
// bytes there are not one (a stray continuation byte, an overlong form, a surrogate, a code
// point above U+10FFFF, or a sequence cut short by the end of `text`).
[[nodiscard]] inline size_t utf8_sequence_length(std::string_view text, size_t at) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  uint8_t lead = byte(at);
  if (lead < 0x80) return 1;
  size_t extra;
  uint32_t code_point;
  if ((lead & 0xe0) == 0xc0) {
    extra = 1, code_point = lead & 0x1f;
  } else if ((lead & 0xf0) == 0xe0) {
    extra = 2, code_point = lead & 0x0f;
  } else if ((lead & 0xf8) == 0xf0) {
    extra = 3, code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (at + extra >= text.size()) return 0;
  for (size_t k = 1; k <= extra; ++k) {
    if ((byte(at + k) & 0xc0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(at + k) & 0x3f);
  }
  static constexpr uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[extra] || code_point > 0x10ffff ||
      (code_point >= 0xd800 && code_point <= 0xdfff))
    return 0;
  return extra + 1;
}

[[nodiscard]] inline bool is_valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t length = utf8_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// The longest prefix of `text` of at most `max_bytes` that does not end inside a
// well-formed multi-byte sequence (so truncating there never splits a character).
[[nodiscard]] inline size_t utf8_prefix_length(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  auto continuation = [&](size_t i) { return (static_cast<uint8_t>(text[i]) & 0xc0) == 0x80; };
  // The start of the sequence that text[max_bytes] belongs to (at most 3 bytes back).
  size_t start = max_bytes;
  for (int back = 0; back < 3 && start > 0 && continuation(start); ++back) --start;
  if (start < max_bytes) {
    size_t length = utf8_sequence_length(text, start);
    if (length != 0 && start + length > max_bytes) return start;
  }
  return max_bytes;
}

// `text` with every byte that does not start a well-formed sequence replaced by U+FFFD
// (one replacement per such byte). Valid input comes back unchanged.
[[nodiscard]] inline std::string to_valid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size();) {
    size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xef\xbf\xbd";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

// Rust's `std::str::from_utf8` error text for `text` ("invalid utf-8 sequence of N bytes
// from index I", "incomplete utf-8 byte sequence from index I"), nullopt when it is valid.
// The reference runtime puts this text in its traps (core::str::Utf8Error's Display).
[[nodiscard]] inline std::optional<std::string> rust_utf8_error(std::string_view text) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint8_t first = byte(i);
    if (first < 0x80) {
      ++i;
      continue;
    }
    size_t width = first >= 0xc2 && first <= 0xdf   ? 2
                   : first >= 0xe0 && first <= 0xef ? 3
                   : first >= 0xf0 && first <= 0xf4 ? 4
                                                    : 0;
    auto invalid = [&](size_t n) {
      return "invalid utf-8 sequence of " + std::to_string(n) + " bytes from index " +
             std::to_string(start);
    };
    auto incomplete = [&] {
      return "incomplete utf-8 byte sequence from index " + std::to_string(start);
    };
    auto continuation = [&](size_t at) { return (byte(at) & 0xc0) == 0x80; };
    if (width == 0) return invalid(1);
    if (i + 1 >= text.size()) return incomplete();
    uint8_t second = byte(i + 1);
    bool second_ok = width == 2   ? continuation(i + 1)
                     : width == 3 ? (first == 0xe0   ? second >= 0xa0 && second <= 0xbf
                                     : first == 0xed ? second >= 0x80 && second <= 0x9f
                                                     : continuation(i + 1))
                                  : (first == 0xf0   ? second >= 0x90 && second <= 0xbf
                                     : first == 0xf4 ? second >= 0x80 && second <= 0x8f
                                                     : continuation(i + 1));
    if (!second_ok) return invalid(1);
    for (size_t k = 2; k < width; ++k) {
      if (i + k >= text.size()) return incomplete();
      if (!continuation(i + k)) return invalid(k);
    }
    i += width;
  }
  return std::nullopt;
}

}  // namespace lh
