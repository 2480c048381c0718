#include "layers/layers.h"

// Style: explicit types, one fused matrix product for all four gates ([x, h] against
// [W_ih, W_hh]), the gates separated by a reshape to [B, 4, H, ...] and unbind, initial values
// drawn as rand in [0, 1) scaled to [-bound, bound), a while loop over the frames.

#include <cmath>
#include <cstdint>
#include <tuple>
#include <vector>

namespace student {

using torch::Tensor;

namespace {

// Refills `parameter` with U(-bound, bound), without recording the fill.
void redraw_uniform(Tensor& parameter, double bound) {
  torch::NoGradGuard no_grad;
  const Tensor unit = torch::rand_like(parameter);  // U(0, 1)
  parameter.copy_((unit * 2.0 - 1.0) * bound);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));
  const double k = 1.0 / static_cast<double>(input_size);  // torch.nn.Linear: U(-sqrt(k), sqrt(k))
  redraw_uniform(weight, std::sqrt(k));
  redraw_uniform(bias, std::sqrt(k));
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  const Tensor product = torch::mm(x, weight.t());
  return product + bias;
}

// ---------------------------------------------------------------------------------------------
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // [B, 4H, ...] -> [B, 4, H, ...]: the second dimension then counts the gates i, f, g, o.
  std::vector<int64_t> by_gate = gates.sizes().vec();
  const int64_t hidden = by_gate.at(1) / 4;
  by_gate.at(1) = hidden;
  by_gate.insert(by_gate.begin() + 1, 4);
  const std::vector<Tensor> gate = gates.reshape(by_gate).unbind(1);
  const Tensor i = torch::sigmoid(gate.at(0));
  const Tensor f = torch::sigmoid(gate.at(1));
  const Tensor g = torch::tanh(gate.at(2));
  const Tensor o = torch::sigmoid(gate.at(3));
  const Tensor c_next = f * c + i * g;
  const Tensor h_next = o * torch::tanh(c_next);
  return std::make_tuple(h_next, c_next);
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const int64_t gate_rows = 4 * hidden_size;
  weight_ih = register_parameter("weight_ih", torch::empty({gate_rows, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({gate_rows, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({gate_rows}));
  bias_hh = register_parameter("bias_hh", torch::empty({gate_rows}));
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (Tensor& parameter : parameters()) {
    redraw_uniform(parameter, bound);
  }
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  const Tensor joined_input = torch::cat({x, h}, 1);                   // [B, in + H]
  const Tensor joined_weight = torch::cat({weight_ih, weight_hh}, 1);  // [4H, in + H]
  const Tensor joined_bias = bias_ih + bias_hh;                        // [4H]
  const Tensor gates = torch::mm(joined_input, joined_weight.t()) + joined_bias;
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  bn = register_module("bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;
  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);
  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();
  const int64_t H = hidden_size;
  lstm->bias_ih.slice(0, H, 2 * H).fill_(forget_bias);
  lstm->bias_hh.slice(0, H, 2 * H).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  h = linear->weight.new_zeros({batch_size, hidden_size});
  c = h.clone();
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> outputs;
  int64_t frame = 0;
  while (frame < n_frames) {
    Tensor next_h;
    Tensor next_c;
    std::tie(next_h, next_c) = lstm->forward(inputs, h, c);
    h = next_h;
    c = next_c;
    const Tensor readout = linear->forward(h);
    outputs.push_back(bn->forward(readout));
    ++frame;
  }
  return torch::stack(outputs, 0);
}

}  // namespace student
