// The similarity check's parts (grader/similarity/): what its tokens set aside, winnowing's
// guarantee, the stubs and the class's idioms left out, and pages that show code as text.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include "grader/similarity/matching.h"
#include "grader/similarity/pair_pages.h"
#include "grader/similarity/tokens.h"
#include "grader/similarity/winnowing.h"
#include "tests/scratch.h"

using namespace similarity;

namespace {

std::vector<std::string> kinds(const std::string& source) {
  std::vector<std::string> out;
  for (const auto& token : normalised_tokens(source)) out.push_back(token.kind);
  return out;
}

const char* const kGates = R"(#include "layers/layers.h"
// The gates, packed i f g o.
Tensor step(const Tensor& gates, const Tensor& c) {
  auto parts = gates.chunk(4, 1);
  auto input = torch::sigmoid(parts[0]);
  return input * torch::tanh(c) + 0.5;
}
)";

const char* const kGatesDisguised = R"(/* renamed, recommented, laid out again */
Tensor   update( const Tensor &g,
                 const Tensor &cell )
{
    auto pieces = g.chunk( 4, 1 );   auto i_gate = torch::sigmoid( pieces[ 0 ] );
    return i_gate * torch::tanh( cell ) + .50;  // same maths
}
)";

Submission submission(const std::string& name, const std::string& code) {
  Submission s;
  s.name = name;
  s.files = {{"submitted.cpp", code}};
  return s;
}

// A long function of calls to distinct library names and members: no k-gram of it is in
// another's (every 8 tokens hold one of its names).
std::string unique_code(const std::string& prefix, int statements) {
  std::ostringstream code;
  code << "void f() {\n";
  for (int i = 0; i < statements; ++i)
    code << "  x = torch::" << prefix << i << "(y." << prefix << "_field" << i << ");\n";
  code << "}\n";
  return code.str();
}

void fingerprint_class(std::vector<Submission>& submissions, const std::unordered_set<uint64_t>& base,
                       const Settings& settings) {
  for (auto& s : submissions) tokenise(s, base, settings);
  fingerprint(submissions, settings);
}

}  // namespace

TEST_CASE("renaming, comments, layout and the spelling of numbers leave the tokens unchanged") {
  CHECK(kinds(kGates) == kinds(kGatesDisguised));
  CHECK(kinds("x = 1.0;") == kinds("x = 1.;"));
  CHECK(kinds("x = 1.0;") == kinds("x = 1e0;"));
  CHECK(kinds("x = 1.0;") != kinds("x = 2.0;"));
}

TEST_CASE("library names and members stay: another function is other code") {
  const auto sigmoid = kinds("auto y = torch::sigmoid(x) + x.tanh();");
  CHECK(sigmoid != kinds("auto y = torch::relu(x) + x.tanh();"));
  CHECK(sigmoid != kinds("auto y = torch::sigmoid(x) + x.exp();"));
  CHECK(sigmoid == kinds("auto z = torch::sigmoid(w) + w.tanh();"));
  CHECK(sigmoid == kinds("Tensor z = torch::sigmoid(w) + w.tanh();"));  // auto is a type
  // keywords are not names
  CHECK(kinds("for (auto x : y) return x;") != kinds("while (auto x : y) return x;"));
}

TEST_CASE("a token spelled another way is the same token: operator words, digraphs, line splices") {
  CHECK(kinds("if (a && !b || c) x[0] = 1;") == kinds("if (a and not b or c) x<:0:> = 1;"));
  CHECK(kinds("{ return x; }") == kinds("<% ret\\\nurn x; %>"));
  CHECK(kinds("int x;") == kinds("#inc\\\nlude <vector>\nint x;"));
}

TEST_CASE("#include lines are set aside, other directives are code") {
  CHECK(kinds("#include <vector>\n#include \"layers/layers.h\"\nint x;") == kinds("int x;"));
  CHECK(kinds("#define TWICE(a) (2 * a)\nint x;") != kinds("int x;"));
}

