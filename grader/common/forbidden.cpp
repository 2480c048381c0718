#include "grader/common/forbidden.h"

namespace grading {

const std::vector<std::string>& forbidden_operators() {
  static const std::vector<std::string> ops = {
      "aten::linear",          "aten::bilinear",         "aten::mkldnn_linear",
      "aten::lstm_cell",       "aten::gru_cell",         "aten::rnn_tanh_cell",
      "aten::rnn_relu_cell",   "aten::lstm",             "aten::gru",
      "aten::rnn_tanh",        "aten::rnn_relu",         "aten::_thnn_fused_lstm_cell",
      "aten::_thnn_fused_gru_cell", "aten::quantized_lstm_cell", "aten::quantized_gru_cell",
      "aten::mkldnn_rnn_layer", "aten::_cudnn_rnn",      "aten::miopen_rnn",
  };
  return ops;
}

const std::vector<std::string>& forbidden_source_names() {
  static const std::vector<std::string> names = {
      "Linear", "Bilinear", "LSTMCell", "GRUCell", "RNNCell", "LSTM",     "GRU",
      "RNN",    "LinearImpl", "LSTMCellImpl", "GRUCellImpl", "RNNCellImpl", "LSTMImpl",
      "GRUImpl", "RNNImpl", "linear",   "bilinear", "lstm_cell", "gru_cell", "rnn_tanh_cell",
      "rnn_relu_cell", "lstm", "gru", "rnn_tanh", "rnn_relu", "_thnn_fused_lstm_cell",
      "_thnn_fused_gru_cell",
  };
  return names;
}

const std::vector<std::string>& forbidden_library_calls() {
  static const std::vector<std::string> calls = {
      "dlopen", "dlmopen", "dlsym", "dlvsym", "execve", "execveat", "fexecve", "execv", "execvp",
      "execvpe", "execl", "execlp", "execle", "system", "popen", "posix_spawn", "posix_spawnp",
      "wordexp", "syscall",
  };
  return calls;
}

}  // namespace grading
