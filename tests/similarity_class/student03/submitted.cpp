// MP: recurrent layers for video -- MyLinear, lstm_state_update, MyLSTMCell, LSTM.
// Spec: layers/api.inc + handout section 2 + torch.nn docs. No torch linear/recurrent layers;
// plain tensor ops, torch::nn::init and torch::nn::BatchNorm1d only.
#include "layers/layers.h"

#include <cmath>
#include <tuple>
#include <vector>

namespace student {

using torch::Tensor;

namespace {

// U(-k, k) bound that torch.nn uses for Linear (k = 1/sqrt(fan_in)) and the RNN cells
// (k = 1/sqrt(hidden_size)).
auto inv_sqrt = [](int64_t n) { return n > 0 ? 1.0 / std::sqrt(static_cast<double>(n)) : 0.0; };

// A fresh tensor of the given shape, already drawn from U(-k, k). It is filled before it is
// registered, so autograd never sees the fill.
auto uniform_tensor = [](std::vector<int64_t> shape, double k) {
  auto t = torch::empty(shape);
  torch::nn::init::uniform_(t, -k, k);
  return t;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// 2.1 -- y = x W^T + b
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  const auto k = inv_sqrt(input_size);
  weight = register_parameter("weight", uniform_tensor({output_size, input_size}, k));
  bias = register_parameter("bias", uniform_tensor({output_size}, k));
}

Tensor MyLinearImpl::forward(const Tensor& x) { return torch::addmm(bias, x, weight.t()); }

// ---------------------------------------------------------------------------------------------
// 2.2 -- gates packed i | f | g | o along dim 1; works for [B, 4H] and [B, 4H, Hgt, Wid].
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  const auto H = gates.size(1) / 4;
  auto gate = [&gates, H](int64_t k) { return gates.narrow(1, k * H, H); };

  const auto i = gate(0).sigmoid();
  const auto f = gate(1).sigmoid();
  const auto g = gate(2).tanh();
  const auto o = gate(3).sigmoid();

  auto c_new = f * c + i * g;
  auto h_new = o * c_new.tanh();
  return {h_new, c_new};
}

// 2.3
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const auto k = inv_sqrt(hidden_size);
  const auto G = 4 * hidden_size;
  weight_ih = register_parameter("weight_ih", uniform_tensor({G, input_size}, k));
  weight_hh = register_parameter("weight_hh", uniform_tensor({G, hidden_size}, k));
  bias_ih = register_parameter("bias_ih", uniform_tensor({G}, k));
  bias_hh = register_parameter("bias_hh", uniform_tensor({G}, k));
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  // both biases broadcast over the batch
  auto gates = x.mm(weight_ih.t()) + h.mm(weight_hh.t()) + (bias_ih + bias_hh);
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
// 2.4 -- MoCoGAN motion net
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  bn = register_module(
      "bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;

  for (auto w : {lstm->weight_ih, lstm->weight_hh, linear->weight})
    torch::nn::init::xavier_uniform_(w);
  for (auto b : {lstm->bias_ih, lstm->bias_hh, linear->bias})
    torch::nn::init::zeros_(b);

  auto forget_part = [H = hidden_size](const Tensor& b) { return b.slice(0, H, 2 * H); };
  for (auto b : {lstm->bias_ih, lstm->bias_hh})
    forget_part(b).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  // new_zeros keeps the parameter's dtype and device
  auto zeros = [&] { return lstm->weight_ih.new_zeros({batch_size, hidden_size}); };
  h = zeros();
  c = zeros();
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  if (!h.defined() || !c.defined()) init_hidden(inputs.size(0));

  // one frame: advance (h, c) with the same inputs, read out bn(linear(h))
  auto step = [&] {
    std::tie(h, c) = lstm(inputs, h, c);
    return bn(linear(h));
  };

  std::vector<Tensor> frames;
  frames.reserve(static_cast<size_t>(n_frames));
  for (auto t = int64_t{0}; t < n_frames; ++t) frames.emplace_back(step());
  return torch::stack(frames);
}

}  // namespace student
