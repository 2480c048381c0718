#include "grader/judge/uniform_fit.h"

#include "grader/judge/compare.h"

#include <algorithm>
#include <cmath>

namespace grading {
namespace {

// ln(2 / kFalseFailure): the two-sided tail both inequalities below are solved for.
const double kLogTails = std::log(2 / kFalseFailure);

}  // namespace

std::string uniform_misfit(const std::vector<double>& draws, double bound) {
  const std::string expected = "U(-" + number(bound) + ", " + number(bound) + ")";
  if (draws.empty()) return "no values to compare with " + expected;
  // Every comparison below is false for NaN: a non-finite draw must fail here, not pass there.
  for (double v : draws)
    if (!std::isfinite(v)) return "holds " + number(v) + ", expected random draws from " + expected;
  const auto n = static_cast<double>(draws.size());
  const auto [lo, hi] = std::minmax_element(draws.begin(), draws.end());
  // Range: no draw of U(-b, b) leaves [-b, b]; 1e-6 of slack for float32 rounding of b.
  if (*lo < -bound * (1 + 1e-6) || *hi > bound * (1 + 1e-6))
    return "values reach [" + number(*lo) + ", " + number(*hi) + "], outside the bounds of " + expected;
  if (draws.size() >= 2 && *lo == *hi)
    return "every value is " + number(*lo) + ", expected random draws from " + expected;

  double sum = 0, sum_of_squares = 0;
  for (double v : draws) {
    sum += v;
    sum_of_squares += v * v;
  }
  // Mean: draws in [-b, b] have P(|mean| >= t) <= 2 exp(-n t^2 / (2 b^2)) (Hoeffding).
  const double mean = sum / n;
  const double mean_allowed = bound * std::sqrt(2 * kLogTails / n);
  if (std::abs(mean) > mean_allowed)
    return "the mean is " + number(mean) + ", but " + std::to_string(draws.size()) + " draws from " +
           expected + " average 0 within +-" + number(mean_allowed);
  // Spread: squares in [0, b^2] with mean b^2 / 3 have
  // P(|mean square - b^2/3| >= t) <= 2 exp(-2 n t^2 / b^4) (Hoeffding).
  const double mean_square = sum_of_squares / n;
  const double square_allowed = bound * bound * std::sqrt(kLogTails / (2 * n));
  if (std::abs(mean_square - bound * bound / 3) > square_allowed)
    return "the spread (root mean square) is " + number(std::sqrt(mean_square)) + ", but draws from " +
           expected + " spread " + number(bound / std::sqrt(3.0)) + " (between " +
           number(std::sqrt(std::max(0.0, bound * bound / 3 - square_allowed))) + " and " +
           number(std::sqrt(bound * bound / 3 + square_allowed)) + " for " + std::to_string(draws.size()) +
           " draws)";
  // Shape: the largest gap D between the draws' cumulative distribution and U's
  // (Kolmogorov-Smirnov) has P(D > e) <= 2 exp(-2 n e^2) (Dvoretzky-Kiefer-Wolfowitz, Massart).
  std::vector<double> sorted = draws;
  std::sort(sorted.begin(), sorted.end());
  double gap = 0, gap_at = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const double cdf = (sorted[i] + bound) / (2 * bound);
    const double below = static_cast<double>(i) / n, above = static_cast<double>(i + 1) / n;
    const double here = std::max(cdf - below, above - cdf);
    if (here > gap) {
      gap = here;
      gap_at = sorted[i];
    }
  }
  const double gap_allowed = std::sqrt(kLogTails / (2 * n));
  if (gap > gap_allowed)
    return "the values are not spread like " + expected + ": the share of them below " + number(gap_at) +
           " is off by " + number(gap) + " (Kolmogorov-Smirnov; " + std::to_string(draws.size()) +
           " draws allow " + number(gap_allowed) + ")";
  return "";
}

}  // namespace grading
