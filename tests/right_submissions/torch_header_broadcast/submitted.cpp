#include "layers/layers.h"
#include <torch/torch.h>

#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

// Style: the full torch/torch.h header, namespace aliases, a small struct that unpacks and
// activates the four gates (slice), Linear as a broadcast product summed over the inputs,
// structured bindings for fans and states, parameters initialised through the owning modules'
// own named_parameters(false), and frames joined with cat of unsqueezed frames.

static_assert(__cplusplus >= 201703L, "structured bindings need C++17");

namespace student {

using torch::Tensor;
namespace init = torch::nn::init;

namespace {

// The four activated gates of a pre-activation stack [B, 4H, ...], in PyTorch's order.
struct ActivatedGates {
  Tensor input, forget, cell, output;

  explicit ActivatedGates(const Tensor& packed) {
    const int64_t width = packed.size(1) / 4;
    auto take = [&packed, width](int64_t k) { return packed.slice(1, k * width, (k + 1) * width); };
    input = take(0).sigmoid();
    forget = take(1).sigmoid();
    cell = take(2).tanh();
    output = take(3).sigmoid();
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));
  const auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
  TORCH_CHECK(fan_in > 0 && fan_out > 0, "MyLinear needs at least one input and one output feature");
  const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
  init::uniform_(weight, -bound, bound);
  init::uniform_(bias, -bound, bound);
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  // [B, 1, in] * [out, in] -> [B, out, in], summed over in: x W^T.
  return (x.unsqueeze(1) * weight).sum(-1) + bias;
}

// ---------------------------------------------------------------------------------------------
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  const ActivatedGates gate(gates);
  Tensor c_next = gate.forget * c + gate.input * gate.cell;
  Tensor h_next = gate.output * c_next.tanh();
  return {std::move(h_next), std::move(c_next)};
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  weight_ih = register_parameter("weight_ih", torch::empty({4 * hidden_size, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({4 * hidden_size, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({4 * hidden_size}));
  bias_hh = register_parameter("bias_hh", torch::empty({4 * hidden_size}));
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (auto& p : this->parameters()) init::uniform_(p, -bound, bound);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  const Tensor gates = x.mm(weight_ih.t()) + h.mm(weight_hh.t()) + (bias_ih + bias_hh);
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  namespace nn = torch::nn;
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  bn = register_module("bn", nn::BatchNorm1d(nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  using torch::indexing::Slice;
  torch::NoGradGuard no_grad;
  const std::array<std::shared_ptr<torch::nn::Module>, 2> owners{lstm.ptr(), linear.ptr()};
  for (const auto& owner : owners) {
    for (auto& entry : owner->named_parameters(/*recurse=*/false)) {
      Tensor& tensor = entry.value();
      if (entry.key().compare(0, 6, "weight") == 0) {
        init::xavier_uniform_(tensor);
      } else {
        init::zeros_(tensor);
      }
    }
  }
  const int64_t H = hidden_size;
  for (const Tensor& cell_bias : {lstm->bias_ih, lstm->bias_hh}) {
    init::constant_(cell_bias.index({Slice(H, 2 * H)}), forget_bias);
  }
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  const auto options = lstm->weight_hh.options();
  const auto zero_state = [&] { return torch::full({batch_size, hidden_size}, 0.0, options); };
  std::tie(h, c) = std::make_tuple(zero_state(), zero_state());
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> frames;
  for (int64_t t = 0; t < n_frames; ++t) {
    auto [h_next, c_next] = lstm(inputs, h, c);
    h = h_next;
    c = c_next;
    frames.push_back(bn(linear(h)).unsqueeze(0));
  }
  return torch::cat(frames, 0);
}

}  // namespace student
