#include "grader/judge/source_scan.h"

#include "grader/common/forbidden.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

// Everything here is one pass over the text with no recursion and no regular expressions, so no
// input, however long its lines, can exhaust the stack or run for long.
namespace grading {
namespace {

// Blanks out comments, string and character literals, keeping newlines so lines still count.
std::string code_only(const std::string& source) {
  std::string code = source;
  enum { code_state, line_comment, block_comment, string_literal, char_literal } state = code_state;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    const char next = i + 1 < code.size() ? code[i + 1] : '\0';
    switch (state) {
      case code_state:
        if (c == '/' && next == '/') state = line_comment;
        else if (c == '/' && next == '*') state = block_comment;
        else if (c == '"') state = string_literal;
        else if (c == '\'') state = char_literal;
        else continue;
        break;
      case line_comment:
        if (c == '\n') { state = code_state; continue; }
        break;
      case block_comment:
        if (c == '*' && next == '/') { code[i] = code[i + 1] = ' '; ++i; state = code_state; continue; }
        break;
      case string_literal:
      case char_literal:
        if (c == '\\') { code[i] = ' '; if (next != '\n') code[++i] = ' '; continue; }
        if (c == (state == string_literal ? '"' : '\'')) { code[i] = ' '; state = code_state; continue; }
        break;
    }
    if (code[i] != '\n') code[i] = ' ';
  }
  return code;
}

struct Token {
  std::string text;  // an identifier, "::", or one character of punctuation
  long line;
};

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<Token> tokens_of(const std::string& source) {
  const std::string code = code_only(source);
  std::vector<Token> tokens;
  long line = 1;
  for (size_t i = 0; i < code.size();) {
    const char c = code[i];
    if (c == '\n') ++line;
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (identifier_char(c)) {
      const size_t start = i;
      while (i < code.size() && identifier_char(code[i])) ++i;
      tokens.push_back({code.substr(start, i - start), line});
    } else if (c == ':' && i + 1 < code.size() && code[i + 1] == ':') {
      tokens.push_back({"::", line});
      i += 2;
    } else {
      tokens.push_back({std::string(1, c), line});
      ++i;
    }
  }
  return tokens;
}

bool one_of(const std::string& word, const std::vector<std::string>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string located(const std::string& label, long line, const std::string& text) {
  return label + ":" + std::to_string(line) + ": " + text;
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "__section__" -> "section": GCC accepts both spellings of an attribute's name.
std::string attribute_name(const std::string& word) {
  if (word.size() > 4 && starts_with(word, "__") && ends_with(word, "__")) return word.substr(2, word.size() - 4);
  return word;
}

// Attributes that place code or data where the linker or loader treats it specially, or name a
// symbol by its mangled spelling: ways around the checks on names.
const std::vector<std::string>& low_level_attributes() {
  static const std::vector<std::string> names = {"section", "alias",     "weakref",       "ifunc", "constructor",
                                                 "destructor", "init_priority", "symver", "code_seg"};
  return names;
}

// From `open` (the index of an opening bracket), the index just past its matching close.
size_t past_closing(const std::vector<Token>& tokens, size_t open) {
  const std::string opening = tokens[open].text, closing = opening == "(" ? ")" : "]";
  int depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].text == opening) ++depth;
    if (tokens[i].text == closing && --depth == 0) return i + 1;
  }
  return tokens.size();
}

}  // namespace

std::vector<std::string> forbidden_uses_from_clang(const std::string& found, const std::string& label) {
  std::vector<std::string> uses;
  std::istringstream lines(found);
  std::string line;
  while (std::getline(lines, line)) {  // forbidden_uses prints LINE: TEXT
    const size_t colon = line.find(": ");
    if (colon == 0 || colon == std::string::npos) continue;
    if (!std::all_of(line.begin(), line.begin() + static_cast<long>(colon), ::isdigit)) continue;
    const std::string use = label + ":" + line.substr(0, colon) + ": " + line.substr(colon + 2);
    if (std::find(uses.begin(), uses.end(), use) == uses.end()) uses.push_back(use);
  }
  return uses;
}

namespace {

// The lines forbidden_uses printed after `marker` ("low-level LINE: TEXT"), as uses.
std::vector<std::string> marked_uses_from_clang(const std::string& found, const std::string& marker,
                                                const std::string& label) {
  std::string marked;
  std::istringstream lines(found);
  std::string line;
  while (std::getline(lines, line))
    if (starts_with(line, marker)) marked += line.substr(marker.size()) + "\n";
  return forbidden_uses_from_clang(marked, label);
}

}  // namespace

