#include "grader/judge/source_scan.h"

#include "grader/common/forbidden.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

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

}  // namespace

std::vector<std::string> forbidden_uses_in(const std::string& source, const std::string& label) {
  std::string names;
  for (const auto& name : forbidden_source_names()) names += (names.empty() ? "" : "|") + name;
  // A torch namespace, any nested namespaces, then a forbidden name as a whole identifier.
  const std::regex use("\\b(?:torch|at|nn|F|functional)\\s*::\\s*(?:\\w+\\s*::\\s*)*(?:" + names +
                       ")\\b");
  const std::string code = code_only(source);
  std::vector<std::string> uses;
  for (auto it = std::sregex_iterator(code.begin(), code.end(), use); it != std::sregex_iterator();
       ++it) {
    const auto line = 1 + std::count(code.begin(), code.begin() + it->position(), '\n');
    std::string text = it->str();
    text.erase(std::remove_if(text.begin(), text.end(), ::isspace), text.end());
    uses.push_back(label + ":" + std::to_string(line) + ": " + text);
  }
  return uses;
}

std::vector<std::string> forbidden_uses(const std::string& path, const std::string& label) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return forbidden_uses_in(text.str(), label);
}

}  // namespace grading
