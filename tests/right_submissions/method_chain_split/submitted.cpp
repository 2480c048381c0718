#include "layers/layers.h"

// Style: tensor methods chained rather than free functions (x.matmul(...).add(...),
// bias.addmm(...)), split for the gates, addcmul for the cell update, pointers to the members
// being initialised, std::for_each with a generic lambda over named_parameters(), and
// std::generate to produce the frames.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <tuple>
#include <vector>

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));
  const auto k = 1.0 / static_cast<double>(input_size);  // torch.nn.Linear: U(-sqrt(k), sqrt(k))
  const auto bound = std::sqrt(k);
  {
    torch::NoGradGuard no_grad;
    weight.uniform_(-bound, bound);
    bias.uniform_(-bound, bound);
  }
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  return x.matmul(weight.t()).add(bias);
}

// ---------------------------------------------------------------------------------------------
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  const auto hidden = gates.size(1) / 4;
  const auto pieces = gates.split(hidden, 1);  // i, f, g, o
  const auto c_next = torch::addcmul(pieces.at(1).sigmoid().mul(c), pieces.at(0).sigmoid(),
                                     pieces.at(2).tanh());
  const auto h_next = pieces.at(3).sigmoid().mul(c_next.tanh());
  return std::make_tuple(h_next, c_next);
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const auto stacked = 4 * hidden_size;
  weight_ih = register_parameter("weight_ih", torch::empty({stacked, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({stacked, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({stacked}));
  bias_hh = register_parameter("bias_hh", torch::empty({stacked}));
  const auto bound = std::sqrt(1.0 / static_cast<double>(hidden_size));
  torch::NoGradGuard no_grad;
  for (auto* parameter : {&weight_ih, &weight_hh, &bias_ih, &bias_hh}) {
    parameter->uniform_(-bound, bound);
  }
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  const auto gates = bias_ih.addmm(x, weight_ih.t()).add(bias_hh.addmm(h, weight_hh.t()));
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  bn = register_module("bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size)
                                                        .affine(false)
                                                        .track_running_stats(true)));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;
  auto params = named_parameters();
  std::for_each(params.begin(), params.end(), [](auto& item) {
    auto& parameter = item.value();
    if (item.key().find("bias") != std::string::npos) {
      parameter.zero_();
    } else {
      torch::nn::init::xavier_uniform_(parameter);
    }
  });
  // The second of the four H-wide blocks is the forget gate's.
  for (auto* cell_bias : {&lstm->bias_ih, &lstm->bias_hh}) {
    cell_bias->split(hidden_size, 0).at(1).fill_(forget_bias);
  }
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  h = lstm->weight_ih.new_full({batch_size, hidden_size}, 0.0);
  c = lstm->weight_ih.new_full({batch_size, hidden_size}, 0.0);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> frames(static_cast<std::size_t>(std::max<int64_t>(n_frames, 0)));
  std::generate(frames.begin(), frames.end(), [&]() {
    const auto state = lstm->forward(inputs, h, c);
    h = std::get<0>(state);
    c = std::get<1>(state);
    return bn->forward(linear->forward(h));
  });
  return torch::stack(frames);
}

}  // namespace student
