// The property checks of the main part's tasks (grader/common/layers/: points, names, and the
// tasks compared with fixtures, which need no code here). Each reads what a probe, a separate
// process running the student's code, reported.
#include "grader/judge/checks.h"
#include "grader/judge/tolerance.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace grading;

namespace {

int64_t linear_in() { return fixture_integer("linear_input_size"); }
int64_t linear_out() { return fixture_integer("linear_output_size"); }
int64_t cell_in() { return fixture_integer("lstmcell_input_size"); }
int64_t hidden() { return fixture_integer("lstmcell_hidden_size"); }

ParameterShapes cell_shapes(const std::string& prefix) {
  const int64_t h = hidden();
  return {{prefix + "weight_ih", {4 * h, cell_in()}},
          {prefix + "weight_hh", {4 * h, h}},
          {prefix + "bias_ih", {4 * h}},
          {prefix + "bias_hh", {4 * h}}};
}

// Glorot & Bengio (2010), eq. 16: U(-sqrt(6 / (fan_in + fan_out)), +sqrt(...)).
double xavier_bound(const nlohmann::json& parameter) {
  const auto shape = parameter.at("shape").get<std::vector<int64_t>>();
  return std::sqrt(6.0 / static_cast<double>(shape.at(0) + shape.at(1)));
}

// After init_weight(forget_bias): every weight Xavier-uniform, the forget-gate quarter of both
// LSTM biases forget_bias, every other bias zero.
// `draws` holds each weight's values over many such LSTMs.
void expect_init_weight(const std::string& label, const nlohmann::json& parameters,
                        const nlohmann::json& draws, double forget_bias) {
  for (const char* name : {"lstm.weight_ih", "lstm.weight_hh", "linear.weight"}) {
    if (!parameters.contains(name)) {
      FAIL_CHECK(label << ": no parameter '" << name << "'");
      continue;
    }
    expect_uniform_draws(label + " " + name, draws, name, xavier_bound(parameters.at(name)));
  }
  const int64_t h = hidden();
  for (const char* name : {"lstm.bias_ih", "lstm.bias_hh"}) {
    if (!parameters.contains(name)) {
      FAIL_CHECK(label << ": no parameter '" << name << "'");
      continue;
    }
    FlatTensor bias = flat_tensor_from_json(parameters.at(name).at("values"), name);
    if (bias.shape != std::vector<int64_t>{4 * h}) {
      FAIL_CHECK(label << " " << name << ": shape " << shape_string(bias.shape) << ", expected "
                       << shape_string({4 * h}));
      continue;
    }
    for (int64_t gate = 0; gate < 4; ++gate) {
      FlatTensor quarter{{h}, {bias.values.begin() + gate * h, bias.values.begin() + (gate + 1) * h}};
      const char* gate_name[] = {"input", "forget", "cell", "output"};
      expect_all_equal(label + " " + name + " " + gate_name[gate] + " gate [" +
                           std::to_string(gate * h) + ", " + std::to_string((gate + 1) * h) + ")",
                       quarter, gate == 1 ? forget_bias : 0.0);
    }
  }
  if (parameters.contains("linear.bias"))
    expect_all_equal(label + " linear.bias",
                     flat_tensor_from_json(parameters.at("linear.bias").at("values"), "linear.bias"),
                     0.0);
}

void check_linear_init(const ProbeReport& report) {
  expect_parameters("MyLinear", report.facts.at("parameters"), {{"weight", {linear_out(), linear_in()}},
                                                               {"bias", {linear_out()}}});
  const auto& draws = report.facts.at("draws");
  const double bound = 1.0 / std::sqrt(static_cast<double>(linear_in()));
  for (const char* name : {"weight", "bias"})
    expect_uniform_draws(std::string("MyLinear.") + name, draws, name, bound);
}

void check_lstmcell_init(const ProbeReport& report) {
  expect_parameters("MyLSTMCell", report.facts.at("parameters"), cell_shapes(""));
  const auto& draws = report.facts.at("draws");
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden()));
  for (const auto& p : cell_shapes(""))
    expect_uniform_draws("MyLSTMCell." + p.first, draws, p.first, bound);
}

