// MyLSTMCell (handout 2.3): one step of torch.nn.LSTMCell, gates stacked i, f, g, o.
#include "grader/common/graded_layer.h"

namespace grading {

// The cell's parameters and their shapes; the LSTM (layers/lstm.cpp) holds one cell.
std::vector<std::pair<std::string, std::string>> lstm_cell_parameters() {
  const std::string in = "lstmcell_input_size", gates = "4*lstmcell_hidden_size";
  return {{"weight_ih", gates + " " + in},
          {"weight_hh", gates + " lstmcell_hidden_size"},
          {"bias_ih", gates},
          {"bias_hh", gates}};
}

GradedLayer lstm_cell_layer() {
  const std::string in = "lstmcell_input_size", hidden = "lstmcell_hidden_size", batch = "cell_batch ";
  std::vector<FixtureTensor> tensors;
  std::vector<std::string> forward = {in, hidden};
  std::vector<std::pair<std::string, std::string>> backward_outputs;
  for (const auto& [name, shape] : lstm_cell_parameters()) {
    tensors.push_back({"lstmcell_" + name, shape, name[0] == 'w' ? weight_draw() : normal_draw(0.5)});
    forward.push_back("lstmcell_" + name);
  }
  tensors.insert(tensors.end(), {{"lstmcell_input", batch + in, normal_draw()},
                                 {"lstmcell_h_init", batch + hidden, normal_draw(0.5)},
                                 {"lstmcell_c_init", batch + hidden, normal_draw()},
                                 {"lstmcell_grad_output", batch + hidden, normal_draw()},
                                 {"lstmcell_grad_cout", batch + hidden, normal_draw()},
                                 {"lstmcell_output", batch + hidden},
                                 {"lstmcell_cout", batch + hidden},
                                 {"lstmcell_grad_input", batch + in},
                                 {"lstmcell_grad_h_init", batch + hidden},
                                 {"lstmcell_grad_c_init", batch + hidden}});
  forward.insert(forward.end(), {"lstmcell_h_init", "lstmcell_c_init", "lstmcell_input"});
  for (const auto& [name, shape] : lstm_cell_parameters()) {
    tensors.push_back({"lstmcell_grad_" + name, shape});
    backward_outputs.push_back({"grad_" + name, "lstmcell_grad_" + name});
  }
  backward_outputs.insert(backward_outputs.end(), {{"grad_input", "lstmcell_grad_input"},
                                                   {"grad_h", "lstmcell_grad_h_init"},
                                                   {"grad_c", "lstmcell_grad_c_init"}});
  return {
      "MyLSTMCell",
      {{in, 10}, {hidden, 15}, {"cell_batch", 4, false}},
      {},
      tensors,
      {{"lstmcell_init", Part::main, "MyLSTMCell init", 3, {in, hidden}},
       {"lstmcell_forward", Part::main, "MyLSTMCell forward", 6, forward,
        {{"h", "lstmcell_output"}, {"c", "lstmcell_cout"}}, true},
       {"lstmcell_backward", Part::main, "MyLSTMCell backward", 4,
        join(forward, {"lstmcell_grad_output", "lstmcell_grad_cout"}), backward_outputs}},
      {"aten::lstm_cell", "aten::rnn_tanh_cell", "aten::rnn_relu_cell", "aten::_thnn_fused_lstm_cell",
       "aten::quantized_lstm_cell"},
      {"LSTMCell", "RNNCell", "LSTMCellImpl", "RNNCellImpl", "lstm_cell", "rnn_tanh_cell", "rnn_relu_cell",
       "_thnn_fused_lstm_cell"},
  };
}

}  // namespace grading