TEST_CASE("any bytes lex: unterminated comments and strings, NUL and invalid UTF-8") {
  for (const std::string& source : {std::string("int x = \"open"), std::string("/* open comment"),
                                    std::string("a\0b\xff\xfe c", 9), std::string("\xe2\x80\xae x;"),
                                    std::string("#"), std::string(""), std::string("#include")}) {
    const auto tokens = normalised_tokens(source);
    for (const auto& token : tokens) {
      CHECK(token.begin <= token.end);
      CHECK(token.end <= source.size());
    }
  }
  CHECK(normalised_tokens("").empty());
}

TEST_CASE("winnowing finds every shared run of window + k - 1 tokens and none shorter than k") {
  constexpr int k = 8, window = 5;
  std::mt19937 random(7);
  std::uniform_int_distribution<int> word(0, 999999);
  const auto random_code = [&](int tokens) {
    std::string code;
    for (int i = 0; i < tokens; ++i) code += "torch::n" + std::to_string(word(random)) + " ";
    return code;  // every name qualified, so each is its own token kind
  };
  for (int trial = 0; trial < 50; ++trial) {
    // Each "torch::nX" is 3 tokens (id, ::, nX): the shared run is exactly window + k - 1 tokens.
    const std::string shared = random_code((window + k - 1) / 3);
    const auto a = normalised_tokens(random_code(40) + shared + random_code(40));
    const auto b = normalised_tokens(random_code(25) + shared + random_code(60));
    const auto prints_a = winnow(kgram_hashes(a, k), window);
    const auto prints_b = winnow(kgram_hashes(b, k), window);
    bool common = false;
    for (const auto& x : prints_a)
      for (const auto& y : prints_b) common |= x.hash == y.hash;
    CHECK(common);
  }
  // A run shorter than k tokens is in no shared k-gram, so in no shared fingerprint: 3 tokens,
  // and the next name's "id ::" on either side.
  const std::string short_run = "torch::n1 ";
  const auto a = kgram_hashes(normalised_tokens(random_code(30) + short_run + random_code(30)), k);
  const auto b = kgram_hashes(normalised_tokens(random_code(30) + short_run + random_code(30)), k);
  for (const auto x : a)
    for (const auto y : b) CHECK(x != y);
}

TEST_CASE("winnowing keeps about 2 / (window + 1) of the hashes, and never one not selectable") {
  std::vector<uint64_t> hashes;
  std::mt19937_64 random(3);
  for (int i = 0; i < 20000; ++i) hashes.push_back(random());
  const auto prints = winnow(hashes, 7);
  const double density = static_cast<double>(prints.size()) / hashes.size();
  CHECK(density > 0.22);  // the paper's 2 / (w + 1) = 0.25 for random hashes
  CHECK(density < 0.28);
  std::vector<bool> second_half(hashes.size(), false);
  std::fill(second_half.begin() + 10000, second_half.end(), true);
  for (const auto& print : winnow(hashes, 7, second_half)) CHECK(print.position >= 10000);
  CHECK(winnow(hashes, 7, std::vector<bool>(hashes.size(), false)).empty());
}

TEST_CASE("robust winnowing: a tie keeps the choice before, so repeated code yields few fingerprints") {
  const std::vector<uint64_t> same(100, 5);
  CHECK(winnow(same, 4).size() <= 26);  // one a window's width, not one a position
}

TEST_CASE("fingerprints are taken of countable k-grams only, and runs stay within a file") {
  Settings settings;
  settings.max_share = 2;
  const std::string idiom = unique_code("idiom", 20), own = unique_code("own", 20);
  std::vector<Submission> s(3);
  s[0].files = {{"submitted.cpp", idiom + own}, {"extra.cpp", own}};
  s[1].files = {{"submitted.cpp", idiom + own}, {"extra.cpp", own}};
  s[2].files = {{"submitted.cpp", idiom}};
  fingerprint_class(s, {}, settings);
  for (const auto& submission : s)
    for (const auto& print : submission.fingerprints) CHECK(submission.countable[print.position]);
  const auto pairs = similar_pairs(s, settings);
  REQUIRE(pairs.size() == 1);  // the idiom is in all three: only the first two share their own code
  for (const Run& run : pairs[0].runs) {
    CHECK(s[0].tokens[run.a].file == s[0].tokens[run.a + run.length - 1].file);
    CHECK(s[1].tokens[run.b].file == s[1].tokens[run.b + run.length - 1].file);
  }
  CHECK(pairs[0].percent_a == Approx(100));
}