std::vector<std::string> low_level_uses_from_clang(const std::string& found, const std::string& label) {
  return marked_uses_from_clang(found, "low-level ", label);
}

std::vector<std::string> subset_breaches_from_clang(const std::string& found, const std::string& label) {
  return marked_uses_from_clang(found, "outside-subset ", label);
}

std::string clang_could_not_read(const std::string& errors, const std::string& path,
                                 const std::string& label) {
  std::istringstream lines(errors);
  std::string line;
  while (std::getline(lines, line)) {  // FILE:LINE:COLUMN: [fatal ]error: MESSAGE
    size_t marker = line.find(": error: ");
    size_t message = marker + 9;
    if (marker == std::string::npos) {
      marker = line.find(": fatal error: ");
      message = marker + 15;
    }
    if (marker == std::string::npos) continue;
    const std::string where = line.substr(0, marker);
    const size_t column = where.rfind(':');
    const size_t row = column == std::string::npos ? std::string::npos : where.rfind(':', column - 1);
    if (row == std::string::npos) continue;
    const std::string file = where.substr(0, row), number = where.substr(row + 1, column - row - 1);
    if (number.empty() || !std::all_of(number.begin(), number.end(), ::isdigit)) continue;
    // Another file: a stale precompiled header is the grader's; anything else came from the
    // submission (#line, or what it made clang read).
    if (file != path && (errors.find("PCH") != std::string::npos || errors.find(".pch") != std::string::npos))
      throw std::runtime_error("the source check failed: " + line.substr(0, 300));
    return label + ":" + number + ": clang cannot read this (" + line.substr(message, 200) +
           "), so it cannot be checked for torch's layers; write standard C++17";
  }
  return "";
}

std::vector<std::string> compiler_tests_in(const std::string& source, const std::string& label) {
  std::vector<std::string> tests;
  for (const auto& token : tokens_of(source)) {
    const std::string& word = token.text;
    if ((starts_with(word, "__clang") && ends_with(word, "__") && word.size() >= 9) || word == "__llvm__" ||
        ((starts_with(word, "__GNUC") || starts_with(word, "__GNUG")) && ends_with(word, "__")))
      tests.push_back(located(label, token.line, word));
  }
  return tests;
}

std::vector<std::string> forbidden_uses_in(const std::string& source, const std::string& label) {
  static const std::vector<std::string> torch_namespaces = {"torch", "at", "nn", "F", "functional"};
  const auto tokens = tokens_of(source);
  std::vector<std::string> uses;
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (!one_of(tokens[i].text, torch_namespaces) || tokens[i + 1].text != "::") continue;
    // A torch namespace, then NAME :: NAME :: ... until a forbidden name or anything else.
    std::string spelled = tokens[i].text + "::";
    for (size_t j = i + 2; j < tokens.size() && identifier_char(tokens[j].text[0]); j += 2) {
      spelled += tokens[j].text;
      if (one_of(tokens[j].text, forbidden_source_names())) {
        uses.push_back(located(label, tokens[i].line, spelled));
        i = j;
        break;
      }
      if (j + 1 >= tokens.size() || tokens[j + 1].text != "::") break;
      spelled += "::";
    }
  }
  return uses;
}

std::vector<std::string> low_level_uses_in(const std::string& source, const std::string& label) {
  const auto tokens = tokens_of(source);
  std::vector<std::string> uses;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& word = tokens[i].text;
    if (word == "asm" || word == "__asm" || word == "__asm__") {
      uses.push_back(located(label, tokens[i].line, word));
      continue;
    }
    // #line and GCC's # 12 "file": they make the tools report other files and lines.
    if (word == "#" && i + 1 < tokens.size() &&
        (tokens[i + 1].text == "line" || std::isdigit(static_cast<unsigned char>(tokens[i + 1].text[0])))) {
      uses.push_back(located(label, tokens[i].line, "#" + tokens[i + 1].text));
      continue;
    }
    // __attribute__((...)) and [[...]]: any low-level attribute named inside.
    size_t open = tokens.size();
    if (word == "__attribute__" && i + 1 < tokens.size() && tokens[i + 1].text == "(") open = i + 1;
    if (word == "[" && i + 1 < tokens.size() && tokens[i + 1].text == "[") open = i;
    if (open == tokens.size()) continue;
    const size_t end = past_closing(tokens, open);
    for (size_t j = open; j < end; ++j)
      if (one_of(attribute_name(tokens[j].text), low_level_attributes())) {
        uses.push_back(located(label, tokens[j].line, "attribute " + attribute_name(tokens[j].text)));
        break;
      }
    i = end - 1;
  }
  return uses;
}

}  // namespace grading
