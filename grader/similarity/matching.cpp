#include "grader/similarity/matching.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace similarity {
namespace {

// Anchors per fingerprint and submission: code repeated many times in one file adds no more
// evidence, and would make the pairs' comparison quadratic in its repetitions.
constexpr size_t kAnchorsPerFingerprint = 8;
// Tokens compared around a pair's anchors, per token of the two: enough for every run of a real
// pair many times over, and a bound on a hostile one.
constexpr size_t kComparedTokensPerToken = 64;
// Tokens a submission is read to: a hundred times any real one's, and a bound on the work a
// hostile one makes. What lies beyond is left out, with a note.
constexpr size_t kMaxTokens = 1000000;

// The maximal run of equal tokens through a[pa] = b[pb].
Run extend(const Submission& a, const Submission& b, uint32_t pa, uint32_t pb) {
  const auto same = [&](uint32_t i, uint32_t j) { return a.tokens[i].hash == b.tokens[j].hash; };
  uint32_t start_a = pa, start_b = pb;
  while (start_a > 0 && start_b > 0 && same(start_a - 1, start_b - 1)) --start_a, --start_b;
  uint32_t end_a = pa, end_b = pb;
  while (end_a < a.tokens.size() && end_b < b.tokens.size() && same(end_a, end_b)) ++end_a, ++end_b;
  return {start_a, start_b, end_a - start_a};
}

// The parts of a run covered by k-grams countable on both sides (a run may pass through the
// stubs' code or the class's idiom, which count for nothing), each within one file.
std::vector<Run> countable_parts(const Submission& a, const Submission& b, const Run& run, int k) {
  std::vector<bool> covered(run.length, false);
  for (uint32_t j = 0; j + k <= run.length; ++j)
    if (a.countable[run.a + j] && b.countable[run.b + j]) std::fill_n(covered.begin() + j, k, true);
  const auto same_files = [&](uint32_t i, uint32_t j) {
    return a.tokens[run.a + i].file == a.tokens[run.a + j].file && b.tokens[run.b + i].file == b.tokens[run.b + j].file;
  };
  std::vector<Run> parts;
  for (uint32_t j = 0; j < run.length;) {
    if (!covered[j]) {
      ++j;
      continue;
    }
    uint32_t end = j;
    while (end < run.length && covered[end] && same_files(j, end)) ++end;
    parts.push_back({run.a + j, run.b + j, end - j});
    j = end;
  }
  return parts;
}

// One-to-one: the longest runs first, each later one cut to the tokens no longer run holds on
// either side (greedy string tiling, Wise 1993, as JPlag matches), parts under k tokens dropped.
// Code written once is then matched once, however often the other submission repeats it.
std::vector<Run> tiles(std::vector<Run> runs, size_t tokens_a, size_t tokens_b, int k) {
  std::stable_sort(runs.begin(), runs.end(), [](const Run& x, const Run& y) { return x.length > y.length; });
  std::vector<bool> taken_a(tokens_a, false), taken_b(tokens_b, false);
  std::vector<Run> kept;
  for (const Run& run : runs) {
    for (uint32_t j = 0; j < run.length;) {
      uint32_t end = j;
      while (end < run.length && !taken_a[run.a + end] && !taken_b[run.b + end]) ++end;
      if (end - j >= static_cast<uint32_t>(k)) {
        kept.push_back({run.a + j, run.b + j, end - j});
        std::fill_n(taken_a.begin() + run.a + j, end - j, true);
        std::fill_n(taken_b.begin() + run.b + j, end - j, true);
      }
      j = end + 1;
    }
  }
  std::sort(kept.begin(), kept.end(), [](const Run& x, const Run& y) { return x.a < y.a; });
  return kept;
}

}  // namespace

int default_max_share(size_t submissions) { return std::max<int>(10, static_cast<int>(submissions / 10)); }

std::unordered_set<uint64_t> base_kgrams(const std::vector<SourceFile>& base, const Settings& settings) {
  std::unordered_set<uint64_t> kgrams;
  for (const auto& file : base) {
    const auto hashes = kgram_hashes(normalised_tokens(file.text), settings.k);
    kgrams.insert(hashes.begin(), hashes.end());
  }
  return kgrams;
}

