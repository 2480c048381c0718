// The assertions graded tests are written with. Each records a Catch2 success or a one-line
// failure that says which tensor, its shape, the largest error and where, and expected
// against actual there.
#pragma once

#include "grader/common/flat_tensor.h"
#include "grader/judge/compare.h"
#include "grader/judge/grading_context.h"

#include <string>
#include <utility>
#include <vector>

namespace grading {

// The probe's report for `task`, or nullptr after failing the test with the reason (did not
// compile, forbidden layer in the source, not implemented, threw, crashed, timed out, ...).
const ProbeReport* graded_report(const std::string& task);

// Compares every output of `task` with its fixture value.
void expect_task_matches_fixtures(const std::string& task);

// The check of a property task (one without expected outputs, such as an initialisation):
// its probe's facts against PyTorch's rules. Each registers under its task's name
// (tests/graded/), and tests/graded/graded_tests.cpp runs it as the task's test.
using PropertyCheck = void (*)(const ProbeReport& report);
struct RegisterPropertyCheck {
  RegisterPropertyCheck(const char* task, PropertyCheck check);
};
PropertyCheck property_check(const std::string& task);  // nullptr when none is registered

// Compares each output of `task` on CUDA with the same on the CPU; skips the test without CUDA.
void expect_cuda_matches_cpu(const std::string& task);

void expect_close(const std::string& what, const nlohmann::json& actual,
                  const FlatTensor& expected, Tolerance tolerance);

// The known mistakes (GradingContext::hints) whose outputs for `task` the report matches.
std::vector<const nlohmann::json*> matching_mistakes(const std::string& task, const ProbeReport& report);

// Registered parameters are exactly these names and shapes, and require gradients.
using ParameterShapes = std::vector<std::pair<std::string, std::vector<int64_t>>>;
void expect_parameters(const std::string& module, const nlohmann::json& parameters,
                       const ParameterShapes& expected);

// `draws` (a list of one parameter's values over many freshly made layers) pass
// uniform_misfit's range, mean, spread and Kolmogorov-Smirnov checks for U(-bound, bound).
void expect_uniform(const std::string& what, const nlohmann::json& draws, double bound);

// expect_uniform on `draws_by_name`'s draws of `name`; their absence fails: a parameter of which
// the probe drew nothing is never a pass.
void expect_uniform_draws(const std::string& what, const nlohmann::json& draws_by_name, const std::string& name,
                          double bound);

// Every element equals `value` (an exact initialisation, such as a bias set to zero).
void expect_all_equal(const std::string& what, const FlatTensor& values, double value);

FlatTensor fixture_tensor(const std::string& key);
int64_t fixture_integer(const std::string& key);
double fixture_number(const std::string& key);

// Marks the running test skipped (for example, no CUDA device), not passed.
void skip_test(const std::string& reason);

}  // namespace grading
