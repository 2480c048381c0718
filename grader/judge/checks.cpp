#include "grader/judge/checks.h"

#include "grader/judge/tolerance.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <iomanip>
#include <set>
#include <sstream>

namespace grading {
namespace {

std::string number(double v) {
  std::ostringstream text;
  text << std::setprecision(6) << v;
  return text.str();
}

std::string small(double v) {
  std::ostringstream text;
  text << std::scientific << std::setprecision(1) << v;
  return text.str();
}

bool parse(const std::string& what, const nlohmann::json& json, FlatTensor& out) {
  if (json.is_null()) {
    FAIL_CHECK(what << ": undefined tensor (nothing computed it, or no gradient reached it)");
    return false;
  }
  try {
    out = flat_tensor_from_json(json, what);
    return true;
  } catch (const std::exception& e) {
    FAIL_CHECK(e.what());
    return false;
  }
}

}  // namespace

const ProbeReport* graded_report(const std::string& task) {
  const GradingContext& ctx = context();
  if (!ctx.compile_errors.empty()) {
    FAIL_CHECK(ctx.submission << " did not compile (the compiler's errors are below the table)");
    return nullptr;
  }
  if (!ctx.source_violations.empty()) {
    for (const auto& use : ctx.source_violations)
      FAIL_CHECK(use << " is torch's own layer, which this assignment forbids");
    return nullptr;
  }
  const auto found = ctx.reports.find(task);
  if (found == ctx.reports.end()) {
    FAIL_CHECK("the grader ran no probe for task '" << task << "'");
    return nullptr;
  }
  if (!found->second.failure.empty()) {
    FAIL_CHECK(found->second.failure);
    return nullptr;
  }
  return &found->second;
}

void expect_task_matches_fixtures(const std::string& task) {
  const ProbeReport* report = graded_report(task);
  if (!report) return;
  for (const auto& output : task_spec(task).outputs) {
    const std::string what = output.first + " (" + output.second + ")";
    if (!report->outputs.contains(output.first)) {
      FAIL_CHECK(what << ": missing from the result");
      continue;
    }
    expect_close(what, report->outputs.at(output.first), fixture_tensor(output.second),
                 {tolerance::kAbsolute, tolerance::kRelative});
  }
}

void expect_cuda_matches_cpu(const std::string& task) {
  const ProbeReport* report = graded_report(task);
  if (!report) return;
  if (report->facts.contains("skipped")) {
    skip_test(report->facts.at("skipped").get<std::string>());
    return;
  }
  const std::string cpu_suffix = " on CPU";
  for (const auto& output : report->outputs.items()) {
    const std::string& name = output.key();
    if (name.size() < cpu_suffix.size() ||
        name.compare(name.size() - cpu_suffix.size(), cpu_suffix.size(), cpu_suffix) != 0)
      continue;
    const std::string on_cuda = name.substr(0, name.size() - cpu_suffix.size()) + " on CUDA";
    if (!report->outputs.contains(on_cuda)) {
      FAIL_CHECK(on_cuda << ": missing from the result");
      continue;
    }
    FlatTensor on_cpu;
    if (parse(name, output.value(), on_cpu))
      expect_close(on_cuda, report->outputs.at(on_cuda), on_cpu,
                   {tolerance::kDeviceAbsolute, tolerance::kDeviceRelative});
  }
}

void expect_close(const std::string& what, const nlohmann::json& actual_json,
                  const FlatTensor& expected, Tolerance tolerance) {
  FlatTensor actual;
  if (!parse(what, actual_json, actual)) return;
  if (actual.shape != expected.shape) {
    FAIL_CHECK(what << ": shape " << shape_string(actual.shape) << ", expected "
                    << shape_string(expected.shape));
    return;
  }
  const std::string label = what + " " + shape_string(expected.shape);
  int64_t worst = -1;
  int64_t outside = 0;
  double worst_excess = 0;
  for (size_t i = 0; i < actual.values.size(); ++i) {
    const double a = actual.values[i];
    const double e = expected.values[i];
    if (!std::isfinite(a)) {
      FAIL_CHECK(label << ": " << (std::isnan(a) ? "NaN" : "infinity") << " at "
                       << index_string(expected.shape, static_cast<int64_t>(i)) << ", expected "
                       << number(e));
      return;
    }
    const double excess = std::abs(a - e) - (tolerance.absolute + tolerance.relative * std::abs(e));
    if (excess > 0) ++outside;
    if (excess > 0 && (worst < 0 || excess > worst_excess)) {
      worst = static_cast<int64_t>(i);
      worst_excess = excess;
    }
  }
  if (worst < 0) {
    SUCCEED(label << " matches");
    return;
  }
  const double a = actual.values[worst];
  const double e = expected.values[worst];
  FAIL_CHECK(label << ": " << outside << " of " << actual.values.size()
                   << " elements off; largest error " << small(std::abs(a - e)) << " at "
                   << index_string(expected.shape, worst) << ": expected " << number(e)
                   << ", got " << number(a) << " (tolerance " << small(tolerance.absolute)
                   << " + " << small(tolerance.relative) << " * |expected|)");
}

void expect_parameters(const std::string& module, const nlohmann::json& parameters,
                       const ParameterShapes& expected) {
  std::set<std::string> wanted;
  std::string wanted_list;
  for (const auto& p : expected) {
    wanted.insert(p.first);
    wanted_list += (wanted_list.empty() ? "" : ", ") + p.first;
  }
  bool ok = true;
  for (const auto& item : parameters.items()) {
    if (!wanted.count(item.key())) {
      FAIL_CHECK(module << ": unexpected parameter '" << item.key() << "' (PyTorch's has "
                        << wanted_list << ")");
      ok = false;
    }
  }
  for (const auto& p : expected) {
    if (!parameters.contains(p.first)) {
      FAIL_CHECK(module << ": no parameter registered as '" << p.first << "'");
      ok = false;
      continue;
    }
    const auto& found = parameters.at(p.first);
    const auto shape = found.at("shape").get<std::vector<int64_t>>();
    if (shape != p.second) {
      FAIL_CHECK(module << "." << p.first << ": shape " << shape_string(shape) << ", expected "
                        << shape_string(p.second));
      ok = false;
    }
    if (!found.at("requires_grad").get<bool>()) {
      FAIL_CHECK(module << "." << p.first << " does not require gradients");
      ok = false;
    }
  }
  if (ok) SUCCEED(module << " registers " << wanted_list);
}

void expect_uniform(const std::string& what, const nlohmann::json& parameter, double bound) {
  FlatTensor t;
  if (!parse(what, parameter.at("values"), t)) return;
  const auto n = static_cast<double>(t.values.size());
  double lo = INFINITY, hi = -INFINITY, sum = 0, sum_sq = 0;
  for (double v : t.values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
    sum_sq += v * v;
  }
  const std::string expected = "U(-" + number(bound) + ", " + number(bound) + ")";
  if (lo < -bound * (1 + 1e-6) || hi > bound * (1 + 1e-6)) {
    FAIL_CHECK(what << ": values reach [" << number(lo) << ", " << number(hi)
                    << "], outside the bounds of " << expected);
    return;
  }
  if (n >= 2 && hi == lo) {
    FAIL_CHECK(what << ": every value is " << number(lo) << ", expected random draws from "
                    << expected);
    return;
  }
  // A uniform sample of 100 or more has a variance within 35% of bound^2 / 3 (> 4 sigma).
  if (n >= 100) {
    const double variance = sum_sq / n - (sum / n) * (sum / n);
    const double ratio = variance / (bound * bound / 3);
    if (std::abs(ratio - 1) > 0.35) {
      FAIL_CHECK(what << ": variance " << number(variance) << " is " << number(ratio)
                      << " times that of " << expected);
      return;
    }
  }
  SUCCEED(what << " looks like " << expected);
}

void expect_all_equal(const std::string& what, const FlatTensor& values, double value) {
  for (size_t i = 0; i < values.values.size(); ++i) {
    if (values.values[i] != value) {
      FAIL_CHECK(what << " " << shape_string(values.shape) << ": "
                      << number(values.values[i]) << " at "
                      << index_string(values.shape, static_cast<int64_t>(i)) << ", expected "
                      << number(value));
      return;
    }
  }
  SUCCEED(what << " is " << number(value));
}

FlatTensor fixture_tensor(const std::string& key) {
  return flat_tensor_from_json(context().fixtures.at(key), key);
}
int64_t fixture_integer(const std::string& key) { return context().fixtures.at(key).get<int64_t>(); }
double fixture_number(const std::string& key) { return context().fixtures.at(key).get<double>(); }

void skip_test(const std::string& reason) {
  context().skipped[Catch::getResultCapture().getCurrentTestName()] = reason;
}

}  // namespace grading
