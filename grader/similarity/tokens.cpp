#include "grader/similarity/tokens.h"

#include <clang/Basic/IdentifierTable.h>
#include <clang/Basic/LangOptions.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Basic/TokenKinds.h>
#include <clang/Lex/Lexer.h>

#include <cstdio>
#include <cstdlib>

namespace similarity {
namespace {

uint64_t fnv1a(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

clang::LangOptions cxx17() {
  clang::LangOptions options;
  options.CPlusPlus = options.CPlusPlus11 = options.CPlusPlus14 = options.CPlusPlus17 = true;
  options.LineComment = options.Bool = options.WChar = true;
  options.Digraphs = true;
  options.CXXOperatorNames = true;  // `and`, `or`, `not` are && || !
  return options;
}

// "0.50", ".5" and "5e-1" alike; a literal strtod cannot read whole (a suffix, a separator)
// stays as written.
std::string number_kind(const std::string& spelling) {
  std::string digits;
  for (const char c : spelling)
    if (c != '\'') digits += c;
  char* end = nullptr;
  const double value = std::strtod(digits.c_str(), &end);
  if (std::string(end).find_first_not_of("fFlLuU") != std::string::npos) return spelling;
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

std::vector<Token> normalised_tokens(const std::string& source, uint32_t file) {
  static const clang::LangOptions language = cxx17();
  clang::SourceManagerForFile buffer("submission.cpp", source);
  clang::SourceManager& sources = buffer.get();
  const clang::FileID id = sources.getMainFileID();
  clang::Lexer lexer(id, sources.getBufferOrFake(id), sources, language);
  clang::IdentifierTable keywords(language);
  // As the compiler reads it: backslash-newlines inside a token undone, so `ret\<newline>urn`
  // is `return`.
  const auto spelling_of = [&](const clang::Token& token) {
    return clang::Lexer::getSpelling(token, sources, language);
  };

  std::vector<Token> tokens;
  std::string previous;  // the last kept token's kind
  clang::Token token;
  lexer.LexFromRawLexer(token);
  while (!token.is(clang::tok::eof)) {
    const uint32_t begin = sources.getFileOffset(token.getLocation());
    const std::string spelling = spelling_of(token);
    if (token.isAtStartOfLine() && token.is(clang::tok::hash)) {
      clang::Token directive;
      lexer.LexFromRawLexer(directive);
      if (!directive.isAtStartOfLine() && directive.is(clang::tok::raw_identifier) &&
          spelling_of(directive) == "include") {
        do lexer.LexFromRawLexer(token);  // the rest of the #include line
        while (!token.is(clang::tok::eof) && !token.isAtStartOfLine());
        continue;
      }
      // Another directive (#define, #if): its tokens are code like any other.
      tokens.push_back({"#", fnv1a("#"), file, begin, begin + token.getLength()});
      previous = "#";
      token = directive;
      continue;
    }
    std::string kind;
    if (token.is(clang::tok::raw_identifier)) {
      const clang::tok::TokenKind keyword = keywords.get(spelling).getTokenID();
      const bool qualified = previous == "::" || previous == "." || previous == "->";
      if (const char* punctuator = clang::tok::getPunctuatorSpelling(keyword)) {
        kind = punctuator;  // `and` is &&
      } else if (keyword != clang::tok::identifier && spelling != "auto") {
        kind = spelling;  // `auto` is a type name like any other: `auto x =` and `Tensor x =` alike
      } else {
        kind = qualified ? spelling : "id";
      }
    } else if (token.is(clang::tok::numeric_constant)) {
      kind = number_kind(spelling);
    } else if (token.isLiteral()) {
      kind = "str";
    } else if (const char* punctuator = clang::tok::getPunctuatorSpelling(token.getKind())) {
      kind = punctuator;  // digraphs as what they stand for: `<%` is {
    } else {
      kind = spelling;  // a stray byte
    }
    tokens.push_back({kind, fnv1a(kind), file, begin, begin + token.getLength()});
    previous = kind;
    lexer.LexFromRawLexer(token);
  }
  return tokens;
}

}  // namespace similarity
