#include "grader/judge/compare.h"

#include <cmath>
#include <iomanip>
#include <sstream>
#include <vector>

namespace grading {

std::string number(double v) {
  std::ostringstream text;
  text << std::setprecision(6) << v;
  return text.str();
}

namespace {

std::string small(double v) {
  std::ostringstream text;
  text << std::scientific << std::setprecision(1) << v;
  return text.str();
}

// "frame 0 right, frames 1-5 off": runs of frames that are all right or not.
std::string frame_runs(const std::vector<bool>& off) {
  std::string text;
  for (size_t start = 0; start < off.size();) {
    size_t end = start;
    while (end + 1 < off.size() && off[end + 1] == off[start]) ++end;
    text += std::string(text.empty() ? "" : ", ") + (end > start ? "frames " : "frame ") + std::to_string(start) +
            (end > start ? "-" + std::to_string(end) : "") + (off[start] ? " off" : " right");
    start = end + 1;
  }
  return text;
}

}  // namespace

std::string parse_tensor(const std::string& what, const nlohmann::json& json, FlatTensor& out) {
  if (json.is_null()) return what + ": undefined tensor (nothing computed it, or no gradient reached it)";
  try {
    out = flat_tensor_from_json(json, what);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::string mismatch(const std::string& what, const nlohmann::json& actual_json,
                     const FlatTensor& expected, Tolerance tolerance, bool per_frame) {
  FlatTensor actual;
  const std::string problem = parse_tensor(what, actual_json, actual);
  if (!problem.empty()) return problem;
  if (actual.shape != expected.shape)
    return what + ": shape " + shape_string(actual.shape) + ", expected " + shape_string(expected.shape);
  const std::string label = what + " " + shape_string(expected.shape);
  int64_t worst = -1;
  int64_t outside = 0;
  double worst_excess = 0;
  const int64_t frames = per_frame && expected.shape.size() > 1 ? expected.shape[0] : 0;
  std::vector<bool> frame_off(static_cast<size_t>(frames), false);
  for (size_t i = 0; i < actual.values.size(); ++i) {
    const double a = actual.values[i];
    const double e = expected.values[i];
    // Expected values from fixtures are finite; a known mistake's output may not be.
    if (std::isnan(a) && std::isnan(e)) continue;
    if (std::isinf(a) && a == e) continue;
    if (!std::isfinite(a))
      return label + ": " + (std::isnan(a) ? "NaN" : "infinity") + " at " +
             index_string(expected.shape, static_cast<int64_t>(i)) + ", expected " + number(e);
    const double excess = tolerance.excess(a, e);
    if (excess > 0) ++outside;
    if (excess > 0 && frames > 0) frame_off[i / (actual.values.size() / static_cast<size_t>(frames))] = true;
    if (excess > 0 && (worst < 0 || excess > worst_excess)) {
      worst = static_cast<int64_t>(i);
      worst_excess = excess;
    }
  }
  if (worst < 0) return "";
  const double a = actual.values[worst];
  const double e = expected.values[worst];
  return label + ": " + std::to_string(outside) + " of " + std::to_string(actual.values.size()) +
         " elements off; largest error " + small(std::abs(a - e)) + " at " +
         index_string(expected.shape, worst) + ": expected " + number(e) + ", got " + number(a) +
         " (tolerance " + small(tolerance.absolute) + " + " + small(tolerance.relative) +
         " * |expected|)" + (frames > 1 ? "; " + frame_runs(frame_off) : "");
}

}  // namespace grading
