// The similarity check's pages for course staff: index.html ranks the pairs, and each flagged
// pair gets pair-N.html, the two submissions side by side with every shared run of code marked
// in the same colour on both sides. Self-contained (no network, no script); every byte of a
// submission is escaped.
#pragma once

#include <string>
#include <vector>

#include "grader/similarity/matching.h"

namespace similarity {

// The page's file name of the pair ranked `rank` (from 1).
std::string pair_page(size_t rank);

// A percent as the pages and pairs.csv show it: one decimal.
std::string one_decimal(double value);

// Writes index.html (with the submissions' notes: what was left out of them) and a page for
// each of the first `pages` pairs into `folder`, removing pair pages of an earlier run; throws
// std::runtime_error naming a file it cannot write.
void write_pair_pages(const std::string& folder, const std::vector<Submission>& submissions,
                      const std::vector<SimilarPair>& pairs, size_t pages, const Settings& settings);

}  // namespace similarity
