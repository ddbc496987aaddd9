// Escaping text for XML and HTML attributes and content (the one escaper of the reports).
#pragma once

#include <string>
#include <string_view>

#include "harness/base/utf8.h"

namespace lh::report {

// Escapes `text` (any bytes: made valid UTF-8 first, as every output is).
[[nodiscard]] inline std::string xml_escape(std::string_view raw) {
  std::string text = to_valid_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters other than tab/newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
          out += "?";
        else
          out += c;
    }
  }
  return out;
}

}  // namespace lh::report
