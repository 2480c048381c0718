#include "layers/layers.h"

// Style: small helpers in an anonymous namespace inside student; every layer method defined
// out of line at global scope with its qualified name; addmm for every affine map; narrow for
// the gates; torch::nn::init::kaiming_uniform_ with a = sqrt(5) for the Linear weight.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <tuple>
#include <vector>

using torch::Tensor;

namespace student {
namespace {

constexpr int64_t kLstmGates = 4;

// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for a bias, fan_in read off its layer's weight, as
// torch.nn.Linear.reset_parameters() does.
void fill_bias_like_torch(Tensor bias, const Tensor& weight) {
  const auto fans = torch::nn::init::_calculate_fan_in_and_fan_out(weight);
  const double bound = 1.0 / std::sqrt(static_cast<double>(std::get<0>(fans)));
  torch::nn::init::uniform_(bias, -bound, bound);
}

// x W^T + b, the bias broadcast over the batch.
Tensor affine(const Tensor& x, const Tensor& w, const Tensor& b) {
  return torch::addmm(b, x, w.t());
}

}  // namespace
}  // namespace student

static_assert(student::kLstmGates == 4, "an LSTM packs four gates: i, f, g, o");

// ---------------------------------------------------------------------------------------------
student::MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size)
    : weight(register_parameter("weight", torch::empty({output_size, input_size}))),
      bias(register_parameter("bias", torch::empty({output_size}))) {
  // kaiming_uniform_(a = sqrt(5)): gain sqrt(1/3), bound sqrt(3) * gain / sqrt(fan_in) = 1/sqrt(in).
  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  fill_bias_like_torch(bias, weight);
}

Tensor student::MyLinearImpl::forward(const Tensor& x) {
  return affine(x, weight, bias);
}

// ---------------------------------------------------------------------------------------------
std::tuple<Tensor, Tensor> student::lstm_state_update(const Tensor& gates, const Tensor& c) {
  const int64_t width = gates.size(1) / kLstmGates;
  const auto gate = [&gates, width](int64_t k) { return gates.narrow(1, k * width, width); };
  const Tensor c_next = torch::sigmoid(gate(1)) * c + torch::sigmoid(gate(0)) * torch::tanh(gate(2));
  const Tensor h_next = torch::sigmoid(gate(3)) * torch::tanh(c_next);
  return std::make_tuple(h_next, c_next);
}

student::MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const int64_t rows = kLstmGates * hidden_size;
  weight_ih = register_parameter("weight_ih", torch::empty({rows, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({rows, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({rows}));
  bias_hh = register_parameter("bias_hh", torch::empty({rows}));
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (auto& named : named_parameters(/*recurse=*/false)) {
    torch::nn::init::uniform_(named.value(), -bound, bound);
  }
}

std::tuple<Tensor, Tensor> student::MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                            const Tensor& c) {
  // (h W_hh^T + b_hh) accumulated with x W_ih^T, then b_ih.
  const Tensor gates = torch::addmm(affine(h, weight_hh, bias_hh), x, weight_ih.t()) + bias_ih;
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
student::LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden) : hidden_size(hidden) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden));
  linear = register_module("linear", MyLinear(hidden, input_size));
  bn = register_module("bn", torch::nn::BatchNorm1d(
                                 torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void student::LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;
  for (Tensor w : {lstm->weight_ih, lstm->weight_hh, linear->weight}) {
    torch::nn::init::xavier_uniform_(w);
  }
  for (Tensor b : {lstm->bias_ih, lstm->bias_hh, linear->bias}) {
    torch::nn::init::zeros_(b);
  }
  for (Tensor b : {lstm->bias_ih, lstm->bias_hh}) {
    b.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
  }
}

void student::LSTMImpl::init_hidden(int64_t batch_size) {
  h = torch::zeros({batch_size, hidden_size}, lstm->weight_hh.options());
  c = torch::zeros_like(h);
}

Tensor student::LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> frames;
  frames.reserve(static_cast<std::size_t>(std::max<int64_t>(n_frames, 0)));
  for (int64_t t = 0; t < n_frames; ++t) {
    std::tie(h, c) = lstm->forward(inputs, h, c);
    frames.push_back(bn->forward(linear->forward(h)));
  }
  return torch::stack(frames);
}
