// LSTM (handout 2.4): a MyLSTMCell, a MyLinear read-out and a BatchNorm1d, run for n frames
// from one input. Its cell's weights and sizes are the lstmcell_ fixtures'.
#include "grader/common/graded_layer.h"

namespace grading {

std::vector<std::pair<std::string, std::string>> lstm_cell_parameters();  // layers/lstm_cell.cpp

GradedLayer lstm_layer() {
  const std::string in = "lstmcell_input_size", hidden = "lstmcell_hidden_size", batch = "lstm_batch_size ";
  const std::vector<std::string> sizes = {in, hidden};
  std::vector<std::string> forward = sizes;
  for (const auto& parameter : lstm_cell_parameters()) forward.push_back("lstmcell_" + parameter.first);
  forward.insert(forward.end(), {"lstm_linear_weight", "lstm_linear_bias", "lstm_inputs", "lstm_h", "lstm_c",
                                 "lstm_n_frames", "lstm_bn_training", "lstm_bn_running_mean", "lstm_bn_running_var"});
  std::vector<FixtureTensor> tensors = {
      {"lstm_linear_weight", in + " " + hidden, weight_draw()},
      {"lstm_linear_bias", in, normal_draw(0.5)},
      {"lstm_inputs", batch + in, normal_draw()},
      {"lstm_h", batch + hidden, normal_draw(0.5)},
      {"lstm_c", batch + hidden, normal_draw()},
      {"lstm_grad_output", "lstm_n_frames " + batch + in, normal_draw()},
      // BatchNorm's running statistics before forward: away from their initial 0 and 1, so eval
      // mode shows whether they are used. Added after the GRU, so drawn after it.
      {"lstm_bn_running_mean", in, normal_draw(0.5), "MyGRUCell"},
      {"lstm_bn_running_var", in, uniform_draw(0.5, 1.5), "MyGRUCell"},
      {"lstm_output", "lstm_n_frames " + batch + in},
      {"lstm_output_eval", "lstm_n_frames " + batch + in},
      {"lstm_h_final", batch + hidden},
      {"lstm_c_final", batch + hidden},
      {"lstm_bn_running_mean_final", in},
      {"lstm_bn_running_var_final", in},
      {"lstm_grad_inputs", batch + in},
      {"lstm_grad_h", batch + hidden},
      {"lstm_grad_c", batch + hidden},
  };
  std::vector<std::pair<std::string, std::string>> backward_outputs = {
      {"grad_inputs", "lstm_grad_inputs"}, {"grad_h", "lstm_grad_h"}, {"grad_c", "lstm_grad_c"}};
  for (const auto& [name, shape] : lstm_cell_parameters()) {
    tensors.push_back({"lstm_grad_" + name, shape});
    backward_outputs.push_back({"grad_" + name, "lstm_grad_" + name});
  }
  tensors.insert(tensors.end(), {{"lstm_grad_linear_weight", in + " " + hidden}, {"lstm_grad_linear_bias", in}});
  backward_outputs.insert(backward_outputs.end(), {{"grad_linear_weight", "lstm_grad_linear_weight"},
                                                   {"grad_linear_bias", "lstm_grad_linear_bias"}});
  return {
      "LSTM",
      // A batch of more than one, so that BatchNorm's statistics over each frame's batch are tested.
      {{"lstm_batch_size", 5}, {"lstm_n_frames", 6}},
      // Training mode, then eval mode again (the probe's second pass).
      {{"lstm_forget_bias", 1.5}, {"lstm_bn_training", true}},
      tensors,
      {{"lstm_init", Part::main, "LSTM init", 3, sizes},
       {"lstm_init_weight", Part::main, "LSTM init_weight", 4, join(sizes, {"lstm_forget_bias"})},
       {"lstm_init_hidden", Part::main, "LSTM init_hidden", 2, join(sizes, {"lstm_batch_size"})},
       {"lstm_forward", Part::main, "LSTM forward", 8, forward,
        {{"output", "lstm_output"},
         {"output_eval", "lstm_output_eval"},
         {"h", "lstm_h_final"},
         {"c", "lstm_c_final"},
         {"bn_running_mean", "lstm_bn_running_mean_final"},
         {"bn_running_var", "lstm_bn_running_var_final"}},
        true,
        {"lstm_output", "lstm_output_eval"}},
       {"lstm_backward", Part::main, "LSTM backward", 4, join(forward, {"lstm_grad_output"}), backward_outputs}},
      {"aten::lstm", "aten::rnn_tanh", "aten::rnn_relu", "aten::mkldnn_rnn_layer", "aten::_cudnn_rnn",
       "aten::miopen_rnn"},
      {"LSTM", "RNN", "LSTMImpl", "RNNImpl", "lstm", "rnn_tanh", "rnn_relu"},
  };
}

}  // namespace grading