void check_lstm_init(const ProbeReport& report) {
  const auto& facts = report.facts;
  auto shapes = cell_shapes("lstm.");
  shapes.push_back({"linear.weight", {cell_in(), hidden()}});
  shapes.push_back({"linear.bias", {cell_in()}});
  expect_parameters("LSTM", facts.at("parameters"), shapes);

  const nlohmann::json children = {{"lstm", "MyLSTMCell"}, {"linear", "MyLinear"}, {"bn", "BatchNorm1d"}};
  if (facts.at("children") == children) SUCCEED("submodules lstm, linear, bn");
  else FAIL_CHECK("LSTM: submodules " << facts.at("children").dump() << ", expected " << children.dump());
  for (const auto& member : facts.at("members_registered").items()) {
    if (member.value().get<bool>()) SUCCEED("member " << member.key() << " is registered");
    else FAIL_CHECK("LSTM::" << member.key() << " is not the module registered as \"" << member.key()
                             << "\" (assign it the result of register_module)");
  }
  if (facts.contains("bn")) {
    const auto& bn = facts.at("bn");
    if (bn.at("num_features") == cell_in() && !bn.at("affine").get<bool>() &&
        bn.at("track_running_stats").get<bool>())
      SUCCEED("bn is BatchNorm1d(input_size) without affine parameters, with running statistics");
    else
      FAIL_CHECK("LSTM::bn: num_features " << bn.at("num_features") << ", affine " << bn.at("affine")
                                           << " and track_running_stats " << bn.at("track_running_stats")
                                           << ", expected " << cell_in() << ", false and true");
  }
  if (facts.at("hidden_size") == hidden()) SUCCEED("hidden_size");
  else FAIL_CHECK("LSTM::hidden_size is " << facts.at("hidden_size") << ", expected " << hidden());
}

void check_lstm_init_weight(const ProbeReport& report) {
  const auto& facts = report.facts;
  expect_init_weight("init_weight(" + std::to_string(fixture_number("lstm_forget_bias")) + ")",
                     facts.at("parameters"), facts.at("draws"), fixture_number("lstm_forget_bias"));
  expect_init_weight("init_weight()", facts.at("default_parameters"), facts.at("default_draws"), 1.0);
}

void check_lstm_init_hidden(const ProbeReport& report) {
  const int64_t batch = fixture_integer("lstm_batch_size");
  const FlatTensor zeros{{batch, hidden()}, std::vector<double>(batch * hidden(), 0.0)};
  // The probe runs init_hidden on parameters of each dtype in turn.
  for (const auto& run : report.facts.at("dtypes").items()) {
    const std::string& parameters = run.key();
    for (const char* state : {"h", "c"}) {
      const std::string name = std::string(state) + " on " + parameters + " parameters";
      const std::string what = std::string("LSTM::") + state + " after init_hidden on " + parameters + " parameters";
      if (!report.outputs.contains(name)) FAIL_CHECK(name << ": missing from the result");
      else expect_close(what, report.outputs.at(name), zeros, {0, 0});
      const std::string dtype = run.value().at(state);
      if (dtype == parameters) SUCCEED(what << " has their dtype");
      else FAIL_CHECK(what << " has dtype " << dtype << " (make the state with the parameters' options, "
                                                    "whatever their dtype)");
    }
  }
}

const RegisterPropertyCheck checks[] = {{"linear_init", check_linear_init},
                                        {"lstmcell_init", check_lstmcell_init},
                                        {"lstm_init", check_lstm_init},
                                        {"lstm_init_weight", check_lstm_init_weight},
                                        {"lstm_init_hidden", check_lstm_init_hidden}};

}  // namespace
