// Assignment: recurrent building blocks for video models.
// Interfaces are in layers/api.inc; the equations are in section 2 of the handout.
// Raw tensor arithmetic only -- none of LibTorch's ready-made Linear / LSTMCell layers.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {

// Draw the entries of `target` from U(-lim, lim) without tracking gradients.
void randomize_between(Tensor& target, double lim) {
  torch::NoGradGuard guard;
  target.uniform_(-lim, lim);
}

// inp [B, in] * mat^T [in, out] + shift [out]
Tensor lin_map(const Tensor& inp, const Tensor& mat, const Tensor& shift) {
  return torch::addmm(shift, inp, mat.t());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Part 2.1: fully connected layer
MyLinearImpl::MyLinearImpl(int64_t n_in, int64_t n_out) {
  weight = register_parameter("weight", torch::empty({n_out, n_in}));
  bias = register_parameter("bias", torch::empty({n_out}));

  const double limit = 1.0 / std::sqrt(static_cast<double>(n_in));
  randomize_between(weight, limit);
  randomize_between(bias, limit);
}

Tensor MyLinearImpl::forward(const Tensor& batch) {
  return lin_map(batch, weight, bias);
}

// ---------------------------------------------------------------------------------------------
// Part 2.2: elementwise LSTM step; pre-activations stacked input/forget/cell/output on dim 1
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& preact, const Tensor& prev_cell) {
  auto quarters = preact.chunk(4, /*dim=*/1);
  Tensor in_g = torch::sigmoid(quarters[0]);
  Tensor keep_g = torch::sigmoid(quarters[1]);
  Tensor cand = torch::tanh(quarters[2]);
  Tensor out_g = torch::sigmoid(quarters[3]);

  Tensor cell_new = keep_g * prev_cell + in_g * cand;
  Tensor hid_new = out_g * torch::tanh(cell_new);
  return std::make_tuple(hid_new, cell_new);
}

// Part 2.3: LSTM cell
MyLSTMCellImpl::MyLSTMCellImpl(int64_t n_in, int64_t n_hid) {
  weight_ih = register_parameter("weight_ih", torch::empty({4 * n_hid, n_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({4 * n_hid, n_hid}));
  bias_ih = register_parameter("bias_ih", torch::empty({4 * n_hid}));
  bias_hh = register_parameter("bias_hh", torch::empty({4 * n_hid}));

  const double spread = 1.0 / std::sqrt(static_cast<double>(n_hid));
  randomize_between(weight_ih, spread);
  randomize_between(weight_hh, spread);
  randomize_between(bias_ih, spread);
  randomize_between(bias_hh, spread);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& xt, const Tensor& h_prev,
                                                   const Tensor& c_prev) {
  Tensor pre = lin_map(xt, weight_ih, bias_ih) + lin_map(h_prev, weight_hh, bias_hh);
  return lstm_state_update(pre, c_prev);
}

// ---------------------------------------------------------------------------------------------
// Part 2.4: motion generator of MoCoGAN
LSTMImpl::LSTMImpl(int64_t n_in, int64_t n_hid) : hidden_size(n_hid) {
  lstm = register_module("lstm", MyLSTMCell(n_in, n_hid));
  linear = register_module("linear", MyLinear(n_hid, n_in));
  bn = register_module(
      "bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(n_in).affine(false)));
}

void LSTMImpl::init_weight(double fb) {
  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  torch::NoGradGuard guard;
  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();
  // rows [H, 2H) hold the forget gate
  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(fb);
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(fb);
}

void LSTMImpl::init_hidden(int64_t nb) {
  auto topts = lstm->weight_ih.options();
  h = torch::zeros({nb, hidden_size}, topts);
  c = torch::zeros({nb, hidden_size}, topts);
}

Tensor LSTMImpl::forward(const Tensor& z_in, int64_t steps) {
  if (steps <= 0) {
    return torch::empty({0, z_in.size(0), z_in.size(1)}, z_in.options());
  }
  std::vector<Tensor> seq;
  seq.reserve(steps);
  for (int64_t step = 0; step < steps; ++step) {
    std::tie(h, c) = lstm(z_in, h, c);
    seq.push_back(bn(linear(h)));
  }
  return torch::stack(seq, 0);
}

}  // namespace student
