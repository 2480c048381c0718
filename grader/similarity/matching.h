// Which submissions share code, and where: winnowed fingerprints index the class; two
// submissions that share a fingerprint are compared token by token around it.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "grader/similarity/tokens.h"
#include "grader/similarity/winnowing.h"

namespace similarity {

struct Settings {
  int k = 8;          // tokens a k-gram (about a statement); shorter shared runs never count
  int window = 4;     // winnowing's window: runs of window + k - 1 tokens are always found
  int max_share = 0;  // k-grams in more submissions than this are the task's idiom, not a
                      // copy (MOSS's -m); 0: default_max_share of the class's size
};

// 10 (MOSS's default) or a tenth of the class, the larger: a ring of copies smaller than that
// stays in view.
int default_max_share(size_t submissions);

struct SourceFile {
  std::string name;  // e.g. submitted.cpp
  std::string text;
};

struct Submission {
  std::string name;  // the folder's name, any bytes
  std::vector<SourceFile> files;
  std::vector<std::string> notes;  // what was left out of it, and why
  std::vector<Token> tokens;       // every file's, in order
  std::vector<uint64_t> kgrams;    // the hash of the k tokens from each position
  std::vector<bool> countable;     // by k-gram: within one file, neither the stubs' nor the class's idiom
  size_t own_tokens = 0;           // tokens inside a countable k-gram
  std::vector<Fingerprint> fingerprints;  // winnowed from the countable k-grams
};

// The k-grams of the code every student starts from (the stubs): ignored, as MOSS's -b does.
std::unordered_set<uint64_t> base_kgrams(const std::vector<SourceFile>& base, const Settings& settings);

// The submission's files as tokens and k-grams; those of the stubs and those across two files
// are not countable.
void tokenise(Submission& submission, const std::unordered_set<uint64_t>& base, const Settings& settings);

// Once the class is tokenised: k-grams that more than max_share submissions hold are the task's
// idiom and count no more than the stubs; what is left is each one's own code, winnowed into
// its fingerprints.
void fingerprint(std::vector<Submission>& submissions, const Settings& settings);

// Equal tokens, a's [a, a + length) and b's [b, b + length), each inside k-grams countable on
// both sides and within one file; a pair's runs never overlap on either side.
struct Run {
  uint32_t a, b, length;
};

struct SimilarPair {
  size_t a, b;  // indices into the submissions, a < b
  std::vector<Run> runs;
  size_t matched = 0;                   // tokens in runs, as many on each side
  double percent_a = 0, percent_b = 0;  // of each one's own tokens
};

// Every pair sharing a countable fingerprint, most shared code first (by matched tokens, as
// MOSS ranks by lines matched: padding a copy with other code does not lower it), then by
// the larger percent.
std::vector<SimilarPair> similar_pairs(const std::vector<Submission>& submissions, const Settings& settings);

}  // namespace similarity
