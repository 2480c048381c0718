// The graded tests of the extra-credit GRU (10 points). Tags: [extra] and [pts=N].
#include "grader/judge/checks.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace grading;

TEST_CASE("MyGRUCell init", "[extra][pts=2]") {
  const ProbeReport* report = graded_report("grucell_init");
  if (!report) return;
  const int64_t h = fixture_integer("grucell_hidden_size");
  const ParameterShapes shapes = {{"weight_ih", {3 * h, fixture_integer("grucell_input_size")}},
                                  {"weight_hh", {3 * h, h}},
                                  {"bias_ih", {3 * h}},
                                  {"bias_hh", {3 * h}}};
  expect_parameters("MyGRUCell", report->facts.at("parameters"), shapes);
  const auto& draws = report->facts.at("draws");
  const double bound = 1.0 / std::sqrt(static_cast<double>(h));
  for (const auto& p : shapes)
    if (draws.contains(p.first)) expect_uniform("MyGRUCell." + p.first, draws.at(p.first), bound);
}

TEST_CASE("gru_state_update", "[extra][pts=3]") { expect_task_matches_fixtures("gru_state_update"); }

TEST_CASE("MyGRUCell forward", "[extra][pts=3]") { expect_task_matches_fixtures("grucell_forward"); }

TEST_CASE("MyGRUCell backward", "[extra][pts=2]") { expect_task_matches_fixtures("grucell_backward"); }

TEST_CASE("extra part on CUDA agrees with CPU", "[extra][cuda][pts=0]") {
  expect_cuda_matches_cpu("extra_on_cuda");
}
