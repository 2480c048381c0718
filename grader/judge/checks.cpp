#include "grader/judge/checks.h"

#include "grader/common/probe_protocol.h"

#include "grader/judge/compare.h"
#include "grader/judge/tolerance.h"
#include "grader/judge/uniform_fit.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

namespace grading {
namespace {

bool parse_or_fail(const std::string& what, const nlohmann::json& json, FlatTensor& out) {
  const std::string problem = parse_tensor(what, json, out);
  if (!problem.empty()) FAIL_CHECK(problem);
  return problem.empty();
}

}  // namespace

const ProbeReport* graded_report(const std::string& task) {
  const GradingContext& ctx = context();
  if (!ctx.refusal.empty()) {
    FAIL_CHECK(ctx.refusal);
    return nullptr;
  }
  if (!ctx.compile_errors.empty()) {
    FAIL_CHECK(ctx.submission << " did not compile (the compiler's errors are below the table)");
    return nullptr;
  }
  if (!ctx.source_violations.empty()) {
    for (const auto& use : ctx.source_violations)
      FAIL_CHECK(use);
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
  // Only a task that needs a device this machine may lack can be skipped; the CPU tasks run
  // everywhere, and a probe that says otherwise has not done its task.
  if (!found->second.skipped.empty() && !task_spec(task).on_cuda) {
    FAIL_CHECK("skipped a task that runs everywhere (" << found->second.skipped << ")");
    return nullptr;
  }
  return &found->second;
}

void expect_task_matches_fixtures(const std::string& task) {
  const ProbeReport* report = graded_report(task);
  if (!report) return;
  bool all_match = true;
  for (const auto& output : task_spec(task).outputs) {
    const std::string what = output.first + " (" + output.second + ")";
    if (!report->outputs.contains(output.first)) {
      FAIL_CHECK(what << ": missing from the result");
      all_match = false;
      continue;
    }
    const auto& per_frame = task_spec(task).per_frame;
    const std::string problem = mismatch(what, report->outputs.at(output.first),
                                         fixture_tensor(output.second),
                                         {tolerance::kAbsolute, tolerance::kRelative},
                                         std::find(per_frame.begin(), per_frame.end(), output.second) != per_frame.end());
    if (problem.empty()) {
      SUCCEED(what << " matches");
    } else {
      FAIL_CHECK(problem);
      all_match = false;
    }
  }
  if (all_match) return;
  // A hints file may hold less than the level allows (the handout's holds only what its
  // level shows): each hint says the most that both allow.
  const HintLevel level = context().hint_level;
  std::set<std::string> said;  // several mistakes may share a nudge
  for (const nlohmann::json* mistake : matching_mistakes(task, *report)) {
    std::string hint;
    if (level == HintLevel::mistake && mistake->contains("mistake"))
      hint = "hint: your output is exactly what this known mistake gives: " + mistake->at("mistake").get<std::string>();
    else if (level != HintLevel::numbers && mistake->contains("nudge"))
      hint = "hint: a known mistake gives exactly this output. " + mistake->at("nudge").get<std::string>();
    if (!hint.empty() && said.insert(hint).second) FAIL_CHECK(hint);
  }
}

void expect_cuda_matches_cpu(const std::string& task) {
  const ProbeReport* report = graded_report(task);
  if (!report) return;
  if (!report->skipped.empty()) {
    skip_test(report->skipped);
    return;
  }
  for (const auto& output : report->outputs.items()) {
    const std::string& name = output.key();
    if (!report->outputs_on_cuda.contains(name)) {
      FAIL_CHECK(name << " on CUDA: missing from the result");
      continue;
    }
    FlatTensor on_cpu;
    if (parse_or_fail(name + " on CPU", output.value(), on_cpu))
      expect_close(name + " on CUDA", report->outputs_on_cuda.at(name), on_cpu,
                   {tolerance::kDeviceAbsolute, tolerance::kDeviceRelative});
  }
}

void expect_close(const std::string& what, const nlohmann::json& actual,
                  const FlatTensor& expected, Tolerance tolerance) {
  const std::string problem = mismatch(what, actual, expected, tolerance);
  if (problem.empty()) SUCCEED(what << " matches");
  else FAIL_CHECK(problem);
}

std::vector<const nlohmann::json*> matching_mistakes(const std::string& task, const ProbeReport& report) {
  std::vector<const nlohmann::json*> matches;
  const auto& hints = context().hints;
  if (!hints.contains(task)) return matches;
  const Tolerance tolerance{tolerance::kAbsolute, tolerance::kRelative};
  for (const auto& mistake : hints.at(task)) {
    bool all_match = true;
    for (const auto& output : mistake.at("outputs").items()) {
      FlatTensor expected;
      all_match = report.outputs.contains(output.key()) &&
                  parse_tensor(output.key(), output.value(), expected).empty() &&
                  mismatch(output.key(), report.outputs.at(output.key()), expected, tolerance).empty();
      if (!all_match) break;
    }
    if (all_match) matches.push_back(&mistake);
  }
  return matches;
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

void expect_uniform(const std::string& what, const nlohmann::json& draws, double bound) {
  FlatTensor t;
  if (!parse_or_fail(what, draws, t)) return;
  const std::string misfit = uniform_misfit(t.values, bound);
  if (misfit.empty()) SUCCEED(what << ": " << t.values.size() << " draws look like U(-" << number(bound) << ", " << number(bound) << ")");
  else FAIL_CHECK(what << ": " << misfit);
}

void expect_uniform_draws(const std::string& what, const nlohmann::json& draws_by_name, const std::string& name,
                          double bound) {
  if (!draws_by_name.is_object() || !draws_by_name.contains(name)) {
    FAIL_CHECK(what << ": no values of it were drawn (a layer built as the test builds it has no parameter '"
                    << name << "')");
    return;
  }
  const auto& draws = draws_by_name.at(name);
  if (!draws.is_array() || draws.size() < static_cast<size_t>(kInitDraws)) {
    FAIL_CHECK(what << ": " << (draws.is_array() ? draws.size() : 0) << " values were drawn, fewer than the "
                    << kInitDraws << " the test draws (do layers made after the first register it?)");
    return;
  }
  expect_uniform(what, draws, bound);
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

namespace {
std::map<std::string, PropertyCheck>& property_checks() {
  static std::map<std::string, PropertyCheck> checks;
  return checks;
}
}  // namespace

RegisterPropertyCheck::RegisterPropertyCheck(const char* task, PropertyCheck check) {
  property_checks()[task] = check;
}

PropertyCheck property_check(const std::string& task) {
  const auto found = property_checks().find(task);
  return found == property_checks().end() ? nullptr : found->second;
}

}  // namespace grading
