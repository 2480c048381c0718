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

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {

// Shared by every layer here: the affine map  x W^T + b  that produces a linear output or a
// block of gate pre-activations.  addmm broadcasts the [rows] bias over the batch.
Tensor affine(const Tensor& x, const Tensor& w, const Tensor& b) {
  return torch::addmm(b, x, w.t());
}

// A fresh tensor of the given shape drawn from U(-bound, bound). It is filled before it is
// registered, so it does not require grad yet and the fill is not recorded by autograd.
Tensor uniform_tensor(std::vector<int64_t> shape, double bound) {
  return torch::empty(shape).uniform_(-bound, bound);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Handout 2.1; torch.nn.Linear.
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  // torch.nn.Linear: kaiming_uniform(a = sqrt(5)) works out to U(-1/sqrt(in), 1/sqrt(in)),
  // and the bias uses the same bound.
  const double bound = 1.0 / std::sqrt(static_cast<double>(input_size));
  weight = register_parameter("weight", uniform_tensor({output_size, input_size}, bound));
  bias = register_parameter("bias", uniform_tensor({output_size}, bound));
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  return affine(x, weight, bias);
}

// ---------------------------------------------------------------------------------------------
// Handout 2.2; torch.nn.LSTMCell.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // gates are packed i | f | g | o along dim 1, each as wide as c.
  const int64_t hid = c.size(1);
  std::vector<Tensor> pieces = torch::split(gates, std::vector<int64_t>{hid, hid, hid, hid}, 1);
  Tensor in_gate = torch::sigmoid(pieces[0]);
  Tensor forget_gate = torch::sigmoid(pieces[1]);
  Tensor cand = torch::tanh(pieces[2]);
  Tensor out_gate = torch::sigmoid(pieces[3]);

  Tensor c_new = forget_gate * c + in_gate * cand;
  Tensor h_new = out_gate * torch::tanh(c_new);
  return std::make_tuple(h_new, c_new);
}

// Handout 2.3; torch.nn.LSTMCell.
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  // Every parameter of an RNN cell is U(-1/sqrt(H), 1/sqrt(H)).
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  const int64_t rows = 4 * hidden_size;
  weight_ih = register_parameter("weight_ih", uniform_tensor({rows, input_size}, bound));
  weight_hh = register_parameter("weight_hh", uniform_tensor({rows, hidden_size}, bound));
  bias_ih = register_parameter("bias_ih", uniform_tensor({rows}, bound));
  bias_hh = register_parameter("bias_hh", uniform_tensor({rows}, bound));
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  Tensor gates = affine(x, weight_ih, bias_ih) + affine(h, weight_hh, bias_hh);
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
// Handout 2.4: MoCoGAN's motion network.
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  // No affine parameters; running statistics are tracked (the default).
  bn = register_module(
      "bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;

  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();

  // forget gate is the second quarter: rows [H, 2H)
  lstm->bias_ih.slice(0, hidden_size, 2 * hidden_size).fill_(forget_bias);
  lstm->bias_hh.slice(0, hidden_size, 2 * hidden_size).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  const auto opts = lstm->weight_ih.options();
  h = torch::zeros({batch_size, hidden_size}, opts);
  c = torch::zeros({batch_size, hidden_size}, opts);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> frames;
  frames.reserve(static_cast<size_t>(n_frames));
  for (int64_t t = 0; t < n_frames; ++t) {
    auto state = lstm->forward(inputs, h, c);
    h = std::get<0>(state);
    c = std::get<1>(state);
    frames.push_back(bn->forward(linear->forward(h)));
  }
  return torch::stack(frames, 0);
}

}  // namespace student
