#include "grader/common/task_specs.h"

#include <stdexcept>

namespace grading {
namespace {

const std::vector<std::string> kLinearSizes = {"linear_input_size", "linear_output_size"};
const std::vector<std::string> kCellSizes = {"lstmcell_input_size", "lstmcell_hidden_size"};
const std::vector<std::string> kGruSizes = {"grucell_input_size", "grucell_hidden_size"};

std::vector<std::string> join(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<TaskSpec> build() {
  const auto linear_forward = join(kLinearSizes, {"linear_weight", "linear_bias", "linear_input"});
  const auto cell_weights = join(kCellSizes, {"lstmcell_weight_ih", "lstmcell_weight_hh",
                                              "lstmcell_bias_ih", "lstmcell_bias_hh"});
  const auto cell_forward = join(cell_weights, {"lstmcell_h_init", "lstmcell_c_init",
                                                "lstmcell_input"});
  const auto lstm_forward = join(cell_weights, {"lstm_linear_weight", "lstm_linear_bias",
                                                "lstm_inputs", "lstm_h", "lstm_c", "lstm_n_frames",
                                                "lstm_bn_training", "lstm_bn_running_mean",
                                                "lstm_bn_running_var"});
  const auto gru_forward = join(kGruSizes, {"grucell_weight_ih", "grucell_weight_hh",
                                            "grucell_bias_ih", "grucell_bias_hh",
                                            "grucell_h_init", "grucell_input"});
  const std::vector<std::pair<std::string, std::string>> cell_param_grads = {
      {"grad_weight_ih", "lstmcell_grad_weight_ih"}, {"grad_weight_hh", "lstmcell_grad_weight_hh"},
      {"grad_bias_ih", "lstmcell_grad_bias_ih"},     {"grad_bias_hh", "lstmcell_grad_bias_hh"}};
  auto cell_backward_outputs = cell_param_grads;
  cell_backward_outputs.insert(cell_backward_outputs.end(),
                               {{"grad_input", "lstmcell_grad_input"},
                                {"grad_h", "lstmcell_grad_h_init"},
                                {"grad_c", "lstmcell_grad_c_init"}});
  return {
      {"linear_init", Part::main, kLinearSizes, {}},
      {"linear_forward", Part::main, linear_forward, {{"output", "linear_output"}}},
      {"linear_backward", Part::main, join(linear_forward, {"linear_grad_output"}),
       {{"grad_input", "linear_grad_input"},
        {"grad_weight", "linear_grad_weight"},
        {"grad_bias", "linear_grad_bias"}}},
      {"lstm_state_update", Part::main,
       {"lstm_update_gates", "lstm_update_c", "lstm_update_conv_gates", "lstm_update_conv_c"},
       {{"h", "lstm_update_h_out"},
        {"c", "lstm_update_c_out"},
        {"conv_h", "lstm_update_conv_h_out"},
        {"conv_c", "lstm_update_conv_c_out"}}},
      {"lstmcell_init", Part::main, kCellSizes, {}},
      {"lstmcell_forward", Part::main, cell_forward,
       {{"h", "lstmcell_output"}, {"c", "lstmcell_cout"}}},
      {"lstmcell_backward", Part::main,
       join(cell_forward, {"lstmcell_grad_output", "lstmcell_grad_cout"}), cell_backward_outputs},
      {"lstm_init", Part::main, kCellSizes, {}},
      {"lstm_init_weight", Part::main, join(kCellSizes, {"lstm_forget_bias"}), {}},
      {"lstm_init_hidden", Part::main, join(kCellSizes, {"lstm_batch_size"}), {}},
      {"lstm_forward", Part::main, lstm_forward,
       {{"output", "lstm_output"},
        {"output_eval", "lstm_output_eval"},
        {"h", "lstm_h_final"},
        {"c", "lstm_c_final"},
        {"bn_running_mean", "lstm_bn_running_mean_final"},
        {"bn_running_var", "lstm_bn_running_var_final"}},
       false,
       {"lstm_output", "lstm_output_eval"}},
      {"lstm_backward", Part::main, join(lstm_forward, {"lstm_grad_output"}),
       {{"grad_inputs", "lstm_grad_inputs"},
        {"grad_h", "lstm_grad_h"},
        {"grad_c", "lstm_grad_c"},
        {"grad_weight_ih", "lstm_grad_weight_ih"},
        {"grad_weight_hh", "lstm_grad_weight_hh"},
        {"grad_bias_ih", "lstm_grad_bias_ih"},
        {"grad_bias_hh", "lstm_grad_bias_hh"},
        {"grad_linear_weight", "lstm_grad_linear_weight"},
        {"grad_linear_bias", "lstm_grad_linear_bias"}}},
      {"main_on_cuda", Part::main, join(linear_forward, join(cell_forward, lstm_forward)), {}, true},

      {"grucell_init", Part::extra, kGruSizes, {}},
      {"gru_state_update", Part::extra, {"gru_update_gi", "gru_update_gh", "gru_update_h"},
       {{"h", "gru_update_h_out"}}},
      {"grucell_forward", Part::extra, gru_forward, {{"h", "grucell_output"}}},
      {"grucell_backward", Part::extra, join(gru_forward, {"grucell_grad_output"}),
       {{"grad_input", "grucell_grad_input"},
        {"grad_h", "grucell_grad_h_init"},
        {"grad_weight_ih", "grucell_grad_weight_ih"},
        {"grad_weight_hh", "grucell_grad_weight_hh"},
        {"grad_bias_ih", "grucell_grad_bias_ih"},
        {"grad_bias_hh", "grucell_grad_bias_hh"}}},
      {"extra_on_cuda", Part::extra, gru_forward, {}, true},
  };
}

}  // namespace

const std::vector<TaskSpec>& task_specs() {
  static const std::vector<TaskSpec> specs = build();
  return specs;
}

const TaskSpec& task_spec(const std::string& name) {
  for (const auto& spec : task_specs())
    if (spec.name == name) return spec;
  throw std::out_of_range("no graded task named '" + name + "'");
}

const char* part_name(Part part) { return part == Part::main ? "main" : "extra"; }

}  // namespace grading
