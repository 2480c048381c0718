// A submission's source as the token stream the similarity check compares: what renaming,
// comments and layout cannot change (Schleimer, Wilkerson & Aiken 2003, section 2: "remove
// irrelevant features" before fingerprinting).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace similarity {

struct Token {
  std::string kind;     // the normalised spelling that is compared
  uint64_t hash;        // of kind
  uint32_t file;        // which of the submission's files
  uint32_t begin, end;  // its bytes in that file
};

// clang's raw lexer (no preprocessing, so any bytes lex) over C++17, normalised:
// - comments, whitespace and #include lines are gone;
// - keywords (but `auto`, which stands for a type) and punctuation stay, spelled one way
//   (`and` is &&, the digraph `<%` is {, a backslash-newline inside a token is undone);
// - a name that follows `::`, `.` or `->` (a library's function, a member: what a student
//   cannot rename) stays; every other name becomes "id";
// - a number becomes its value ("1.0", "1." and "1e0" alike), a string or character literal "str".
std::vector<Token> normalised_tokens(const std::string& source, uint32_t file = 0);

}  // namespace similarity
