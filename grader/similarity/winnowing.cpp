#include "grader/similarity/winnowing.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace similarity {

std::vector<uint64_t> kgram_hashes(const std::vector<Token>& tokens, int k) {
  std::vector<uint64_t> hashes;
  if (k < 1 || tokens.size() < static_cast<size_t>(k)) return hashes;
  for (size_t start = 0; start + k <= tokens.size(); ++start) {
    uint64_t hash = 14695981039346656037ull;
    for (int i = 0; i < k; ++i) hash = (hash ^ tokens[start + i].hash) * 1099511628211ull;
    hashes.push_back(hash);
  }
  return hashes;
}

std::vector<Fingerprint> winnow(const std::vector<uint64_t>& hashes, int window,
                                const std::vector<bool>& selectable) {
  constexpr uint64_t kNone = std::numeric_limits<uint64_t>::max();
  const auto value = [&](size_t i) { return selectable.empty() || selectable[i] ? hashes[i] : kNone; };
  std::vector<Fingerprint> fingerprints;
  if (hashes.empty() || window < 1) return fingerprints;
  // A document shorter than one window is one window.
  const size_t windows = hashes.size() >= static_cast<size_t>(window) ? hashes.size() - window + 1 : 1;
  const size_t width = std::min(hashes.size(), static_cast<size_t>(window));
  size_t chosen = SIZE_MAX;
  for (size_t start = 0; start < windows; ++start) {
    if (chosen == SIZE_MAX || chosen < start) {
      // The last choice left the window: the rightmost smallest of the window.
      chosen = start;
      for (size_t i = start; i < start + width; ++i)
        if (value(i) <= value(chosen)) chosen = i;
    } else if (value(start + width - 1) < value(chosen)) {
      chosen = start + width - 1;  // only the new hash can win, and a tie keeps the last choice
    } else {
      continue;
    }
    if (value(chosen) != kNone) fingerprints.push_back({hashes[chosen], static_cast<uint32_t>(chosen)});
  }
  return fingerprints;
}

}  // namespace similarity