void tokenise(Submission& submission, const std::unordered_set<uint64_t>& base, const Settings& settings) {
  submission.tokens.clear();
  for (uint32_t f = 0; f < submission.files.size(); ++f) {
    const auto file_tokens = normalised_tokens(submission.files[f].text, f);
    const size_t room = kMaxTokens - submission.tokens.size();
    if (file_tokens.size() > room)
      submission.notes.push_back(submission.files[f].name + ": read to its first " + std::to_string(room) + " of " +
                                 std::to_string(file_tokens.size()) + " tokens");
    submission.tokens.insert(submission.tokens.end(), file_tokens.begin(),
                             file_tokens.begin() + std::min(room, file_tokens.size()));
  }
  submission.kgrams = kgram_hashes(submission.tokens, settings.k);
  submission.countable.resize(submission.kgrams.size());
  for (size_t i = 0; i < submission.kgrams.size(); ++i) {
    const bool one_file = submission.tokens[i].file == submission.tokens[i + settings.k - 1].file;
    submission.countable[i] = one_file && !base.count(submission.kgrams[i]);
  }
}

void fingerprint(std::vector<Submission>& submissions, const Settings& settings) {
  const int max_share = settings.max_share > 0 ? settings.max_share : default_max_share(submissions.size());
  std::unordered_map<uint64_t, int> holders;
  for (const auto& s : submissions)
    for (const uint64_t hash : std::unordered_set<uint64_t>(s.kgrams.begin(), s.kgrams.end())) ++holders[hash];
  for (auto& s : submissions) {
    std::vector<bool> own(s.tokens.size(), false);
    for (size_t i = 0; i < s.kgrams.size(); ++i) {
      if (holders[s.kgrams[i]] > max_share) s.countable[i] = false;
      if (s.countable[i]) std::fill_n(own.begin() + i, settings.k, true);
    }
    s.own_tokens = std::count(own.begin(), own.end(), true);
    // Winnowed after the idiom is set aside, so that the guarantee holds for own code.
    s.fingerprints = winnow(s.kgrams, settings.window, s.countable);
  }
}

std::vector<SimilarPair> similar_pairs(const std::vector<Submission>& submissions, const Settings& settings) {
  // fingerprint -> submission -> its first positions
  std::unordered_map<uint64_t, std::map<size_t, std::vector<uint32_t>>> index;
  for (size_t s = 0; s < submissions.size(); ++s)
    for (const auto& print : submissions[s].fingerprints) {
      auto& positions = index[print.hash][s];
      if (positions.size() < kAnchorsPerFingerprint) positions.push_back(print.position);
    }

  std::map<std::pair<size_t, size_t>, std::vector<std::pair<uint32_t, uint32_t>>> anchors;
  for (const auto& [hash, holders] : index)
    for (auto a = holders.begin(); a != holders.end(); ++a)
      for (auto b = std::next(a); b != holders.end(); ++b)
        for (const uint32_t pa : a->second)
          for (const uint32_t pb : b->second) anchors[{a->first, b->first}].push_back({pa, pb});

  std::vector<SimilarPair> pairs;
  for (auto& [ab, points] : anchors) {
    const Submission& a = submissions[ab.first];
    const Submission& b = submissions[ab.second];
    std::sort(points.begin(), points.end());
    SimilarPair pair{ab.first, ab.second, {}};
    // Anchors come in order of a's position, so one inside an earlier run is inside the last run
    // found on its diagonal. Code repeated over and over (a hostile file) puts runs on many
    // diagonals: the tokens compared are capped, and such a pair is alike whatever is cut.
    std::unordered_map<int64_t, Run> last_on_diagonal;
    size_t budget = kComparedTokensPerToken * (a.tokens.size() + b.tokens.size());
    for (const auto& [pa, pb] : points) {
      const int64_t diagonal = static_cast<int64_t>(pa) - static_cast<int64_t>(pb);
      const auto last = last_on_diagonal.find(diagonal);
      if (last != last_on_diagonal.end() && pa < last->second.a + last->second.length) continue;
      const Run run = extend(a, b, pa, pb);
      last_on_diagonal[diagonal] = run;
      for (const Run& part : countable_parts(a, b, run, settings.k)) pair.runs.push_back(part);
      if (budget <= run.length) break;
      budget -= run.length;
    }
    pair.runs = tiles(std::move(pair.runs), a.tokens.size(), b.tokens.size(), settings.k);
    if (pair.runs.empty()) continue;  // a hash collision, not equal tokens
    for (const Run& run : pair.runs) pair.matched += run.length;
    pair.percent_a = 100.0 * pair.matched / std::max<size_t>(1, a.own_tokens);
    pair.percent_b = 100.0 * pair.matched / std::max<size_t>(1, b.own_tokens);
    pairs.push_back(std::move(pair));
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const SimilarPair& x, const SimilarPair& y) {
    if (x.matched != y.matched) return x.matched > y.matched;
    return std::max(x.percent_a, x.percent_b) > std::max(y.percent_a, y.percent_b);
  });
  return pairs;
}

}  // namespace similarity
