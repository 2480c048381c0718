// MP: recurrent layers for video. Implement the method bodies below; `make test` grades them.
// The declarations (members, shapes, parameter names) are in layers/api.inc; the maths of each
// layer is in the handout (README.md, section 2) and in torch.nn's documentation, which is the
// specification: https://pytorch.org/docs/stable/nn.html
//
// Allowed: plain tensor operations (matmul, addmm, sigmoid, tanh, chunk, narrow, stack, ...),
// torch::nn::init, torch::nn::BatchNorm1d.
// Forbidden everywhere in this file: torch's own linear and recurrent layers in any form
// (torch::nn::Linear, LSTMCell, GRUCell, LSTM, torch::nn::functional::linear, torch::linear,
// at::lstm_cell, ...). The grader refuses them when your code runs them.
#include "layers/layers.h"

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
// Handout 2.1; torch.nn.Linear.
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  // TODO: register the parameters `weight` [output_size, input_size] and `bias` [output_size]
  // under exactly those names, initialised as torch.nn.Linear initialises them.
  not_implemented("MyLinear::MyLinear");
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  // TODO: x [batch, input_size] -> [batch, output_size], what torch.nn.Linear computes.
  not_implemented("MyLinear::forward");
}

// ---------------------------------------------------------------------------------------------
// Handout 2.2; torch.nn.LSTMCell.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // TODO: gates [batch, 4H, ...] (the four gates' pre-activations, packed along dimension 1 as
  // PyTorch packs them), c [batch, H, ...] -> {h', c'}, each shaped like c.
  // Use dimension 1 only: the ConvLSTM lab passes [batch, 4H, height, width].
  not_implemented("lstm_state_update");
}

// Handout 2.3; torch.nn.LSTMCell.
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  // TODO: register weight_ih [4H, input_size], weight_hh [4H, H], bias_ih [4H] and bias_hh [4H]
  // (H = hidden_size) under exactly those names, initialised as torch.nn.LSTMCell does.
  not_implemented("MyLSTMCell::MyLSTMCell");
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  // TODO: x [batch, input_size], h and c [batch, H] -> {h', c'}, each [batch, H].
  // Compute the gates here and leave the rest of the step to lstm_state_update.
  not_implemented("MyLSTMCell::forward");
}

// ---------------------------------------------------------------------------------------------
// Handout 2.4: MoCoGAN's motion network.
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  // TODO: register the submodules "lstm", "linear" and "bn" that layers/api.inc declares, with
  // the sizes and options it names.
  not_implemented("LSTM::LSTM");
}

void LSTMImpl::init_weight(double forget_bias) {
  // TODO: refill every weight and bias of the submodules in place, as the handout says, without
  // recording the fill for autograd.
  not_implemented("LSTM::init_weight");
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  // TODO: h and c = zeros [batch_size, hidden_size], with the dtype and device of the parameters.
  not_implemented("LSTM::init_hidden");
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  // TODO: inputs [batch, input_size] -> [n_frames, batch, input_size], one frame per step of
  // the cell; continue from h and c as they are, and leave the last state in them.
  not_implemented("LSTM::forward");
}

}  // namespace student
