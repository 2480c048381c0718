// MP: recurrent layers for video. Implement the method bodies below; `make test` grades them.
// The declarations (members, shapes, parameter names) are in layers/api.inc.
//
// Allowed: plain tensor operations (torch::matmul, torch::addmm, torch::sigmoid, torch::tanh,
// Tensor::chunk, Tensor::narrow, torch::stack, torch::nn::init::*, ...).
// Forbidden everywhere in this file: torch's own linear and recurrent layers in any form:
// torch::nn::Linear / LSTMCell / GRUCell / LSTM / GRU / RNN, torch::nn::functional::linear,
// torch::linear, at::lstm_cell, at::gru_cell, ... The grader watches the operators your code runs.
#include "layers/layers.h"

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  // TODO: register `weight` [output_size, input_size] and `bias` [output_size] with
  // register_parameter, under exactly those names.
  // Initialise both as torch::nn::Linear does: U(-1/sqrt(input_size), 1/sqrt(input_size)).
  not_implemented("MyLinear::MyLinear");
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  // TODO: x [batch, input_size] -> x W^T + b, [batch, output_size].
  not_implemented("MyLinear::forward");
}

// ---------------------------------------------------------------------------------------------
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // TODO: gates [batch, 4H, ...] holds the pre-activations of the i, f, g, o gates, in that
  // order along dimension 1; c has the same shape with H instead of 4H.
  //   c' = sigmoid(f) * c + sigmoid(i) * tanh(g)
  //   h' = sigmoid(o) * tanh(c')
  // Return {h', c'}. Work on dimension 1 only, so the ConvLSTM lab's [B, 4H, height, width]
  // gates work too.
  not_implemented("lstm_state_update");
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  // TODO: register weight_ih [4H, input_size], weight_hh [4H, H], bias_ih [4H], bias_hh [4H]
  // (H = hidden_size), under exactly those names.
  // Initialise all four as torch::nn::LSTMCell does: U(-1/sqrt(H), 1/sqrt(H)).
  not_implemented("MyLSTMCell::MyLSTMCell");
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  // TODO: x [batch, input_size], h and c [batch, H].
  // gates = x W_ih^T + b_ih + h W_hh^T + b_hh, [batch, 4H]; return lstm_state_update(gates, c).
  not_implemented("MyLSTMCell::forward");
}

// ---------------------------------------------------------------------------------------------
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  // TODO: register three submodules with register_module, under these names:
  //   "lstm"   MyLSTMCell(input_size, hidden_size)
  //   "linear" MyLinear(hidden_size, input_size)
  //   "bn"     torch::nn::BatchNorm1d of input_size features, with affine(false) (and its
  //            running statistics kept, as by default)
  not_implemented("LSTM::LSTM");
}

void LSTMImpl::init_weight(double forget_bias) {
  // TODO: without recording gradients (torch::NoGradGuard):
  //   every weight (lstm.weight_ih, lstm.weight_hh, linear.weight): torch::nn::init::xavier_uniform_
  //   every bias: zero, except the forget-gate quarter [H, 2H) of lstm.bias_ih and
  //   lstm.bias_hh, which is set to forget_bias.
  not_implemented("LSTM::init_weight");
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  // TODO: h and c = zeros [batch_size, hidden_size], with the dtype and device of the
  // cell's parameters.
  not_implemented("LSTM::init_hidden");
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  // TODO: inputs [batch, input_size]. Do not reset h and c: continue from them.
  // For each of n_frames frames:
  //   (h, c) = lstm(inputs, h, c)        -- the same inputs every frame
  //   frame  = bn(linear(h))             -- [batch, input_size]
  // Return the frames stacked, [n_frames, batch, input_size]; h and c keep the last state.
  not_implemented("LSTM::forward");
}

}  // namespace student
