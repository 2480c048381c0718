// MP: recurrent layers for video. `make test` grades this file.
// Declarations live in layers/api.inc; maths in the handout (section 2) and the torch.nn docs.
// Only plain tensor ops + torch::nn::init + torch::nn::BatchNorm1d; none of torch's own
// linear / recurrent layers.
#include "layers/layers.h"

#include <cmath>
#include <tuple>
#include <vector>

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
// 2.1 MyLinear
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));

  // same as nn.Linear: both weight and bias ~ U(-k, k), k = 1/sqrt(in_features)
  const double k = 1.0 / std::sqrt(double(input_size));
  torch::NoGradGuard guard;
  for (auto& p : parameters()) p.uniform_(-k, k);
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  return x.matmul(weight.t()) + bias;
}

// ---------------------------------------------------------------------------------------------
// 2.2 pointwise LSTM update, gates in order i, f, g, o along dim 1
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  auto g = gates.chunk(4, 1);  // g[0]=i  g[1]=f  g[2]=g  g[3]=o
  Tensor c_next = g[1].sigmoid() * c + g[0].sigmoid() * g[2].tanh();
  Tensor h_next = g[3].sigmoid() * c_next.tanh();
  return {h_next, c_next};
}

// 2.3 MyLSTMCell
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  weight_ih = register_parameter("weight_ih", torch::empty({4 * hidden_size, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({4 * hidden_size, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({4 * hidden_size}));
  bias_hh = register_parameter("bias_hh", torch::empty({4 * hidden_size}));

  // RNN cells: every parameter ~ U(-1/sqrt(H), 1/sqrt(H))
  const double k = 1.0 / std::sqrt(double(hidden_size));
  for (auto& p : parameters()) torch::nn::init::uniform_(p, -k, k);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  Tensor gates = x.mm(weight_ih.t()) + h.mm(weight_hh.t()) + bias_ih + bias_hh;
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
// 2.4 MoCoGAN motion LSTM
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  torch::nn::BatchNorm1dOptions bn_opts(input_size);
  bn_opts.affine(false);
  bn = register_module("bn", torch::nn::BatchNorm1d(bn_opts));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard guard;
  // matrices -> xavier uniform, vectors (biases) -> 0   (bn has no parameters)
  for (auto& item : named_parameters()) {
    Tensor& p = item.value();
    if (p.dim() >= 2)
      torch::nn::init::xavier_uniform_(p);
    else
      p.zero_();
  }
  // forget gate = second block of the packed biases
  for (Tensor* b : {&lstm->bias_ih, &lstm->bias_hh})
    b->narrow(0, hidden_size, hidden_size).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  h = lstm->weight_hh.new_zeros({batch_size, hidden_size});
  c = torch::zeros_like(h);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> out;
  for (int64_t left = n_frames; left > 0; --left) {
    std::tie(h, c) = lstm(inputs, h, c);
    out.push_back(bn(linear(h)));
  }
  return torch::stack(out);  // [n_frames, batch, input_size]
}

}  // namespace student
