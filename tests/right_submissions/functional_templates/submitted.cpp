#include "layers/layers.h"

// Style: auto everywhere, own function templates (gate unstacking into std::array, a variadic
// sum of projections), lambdas and std::function, structured bindings, einsum for the Linear
// layer, and a preallocated output filled frame by frame with select().copy_().

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace student {

using torch::Tensor;
using Activation = std::function<Tensor(const Tensor&)>;

namespace detail {

// Splits `packed` along dimension 1 into N equal consecutive blocks; any trailing dimensions.
template <std::size_t N>
std::array<Tensor, N> unstack(const Tensor& packed) {
  constexpr auto count = static_cast<int64_t>(N);
  TORCH_CHECK(packed.size(1) % count == 0, "expected ", count,
              " equal blocks along dimension 1, got a width of ", packed.size(1));
  auto pieces = packed.split(packed.size(1) / count, 1);
  TORCH_CHECK(pieces.size() == N, "expected ", count, " blocks, got ",
              static_cast<int64_t>(pieces.size()));
  std::array<Tensor, N> blocks;
  std::move(pieces.begin(), pieces.end(), blocks.begin());
  return blocks;
}

// Applies fns[k] to pre[k].
template <std::size_t N>
std::array<Tensor, N> activate(const std::array<Tensor, N>& pre, const std::array<Activation, N>& fns) {
  std::array<Tensor, N> out;
  std::transform(pre.begin(), pre.end(), fns.begin(), out.begin(),
                 [](const Tensor& t, const Activation& f) { return f(t); });
  return out;
}

// x W^T, and the sum of such products for more (x, W) pairs.
inline Tensor projection(const Tensor& x, const Tensor& w) {
  return torch::matmul(x, w.t());
}

template <typename... Rest>
Tensor projection(const Tensor& x, const Tensor& w, const Rest&... rest) {
  return projection(x, w) + projection(rest...);
}

inline Tensor gate_sigmoid(const Tensor& t) { return torch::sigmoid(t); }
inline Tensor gate_tanh(const Tensor& t) { return torch::tanh(t); }

}  // namespace detail

// ---------------------------------------------------------------------------------------------
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  const auto bound = 1.0 / std::sqrt(static_cast<double>(input_size));
  auto make = [this, bound](const std::string& name, std::vector<int64_t> shape) {
    auto parameter = register_parameter(name, torch::empty(shape));
    torch::nn::init::uniform_(parameter, -bound, bound);
    return parameter;
  };
  weight = make("weight", {output_size, input_size});
  bias = make("bias", {output_size});
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  return torch::einsum("bi,oi->bo", {x, weight}) + bias;
}

// ---------------------------------------------------------------------------------------------
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // PyTorch's order: input gate, forget gate, candidate cell, output gate.
  const auto [i, f, g, o] = detail::activate<4>(
      detail::unstack<4>(gates),
      {detail::gate_sigmoid, detail::gate_sigmoid, detail::gate_tanh, detail::gate_sigmoid});
  auto c_next = f * c + i * g;
  auto h_next = o * torch::tanh(c_next);
  return {h_next, c_next};
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const auto rows = 4 * hidden_size;
  const std::array<std::pair<const char*, std::vector<int64_t>>, 4> layout{{
      {"weight_ih", {rows, input_size}},
      {"weight_hh", {rows, hidden_size}},
      {"bias_ih", {rows}},
      {"bias_hh", {rows}},
  }};
  const std::array<std::reference_wrapper<Tensor>, 4> slots{weight_ih, weight_hh, bias_ih, bias_hh};
  const auto bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (std::size_t k = 0; k < layout.size(); ++k) {
    const auto& [name, shape] = layout[k];
    slots[k].get() = register_parameter(name, torch::empty(shape));
    torch::nn::init::uniform_(slots[k].get(), -bound, bound);
  }
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h, const Tensor& c) {
  const auto gates = detail::projection(x, weight_ih, h, weight_hh) + bias_ih + bias_hh;
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  bn = register_module("bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  const std::function<void(Tensor&)> for_weight = [](Tensor& w) { torch::nn::init::xavier_uniform_(w); };
  const std::function<void(Tensor&)> for_bias = [](Tensor& b) { torch::nn::init::zeros_(b); };
  torch::NoGradGuard no_grad;
  for (auto& item : named_parameters()) {
    const auto& name = item.key();
    const auto leaf = name.substr(name.find_last_of('.') + 1);  // "lstm.weight_ih" -> "weight_ih"
    const auto& fill = leaf.rfind("weight", 0) == 0 ? for_weight : for_bias;
    fill(item.value());
  }
  const auto width = hidden_size;
  for (auto cell_bias : {lstm->bias_ih, lstm->bias_hh}) {
    torch::nn::init::constant_(cell_bias.narrow(0, width, width), forget_bias);  // the f quarter
  }
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  const auto zeros = [&] { return lstm->weight_ih.new_zeros({batch_size, hidden_size}); };
  h = zeros();
  c = zeros();
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  auto output = inputs.new_empty({n_frames, inputs.size(0), inputs.size(1)});
  const std::function<Tensor()> step = [&] {
    std::tie(h, c) = lstm(inputs, h, c);
    return bn(linear(h));
  };
  for (auto t = int64_t{0}; t < n_frames; ++t) {
    output.select(0, t).copy_(step());
  }
  return output;
}

}  // namespace student
