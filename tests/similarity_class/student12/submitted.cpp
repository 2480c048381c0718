// MP: recurrent layers for video. Implement the method bodies below; `make test` grades them.
// The declarations (members, shapes, parameter names) are in layers/api.inc; the maths of each
// layer is in the handout (README.md, section 2) and in torch.nn's documentation.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {
// U(-k, k) draw of the given shape, k = 1/sqrt(fan)
Tensor unif(at::IntArrayRef shape, int64_t fan) {
  double k = 1.0 / std::sqrt(static_cast<double>(fan));
  return torch::empty(shape).uniform_(-k, k);
}
}  // namespace

// ---------------------------------------------------------------------------------------------
// 2.1
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", unif({output_size, input_size}, input_size));
  bias = register_parameter("bias", unif({output_size}, input_size));
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  return torch::addmm(bias, x, weight.t());
}

// ---------------------------------------------------------------------------------------------
// 2.2  (i, f, g, o)
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  auto g = gates.chunk(4, 1);
  Tensor c2 = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
  Tensor h2 = torch::sigmoid(g[3]) * torch::tanh(c2);
  return {h2, c2};
}

// 2.3
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const int64_t H = hidden_size;
  weight_ih = register_parameter("weight_ih", unif({4 * H, input_size}, H));
  weight_hh = register_parameter("weight_hh", unif({4 * H, H}, H));
  bias_ih = register_parameter("bias_ih", unif({4 * H}, H));
  bias_hh = register_parameter("bias_hh", unif({4 * H}, H));
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  Tensor g = torch::addmm(bias_ih, x, weight_ih.t()) + torch::addmm(bias_hh, h, weight_hh.t());
  return lstm_state_update(g, c);
}

// ---------------------------------------------------------------------------------------------
// 2.4
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  bn = register_module(
      "bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  namespace init = torch::nn::init;
  init::xavier_uniform_(lstm->weight_ih);
  init::xavier_uniform_(lstm->weight_hh);
  init::xavier_uniform_(linear->weight);
  init::zeros_(lstm->bias_ih);
  init::zeros_(lstm->bias_hh);
  init::zeros_(linear->bias);
  torch::NoGradGuard ng;
  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  auto opt = lstm->weight_ih.options();
  h = torch::zeros({batch_size, hidden_size}, opt);
  c = torch::zeros({batch_size, hidden_size}, opt);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> out;
  out.reserve(n_frames);
  for (int64_t t = 0; t < n_frames; ++t) {
    std::tie(h, c) = lstm(inputs, h, c);
    out.push_back(bn(linear(h)));
  }
  return torch::stack(out);
}

}  // namespace student
