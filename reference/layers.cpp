// The course's solution for student/submitted.cpp. Never shipped to students.
#include "layers/layers.h"

#include <cmath>

namespace reference {

using torch::Tensor;

// Fills w with U(-bound, bound), the distribution torch::nn's layers start from.
static void uniform_fill(Tensor& w, double bound) {
  torch::NoGradGuard no_grad;
  w.uniform_(-bound, bound);
}

// ---------------------------------------------------------------------------------------------
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));
  // torch::nn::Linear: kaiming_uniform(a = sqrt(5)) reduces to U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  const double bound = 1.0 / std::sqrt(static_cast<double>(input_size));
  uniform_fill(weight, bound);
  uniform_fill(bias, bound);
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  return torch::matmul(x, weight.t()) + bias;
}

// ---------------------------------------------------------------------------------------------
// Hochreiter & Schmidhuber (1997), in PyTorch's gate order i, f, g, o:
//   c' = sigma(f) * c + sigma(i) * tanh(g)
//   h' = sigma(o) * tanh(c')
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  const auto chunks = gates.chunk(4, 1);
  const Tensor input_gate = torch::sigmoid(chunks[0]);
  const Tensor forget_gate = torch::sigmoid(chunks[1]);
  const Tensor candidate = torch::tanh(chunks[2]);
  const Tensor output_gate = torch::sigmoid(chunks[3]);
  Tensor c_next = forget_gate * c + input_gate * candidate;
  Tensor h_next = output_gate * torch::tanh(c_next);
  return {h_next, c_next};
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  weight_ih = register_parameter("weight_ih", torch::empty({4 * hidden_size, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({4 * hidden_size, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({4 * hidden_size}));
  bias_hh = register_parameter("bias_hh", torch::empty({4 * hidden_size}));
  // torch::nn::LSTMCell: every parameter U(-1/sqrt(H), 1/sqrt(H)).
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (auto& p : parameters()) uniform_fill(p, bound);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  const Tensor input_side = torch::matmul(x, weight_ih.t()) + bias_ih;
  const Tensor hidden_side = torch::matmul(h, weight_hh.t()) + bias_hh;
  return lstm_state_update(input_side + hidden_side, c);
}

// ---------------------------------------------------------------------------------------------
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  bn = register_module("bn", torch::nn::BatchNorm1d(
                                 torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;
  for (auto& named : named_parameters()) {
    Tensor& p = named.value();
    if (named.key().find("weight") != std::string::npos) {
      torch::nn::init::xavier_uniform_(p);
    } else {
      p.zero_();
    }
  }
  // Gers et al. (2000): a positive forget-gate bias lets memory flow early in training.
  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  h = torch::zeros({batch_size, hidden_size}, lstm->weight_ih.options());
  c = torch::zeros({batch_size, hidden_size}, lstm->weight_ih.options());
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> frames;
  for (int64_t t = 0; t < n_frames; ++t) {
    std::tie(h, c) = lstm(inputs, h, c);
    frames.push_back(bn(linear(h)));
  }
  return torch::stack(frames);
}

}  // namespace reference