TEST_CASE("the stubs are nobody's code: two untouched stubs share nothing, not even across their files") {
  const Settings settings;
  const std::string main_stub = unique_code("main", 40), extra_stub = unique_code("extra", 20);
  const auto base = base_kgrams({{"submitted.cpp", main_stub}, {"extra.cpp", extra_stub}}, settings);
  std::vector<Submission> class_of_two(2);
  for (auto& s : class_of_two) s.files = {{"submitted.cpp", main_stub}, {"extra.cpp", extra_stub}};
  fingerprint_class(class_of_two, base, settings);
  CHECK(class_of_two[0].own_tokens == 0);
  CHECK(class_of_two[0].fingerprints.empty());
  CHECK(similar_pairs(class_of_two, settings).empty());
  // Without the base, the same two are one pair at 100 %.
  fingerprint_class(class_of_two, {}, settings);
  const auto pairs = similar_pairs(class_of_two, settings);
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].percent_a == Approx(100));
}

TEST_CASE("a renamed, reordered copy ranks first; code shared by more than max_share is the task's idiom") {
  Settings settings;
  settings.max_share = 3;
  const std::string one = unique_code("one", 30), two = unique_code("two", 30), idiom = unique_code("idiom", 30);
  std::string disguised_two = two;  // renamed: every unqualified name is "id"
  for (size_t at; (at = disguised_two.find(" x =")) != std::string::npos;) disguised_two.replace(at, 4, " renamed =");
  std::vector<Submission> s{submission("original", one + two + idiom), submission("copy", disguised_two + one + idiom),
                            submission("other", unique_code("other", 60) + idiom),
                            submission("another", unique_code("another", 60) + idiom)};
  fingerprint_class(s, {}, settings);
  const auto pairs = similar_pairs(s, settings);
  REQUIRE(pairs.size() == 1);  // the idiom is in four submissions: it links no pair
  CHECK(s[pairs[0].a].name == "original");
  CHECK(s[pairs[0].b].name == "copy");
  // All of the original's own code is in the copy; the idiom is nobody's own code.
  CHECK(pairs[0].percent_a == Approx(100).margin(1));
  CHECK(s[0].own_tokens < s[0].tokens.size() * 3 / 4);
}

TEST_CASE("the pages show a submission's bytes as text, never as markup") {
  const Settings settings;
  const std::string code = unique_code("shared", 20) + "// </pre><script>alert(1)</script>\n";
  std::vector<Submission> s{submission("<img src=x onerror=alert(1)>", code), submission("b", code)};
  fingerprint_class(s, {}, settings);
  const auto pairs = similar_pairs(s, settings);
  REQUIRE(pairs.size() == 1);
  const std::string folder = scratch_path("similarity_test", "pages");
  std::filesystem::create_directories(folder);
  write_pair_pages(folder, s, pairs, 1, settings);
  for (const std::string page : {"index.html", "pair-1.html"}) {
    std::ifstream in(folder + "/" + page);
    std::stringstream html;
    html << in.rdbuf();
    CHECK(html.str().find("<img") == std::string::npos);
    CHECK(html.str().find("<script") == std::string::npos);
    CHECK(html.str().find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  }
}

TEST_CASE("two huge submissions of one statement repeated are compared in bounded work") {
  const Settings settings;
  std::string repeated;
  for (int i = 0; i < 40000; ++i) repeated += "x = torch::sigmoid(y) * z;\n";
  std::vector<Submission> s{submission("a", repeated), submission("b", "// shifted\nint w;\n" + repeated)};
  fingerprint_class(s, {}, settings);
  const auto pairs = similar_pairs(s, settings);
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].percent_a > 99);
  CHECK(pairs[0].percent_b > 99);
  const std::string folder = scratch_path("similarity_test", "huge_pages");
  std::filesystem::create_directories(folder);
  write_pair_pages(folder, s, pairs, 1, settings);
  CHECK(std::filesystem::file_size(folder + "/pair-1.html") > repeated.size());
}
