// The property checks of the extra-credit GRU's tasks (grader/common/layers/gru_cell.cpp: points,
// names, and the tasks compared with fixtures, which need no code here).
#include "grader/judge/checks.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace grading;

namespace {

void check_grucell_init(const ProbeReport& report) {
  const int64_t h = fixture_integer("grucell_hidden_size");
  const ParameterShapes shapes = {{"weight_ih", {3 * h, fixture_integer("grucell_input_size")}},
                                  {"weight_hh", {3 * h, h}},
                                  {"bias_ih", {3 * h}},
                                  {"bias_hh", {3 * h}}};
  expect_parameters("MyGRUCell", report.facts.at("parameters"), shapes);
  const auto& draws = report.facts.at("draws");
  const double bound = 1.0 / std::sqrt(static_cast<double>(h));
  for (const auto& p : shapes)
    expect_uniform_draws("MyGRUCell." + p.first, draws, p.first, bound);
}

const RegisterPropertyCheck checks[] = {{"grucell_init", check_grucell_init}};

}  // namespace
