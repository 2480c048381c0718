#include "grader/common/fixture_shapes.h"

#include "grader/common/flat_tensor.h"

#include <sstream>
#include <stdexcept>

namespace grading {
namespace {

// One entry per tensor key. Each dimension is a size key of the fixture file ("4*K" for four
// times it, the LSTM's stacked gates) or, when no such key exists, a free name bound on first
// use (a batch size, a feature map's height).
const std::map<std::string, std::string>& shape_rules() {
  static const std::map<std::string, std::string> rules = [] {
    std::map<std::string, std::string> r;
    const std::string lin_in = "linear_input_size", lin_out = "linear_output_size";
    for (const auto& key : {"linear_weight", "linear_grad_weight"}) r[key] = lin_out + " " + lin_in;
    for (const auto& key : {"linear_bias", "linear_grad_bias"}) r[key] = lin_out;
    for (const auto& key : {"linear_input", "linear_grad_input"}) r[key] = "linear_batch " + lin_in;
    for (const auto& key : {"linear_output", "linear_grad_output"}) r[key] = "linear_batch " + lin_out;

    r["lstm_update_gates"] = "update_batch 4*update_hidden";
    for (const auto& key : {"lstm_update_c", "lstm_update_h_out", "lstm_update_c_out"})
      r[key] = "update_batch update_hidden";
    r["lstm_update_conv_gates"] = "conv_batch 4*conv_channels conv_height conv_width";
    for (const auto& key : {"lstm_update_conv_c", "lstm_update_conv_h_out", "lstm_update_conv_c_out"})
      r[key] = "conv_batch conv_channels conv_height conv_width";

    // MyLSTMCell, and the LSTM that wraps one: the LSTM's cell takes the lstmcell_ weights, and
    // its gradients have their shapes; batch sizes are each task's own.
    const std::string in = "lstmcell_input_size", hidden = "lstmcell_hidden_size";
    for (const std::string prefix : {"lstmcell_", "lstmcell_grad_", "lstm_grad_"}) {
      r[prefix + "weight_ih"] = "4*" + hidden + " " + in;
      r[prefix + "weight_hh"] = "4*" + hidden + " " + hidden;
      r[prefix + "bias_ih"] = r[prefix + "bias_hh"] = "4*" + hidden;
    }
    for (const auto& key : {"lstmcell_h_init", "lstmcell_c_init", "lstmcell_output", "lstmcell_cout",
                            "lstmcell_grad_output", "lstmcell_grad_cout", "lstmcell_grad_h_init",
                            "lstmcell_grad_c_init"})
      r[key] = "cell_batch " + hidden;
    for (const auto& key : {"lstmcell_input", "lstmcell_grad_input"}) r[key] = "cell_batch " + in;
    for (const auto& key : {"lstm_linear_weight", "lstm_grad_linear_weight"}) r[key] = in + " " + hidden;
    for (const auto& key : {"lstm_linear_bias", "lstm_grad_linear_bias", "lstm_bn_running_mean",
                            "lstm_bn_running_var", "lstm_bn_running_mean_final", "lstm_bn_running_var_final"})
      r[key] = in;
    for (const auto& key : {"lstm_inputs", "lstm_grad_inputs"}) r[key] = "lstm_batch " + in;
    for (const auto& key : {"lstm_h", "lstm_c", "lstm_h_final", "lstm_c_final", "lstm_grad_h", "lstm_grad_c"})
      r[key] = "lstm_batch " + hidden;
    for (const auto& key : {"lstm_output", "lstm_output_eval", "lstm_grad_output"})
      r[key] = "lstm_n_frames lstm_batch " + in;

    // MyGRUCell: gates stacked r, z, n.
    const std::string gru_in = "grucell_input_size", gru_hidden = "grucell_hidden_size";
    for (const std::string grad : {"", "grad_"}) {
      r["grucell_" + grad + "weight_ih"] = "3*" + gru_hidden + " " + gru_in;
      r["grucell_" + grad + "weight_hh"] = "3*" + gru_hidden + " " + gru_hidden;
      r["grucell_" + grad + "bias_ih"] = r["grucell_" + grad + "bias_hh"] = "3*" + gru_hidden;
    }
    for (const auto& key : {"grucell_h_init", "grucell_output", "grucell_grad_output", "grucell_grad_h_init"})
      r[key] = "gru_batch " + gru_hidden;
    for (const auto& key : {"grucell_input", "grucell_grad_input"}) r[key] = "gru_batch " + gru_in;
    for (const auto& key : {"gru_update_gi", "gru_update_gh"}) r[key] = "gru_update_batch 3*gru_update_hidden";
    for (const auto& key : {"gru_update_h", "gru_update_h_out"}) r[key] = "gru_update_batch gru_update_hidden";
    return r;
  }();
  return rules;
}

}  // namespace

std::vector<std::string> shaped_fixture_keys() {
  std::vector<std::string> keys;
  for (const auto& rule : shape_rules()) keys.push_back(rule.first);
  return keys;
}

void check_fixture_shape(const std::string& key, const std::vector<int64_t>& shape,
                         const nlohmann::json& fixtures, std::map<std::string, int64_t>& bound) {
  const auto rule = shape_rules().find(key);
  if (rule == shape_rules().end()) throw std::runtime_error("no shape rule for '" + key + "'");
  std::istringstream dims(rule->second);
  std::vector<std::string> names;
  for (std::string dim; dims >> dim;) names.push_back(dim);
  std::string expected;
  for (const auto& name : names) expected += (expected.empty() ? "" : ", ") + name;
  const auto refuse = [&](const std::string& why) {
    throw std::runtime_error("'" + key + "' has shape " + shape_string(shape) + ", expected [" +
                             expected + "]: " + why);
  };
  if (names.size() != shape.size()) refuse(std::to_string(names.size()) + " dimensions");
  for (size_t i = 0; i < names.size(); ++i) {
    std::string name = names[i];
    int64_t factor = 1;
    if (name.size() > 2 && name[1] == '*') {
      factor = name[0] - '0';
      name = name.substr(2);
    }
    if (fixtures.contains(name) && fixtures.at(name).is_number_integer()) {
      const int64_t want = factor * fixtures.at(name).get<int64_t>();
      if (shape[i] != want) refuse(names[i] + " is " + std::to_string(want));
      continue;
    }
    if (shape[i] % factor != 0) refuse(names[i] + " is not a multiple of " + std::to_string(factor));
    const auto seen = bound.emplace(name, shape[i] / factor).first;
    if (seen->second * factor != shape[i])
      refuse(name + " is " + std::to_string(seen->second) + " elsewhere in the file");
  }
}

}  // namespace grading
