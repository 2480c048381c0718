// Winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003, the algorithm behind MOSS): a
// document's fingerprints are, in every window of `window` consecutive k-gram hashes, the
// smallest, each recorded once. Two documents sharing a run of at least window + k - 1 tokens
// share a fingerprint (the paper's guarantee threshold); runs shorter than k never do.
#pragma once

#include <cstdint>
#include <vector>

#include "grader/similarity/tokens.h"

namespace similarity {

struct Fingerprint {
  uint64_t hash;
  uint32_t position;  // of the k-gram's first token
};

// The hash of each run of k tokens, position by position (none when there are fewer than k).
std::vector<uint64_t> kgram_hashes(const std::vector<Token>& tokens, int k);

// The paper's robust winnowing (section 4.2: a tie keeps the window before's choice, else the
// rightmost smallest, so repeated code yields few fingerprints) over `hashes`. A position that
// is not `selectable` (a k-gram of the stubs, the class's idiom, or across two files) is never
// chosen, so a window of only those chooses nothing; an empty `selectable` allows all.
std::vector<Fingerprint> winnow(const std::vector<uint64_t>& hashes, int window,
                                const std::vector<bool>& selectable = {});

}  // namespace similarity
