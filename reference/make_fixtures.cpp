// make_fixtures --set visible|hidden --out FILE
//
// Writes a fixture file: random inputs and the reference implementation's outputs for every
// graded task (grader/common/task_specs.h), computed by the same task code that probes a
// submission. Deterministic: the same set gives the same bytes on every run.
#include "grader/common/json_file.h"
#include "grader/common/task_specs.h"
#include "grader/probe/task_registry.h"
#include "grader/probe/torch_json.h"

#include <torch/utils.h>

#include <CLI/CLI.hpp>

#include <cmath>
#include <iostream>

namespace {

using nlohmann::json;

// Sizes and seed of one fixture set. The hidden set differs in every size and uses shapes
// that are not square. Both run the LSTM in training mode (then again in eval mode), with a
// batch of more than one, so that BatchNorm's statistics over each frame's batch are tested. Input and output sizes
// differ enough (17 vs 9, 12 vs 5) that an initial range computed from the wrong one shows.
struct FixtureSet {
  uint64_t seed;
  int64_t linear_in, linear_out, linear_batch;
  int64_t cell_in, cell_hidden, cell_batch;
  int64_t lstm_batch, lstm_frames;
  double forget_bias;
  bool bn_training;
  int64_t update_batch, update_hidden, conv_hidden, conv_height, conv_width;
  int64_t gru_in, gru_hidden, gru_batch;
};

const FixtureSet kVisible{417, 17, 9, 3, 10, 15, 4, 5, 6, 1.5, true, 3, 5, 3, 4, 5, 12, 5, 3};
const FixtureSet kHidden{20261122, 13, 5, 1, 6, 11, 1, 3, 9, 0.75, true, 1, 7, 2, 3, 6, 5, 9, 1};

// Gate pre-activations of order one keep sigmoid and tanh off their flat tails, so that
// every plausible mistake moves the outputs well past the tolerance.
torch::Tensor weight(int64_t rows, int64_t cols) {
  return torch::randn({rows, cols}) / std::sqrt(static_cast<double>(cols));
}
torch::Tensor normal(std::vector<int64_t> shape, double scale = 1.0) {
  return torch::randn(shape) * scale;
}

json random_inputs(const FixtureSet& s) {
  using grading::tensor_to_json;
  json f;
  f["linear_input_size"] = s.linear_in;
  f["linear_output_size"] = s.linear_out;
  f["linear_weight"] = tensor_to_json(weight(s.linear_out, s.linear_in));
  f["linear_bias"] = tensor_to_json(normal({s.linear_out}, 0.5));
  f["linear_input"] = tensor_to_json(normal({s.linear_batch, s.linear_in}));
  f["linear_grad_output"] = tensor_to_json(normal({s.linear_batch, s.linear_out}));

  const int64_t h = s.cell_hidden;
  f["lstmcell_input_size"] = s.cell_in;
  f["lstmcell_hidden_size"] = h;
  f["lstmcell_weight_ih"] = tensor_to_json(weight(4 * h, s.cell_in));
  f["lstmcell_weight_hh"] = tensor_to_json(weight(4 * h, h));
  f["lstmcell_bias_ih"] = tensor_to_json(normal({4 * h}, 0.5));
  f["lstmcell_bias_hh"] = tensor_to_json(normal({4 * h}, 0.5));
  f["lstmcell_input"] = tensor_to_json(normal({s.cell_batch, s.cell_in}));
  f["lstmcell_h_init"] = tensor_to_json(normal({s.cell_batch, h}, 0.5));
  f["lstmcell_c_init"] = tensor_to_json(normal({s.cell_batch, h}));
  f["lstmcell_grad_output"] = tensor_to_json(normal({s.cell_batch, h}));
  f["lstmcell_grad_cout"] = tensor_to_json(normal({s.cell_batch, h}));

  f["lstm_batch_size"] = s.lstm_batch;
  f["lstm_n_frames"] = s.lstm_frames;
  f["lstm_forget_bias"] = s.forget_bias;
  f["lstm_bn_training"] = s.bn_training;
  f["lstm_linear_weight"] = tensor_to_json(weight(s.cell_in, h));
  f["lstm_linear_bias"] = tensor_to_json(normal({s.cell_in}, 0.5));
  f["lstm_inputs"] = tensor_to_json(normal({s.lstm_batch, s.cell_in}));
  f["lstm_h"] = tensor_to_json(normal({s.lstm_batch, h}, 0.5));
  f["lstm_c"] = tensor_to_json(normal({s.lstm_batch, h}));
  f["lstm_grad_output"] = tensor_to_json(normal({s.lstm_frames, s.lstm_batch, s.cell_in}));

  f["lstm_update_gates"] = tensor_to_json(normal({s.update_batch, 4 * s.update_hidden}));
  f["lstm_update_c"] = tensor_to_json(normal({s.update_batch, s.update_hidden}));
  f["lstm_update_conv_gates"] = tensor_to_json(
      normal({s.update_batch, 4 * s.conv_hidden, s.conv_height, s.conv_width}));
  f["lstm_update_conv_c"] = tensor_to_json(
      normal({s.update_batch, s.conv_hidden, s.conv_height, s.conv_width}));

  const int64_t g = s.gru_hidden;
  f["grucell_input_size"] = s.gru_in;
  f["grucell_hidden_size"] = g;
  f["grucell_weight_ih"] = tensor_to_json(weight(3 * g, s.gru_in));
  f["grucell_weight_hh"] = tensor_to_json(weight(3 * g, g));
  f["grucell_bias_ih"] = tensor_to_json(normal({3 * g}, 0.5));
  f["grucell_bias_hh"] = tensor_to_json(normal({3 * g}, 0.5));
  f["grucell_input"] = tensor_to_json(normal({s.gru_batch, s.gru_in}));
  f["grucell_h_init"] = tensor_to_json(normal({s.gru_batch, g}, 0.5));
  f["grucell_grad_output"] = tensor_to_json(normal({s.gru_batch, g}));
  f["gru_update_gi"] = tensor_to_json(normal({s.update_batch, 3 * s.update_hidden}));
  f["gru_update_gh"] = tensor_to_json(normal({s.update_batch, 3 * s.update_hidden}));
  f["gru_update_h"] = tensor_to_json(normal({s.update_batch, s.update_hidden}, 0.5));

  // BatchNorm's running statistics before LSTM::forward: away from their initial 0 and 1, so
  // that eval mode shows whether they are used. Drawn last, leaving the values above as they were.
  f["lstm_bn_running_mean"] = tensor_to_json(normal({s.cell_in}, 0.5));
  f["lstm_bn_running_var"] = tensor_to_json(torch::rand({s.cell_in}) + 0.5);
  return f;
}

// Runs every task that has expected outputs and stores them under their fixture keys.
void add_reference_outputs(json& fixtures) {
  for (const auto& spec : grading::task_specs()) {
    if (spec.outputs.empty()) continue;
    json inputs;
    for (const auto& key : spec.inputs) inputs[key] = fixtures.at(key);
    const grading::TaskResult result = grading::task_registry().at(spec.name)(inputs);
    for (const auto& output : spec.outputs)
      fixtures[output.second] = grading::tensor_to_json(result.outputs.at(output.first));
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Write a fixture file from the reference implementation."};
  std::string set_name;
  std::string out_path;
  app.add_option("--set", set_name, "which fixture set")->required()->check(
      CLI::IsMember({"visible", "hidden"}));
  app.add_option("--out", out_path, "where to write it")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    torch::set_num_threads(1);
    const FixtureSet& set = set_name == "visible" ? kVisible : kHidden;
    torch::manual_seed(set.seed);
    json fixtures = random_inputs(set);
    add_reference_outputs(fixtures);
    grading::write_one_key_per_line(fixtures, out_path);
    std::cout << "wrote " << out_path << " (" << fixtures.size() << " keys, seed " << set.seed
              << ")\n";
  } catch (const std::exception& e) {
    std::cerr << "make_fixtures: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
