#include "layers/layers.h"

// Style: explicit types everywhere, an enum class naming the gates, constexpr constants,
// torch::indexing::Slice to cut the gates, TORCH_CHECK on every shape, initialisation sorted by
// each parameter's number of dimensions, and a preallocated output written with index_put_.

#include <array>
#include <cmath>
#include <cstdint>
#include <tuple>

namespace student {

using torch::Tensor;
using torch::indexing::Slice;

namespace {

enum class LstmGate : int64_t { kInput = 0, kForget = 1, kCell = 2, kOutput = 3 };
constexpr int64_t kNumLstmGates = 4;

// Gate `which` of pre-activations packed along dimension 1, whatever the trailing dimensions.
Tensor gate_block(const Tensor& packed, LstmGate which) {
  const int64_t width = packed.size(1) / kNumLstmGates;
  const int64_t first = static_cast<int64_t>(which) * width;
  return packed.index({Slice(), Slice(first, first + width)});
}

// torch.nn's default bound for a layer whose fan-in is `fan_in`.
double default_bound(int64_t fan_in) {
  return 1.0 / std::sqrt(static_cast<double>(fan_in));
}

void fill_uniform(Tensor& tensor, double bound) {
  torch::NoGradGuard guard;
  tensor.uniform_(-bound, bound);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));
  const double bound = default_bound(input_size);
  fill_uniform(weight, bound);
  fill_uniform(bias, bound);
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  TORCH_CHECK(x.size(-1) == weight.size(1), "MyLinear: expected ", weight.size(1),
              " input features, got ", x.size(-1));
  return torch::add(torch::matmul(x, weight.transpose(0, 1)), bias);
}

// ---------------------------------------------------------------------------------------------
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  TORCH_CHECK(gates.dim() >= 2, "lstm_state_update: gates need a channel dimension");
  TORCH_CHECK(gates.size(1) == kNumLstmGates * c.size(1), "lstm_state_update: gates have ",
              gates.size(1), " channels, expected 4 * ", c.size(1));
  const Tensor input_gate = torch::sigmoid(gate_block(gates, LstmGate::kInput));
  const Tensor forget_gate = torch::sigmoid(gate_block(gates, LstmGate::kForget));
  const Tensor cell_candidate = torch::tanh(gate_block(gates, LstmGate::kCell));
  const Tensor output_gate = torch::sigmoid(gate_block(gates, LstmGate::kOutput));
  const Tensor next_c = forget_gate * c + input_gate * cell_candidate;
  const Tensor next_h = output_gate * torch::tanh(next_c);
  return std::tuple<Tensor, Tensor>(next_h, next_c);
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const int64_t stacked = kNumLstmGates * hidden_size;
  weight_ih = register_parameter("weight_ih", torch::empty({stacked, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({stacked, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({stacked}));
  bias_hh = register_parameter("bias_hh", torch::empty({stacked}));
  const double bound = default_bound(hidden_size);
  for (Tensor& parameter : std::array<Tensor, 4>{weight_ih, weight_hh, bias_ih, bias_hh}) {
    fill_uniform(parameter, bound);
  }
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  TORCH_CHECK(x.size(1) == weight_ih.size(1), "MyLSTMCell: x has ", x.size(1),
              " features, expected ", weight_ih.size(1));
  TORCH_CHECK(h.size(1) == weight_hh.size(1) && c.size(1) == weight_hh.size(1),
              "MyLSTMCell: h and c must have ", weight_hh.size(1), " columns");
  const Tensor from_input = torch::mm(x, weight_ih.t()) + bias_ih;
  const Tensor from_hidden = torch::mm(h, weight_hh.t()) + bias_hh;
  return lstm_state_update(from_input + from_hidden, c);
}

// ---------------------------------------------------------------------------------------------
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  torch::nn::BatchNorm1dOptions bn_options(input_size);
  bn_options.affine(false);
  bn = register_module("bn", torch::nn::BatchNorm1d(bn_options));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard guard;
  for (auto& entry : named_parameters()) {
    Tensor& parameter = entry.value();
    if (parameter.dim() >= 2) {
      torch::nn::init::xavier_uniform_(parameter);  // the three weight matrices
    } else {
      parameter.zero_();  // the three bias vectors
    }
  }
  const int64_t forget_first = static_cast<int64_t>(LstmGate::kForget) * hidden_size;
  lstm->bias_ih.index_put_({Slice(forget_first, forget_first + hidden_size)}, forget_bias);
  lstm->bias_hh.index_put_({Slice(forget_first, forget_first + hidden_size)}, forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  const torch::TensorOptions options = lstm->weight_ih.options();
  h = torch::zeros({batch_size, hidden_size}, options);
  c = torch::zeros({batch_size, hidden_size}, options);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  TORCH_CHECK(n_frames >= 0, "LSTM::forward: n_frames must not be negative, got ", n_frames);
  TORCH_CHECK(h.defined() && c.defined(), "LSTM::forward: call init_hidden first");
  const int64_t batch = inputs.size(0);
  const int64_t features = inputs.size(1);
  Tensor frames = torch::empty({n_frames, batch, features}, inputs.options());
  for (int64_t t = 0; t < n_frames; ++t) {
    const std::tuple<Tensor, Tensor> state = lstm->forward(inputs, h, c);
    h = std::get<0>(state);
    c = std::get<1>(state);
    frames.index_put_({t}, bn->forward(linear->forward(h)));
  }
  return frames;
}

}  // namespace student

static_assert(static_cast<int64_t>(student::LstmGate::kOutput) + 1 == student::kNumLstmGates,
              "four gates, i, f, g, o");
