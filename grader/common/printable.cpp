#include "grader/common/printable.h"

#include <cstdio>

namespace grading {
namespace {

std::string hex_escape(unsigned value, int digits, const char* prefix) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%s%0*X", prefix, digits, value);
  return buffer;
}

// The length of the UTF-8 sequence at text[i] and its code point, or 0 when it is not one.
size_t utf8_sequence(const std::string& text, size_t i, unsigned& code_point) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned lead = byte(i);
  size_t length;
  unsigned minimum;
  if (lead >= 0xC2 && lead <= 0xDF) { length = 2; code_point = lead & 0x1F; minimum = 0x80; }
  else if (lead >= 0xE0 && lead <= 0xEF) { length = 3; code_point = lead & 0x0F; minimum = 0x800; }
  else if (lead >= 0xF0 && lead <= 0xF4) { length = 4; code_point = lead & 0x07; minimum = 0x10000; }
  else return 0;
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
  return length;
}

bool hides_or_reorders(unsigned code_point) {
  return (code_point >= 0x80 && code_point <= 0x9F) ||       // C1 controls
         code_point == 0x061C ||                             // Arabic letter mark
         (code_point >= 0x200B && code_point <= 0x200F) ||   // zero-width characters, direction marks
         (code_point >= 0x2028 && code_point <= 0x202E) ||   // line and paragraph separators, embeddings, overrides
         (code_point >= 0x2060 && code_point <= 0x206F) ||   // word joiner, invisible operators, isolates
         code_point == 0xFEFF ||                             // zero-width no-break space
         (code_point >= 0xE0000 && code_point <= 0xE007F);   // tag characters
}

std::string escaped(const std::string& text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' && keep_newlines) {
      out += '\n';
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += hex_escape(c, 2, "\\x");
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      unsigned code_point = 0;
      const size_t length = utf8_sequence(text, i, code_point);
      if (length == 0) {
        out += hex_escape(c, 2, "\\x");
      } else {
        out += hides_or_reorders(code_point) ? hex_escape(code_point, 4, "\\u") : text.substr(i, length);
        i += length;
        continue;
      }
    }
    ++i;
  }
  return out;
}

}  // namespace

std::string printable(const std::string& text) { return escaped(text, false); }

std::string printable_lines(const std::string& text) { return escaped(text, true); }

}  // namespace grading
