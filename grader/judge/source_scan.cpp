#include "grader/judge/source_scan.h"

#include "grader/common/forbidden.h"

#include <algorithm>
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

std::vector<std::string> matches_in(const std::string& source, const std::regex& pattern,
                                    const std::string& label) {
  const std::string code = code_only(source);
  std::vector<std::string> uses;
  for (auto it = std::sregex_iterator(code.begin(), code.end(), pattern); it != std::sregex_iterator();
       ++it) {
    const auto line = 1 + std::count(code.begin(), code.begin() + it->position(), '\n');
    std::string text = it->str();
    text.erase(std::remove_if(text.begin(), text.end(), ::isspace), text.end());
    uses.push_back(label + ":" + std::to_string(line) + ": " + text);
  }
  return uses;
}

}  // namespace

std::vector<std::string> forbidden_uses_from_clang(const std::string& found, const std::string& label) {
  const std::regex use("^([0-9]+): (.*)$");  // forbidden_uses prints LINE: TEXT
  std::vector<std::string> uses;
  std::istringstream lines(found);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch parts;
    if (!std::regex_match(line, parts, use)) continue;
    const std::string located = label + ":" + parts[1].str() + ": " + parts[2].str();
    if (std::find(uses.begin(), uses.end(), located) == uses.end()) uses.push_back(located);
  }
  return uses;
}

std::string clang_could_not_read(const std::string& errors, const std::string& path,
                                 const std::string& label) {
  const std::regex error("^(.*):([0-9]+):[0-9]+: (?:fatal )?error: (.*)$");
  std::istringstream lines(errors);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch found;
    if (!std::regex_match(line, found, error)) continue;
    if (found[1].str() != path) throw std::runtime_error("the source check failed: " + line);
    return label + ":" + found[2].str() + ": clang cannot read this (" + found[3].str() +
           "), so it cannot be checked for torch's layers; write standard C++17";
  }
  return "";
}

std::vector<std::string> compiler_tests_in(const std::string& source, const std::string& label) {
  return matches_in(source, std::regex("\\b(?:__clang\\w*__|__llvm__|__GNU[CG]\\w*__)\\b"), label);
}

std::vector<std::string> forbidden_uses_in(const std::string& source, const std::string& label) {
  std::string names;
  for (const auto& name : forbidden_source_names()) names += (names.empty() ? "" : "|") + name;
  // A torch namespace, any nested namespaces, then a forbidden name as a whole identifier.
  const std::regex use("\\b(?:torch|at|nn|F|functional)\\s*::\\s*(?:\\w+\\s*::\\s*)*(?:" + names +
                       ")\\b");
  return matches_in(source, use, label);
}

}  // namespace grading
