// MP: recurrent layers for video.
//
// Everything below follows PyTorch's own layers (nn.Linear, nn.LSTMCell) but only with plain
// tensor operations, as the handout requires (section 3).
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// =============================================================================================
// MyLinear  (handout 2.1)
// =============================================================================================

MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  // nn.Linear draws both weight and bias from U(-k, k) with k = 1/sqrt(in_features).
  // The fresh tensors do not require grad yet, so filling them before registering is not
  // recorded by autograd.
  const double k = 1.0 / std::sqrt((double)input_size);
  weight = register_parameter("weight", torch::empty({output_size, input_size}).uniform_(-k, k));
  bias = register_parameter("bias", torch::empty({output_size}).uniform_(-k, k));
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  // [B, in] x [in, out] -> [B, out]; the [out] bias broadcasts over the rows.
  return x.matmul(weight.t()) + bias;
}

// =============================================================================================
// LSTM pointwise update  (handout 2.2)
// =============================================================================================

std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // Gates are packed along dim 1 as [ input | forget | cell candidate | output ], each of
  // width H. Only dim 1 is touched, so extra spatial dims (ConvLSTM) just come along.
  const int64_t H = gates.size(1) / 4;

  Tensor input_gate = gates.narrow(1, 0 * H, H).sigmoid();
  Tensor forget_gate = gates.narrow(1, 1 * H, H).sigmoid();
  Tensor candidate = gates.narrow(1, 2 * H, H).tanh();
  Tensor output_gate = gates.narrow(1, 3 * H, H).sigmoid();

  // c' = f * c + i * g ;  h' = o * tanh(c')
  Tensor new_c = forget_gate * c + input_gate * candidate;
  Tensor new_h = output_gate * new_c.tanh();
  return {new_h, new_c};
}

// =============================================================================================
// MyLSTMCell  (handout 2.3)
// =============================================================================================

MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const int64_t four_h = 4 * hidden_size;
  weight_ih = register_parameter("weight_ih", torch::empty({four_h, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({four_h, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({four_h}));
  bias_hh = register_parameter("bias_hh", torch::empty({four_h}));

  // nn.LSTMCell: every parameter ~ U(-1/sqrt(H), 1/sqrt(H)).
  // torch::nn::init::uniform_ fills in place without recording the op.
  const double stdv = 1.0 / std::sqrt((double)hidden_size);
  torch::nn::init::uniform_(weight_ih, -stdv, stdv);
  torch::nn::init::uniform_(weight_hh, -stdv, stdv);
  torch::nn::init::uniform_(bias_ih, -stdv, stdv);
  torch::nn::init::uniform_(bias_hh, -stdv, stdv);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  // All four gates at once: [B, 4H].
  Tensor gates = x.mm(weight_ih.t()) + bias_ih + h.mm(weight_hh.t()) + bias_hh;
  return lstm_state_update(gates, c);
}

// =============================================================================================
// LSTM: MoCoGAN's motion network  (handout 2.4)
// =============================================================================================

LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = MyLSTMCell(input_size, hidden_size);
  linear = MyLinear(hidden_size, input_size);
  // BatchNorm without gamma/beta, but it still tracks running mean/var (the default).
  torch::nn::BatchNorm1dOptions bn_options(input_size);
  bn_options.affine(false);
  bn = torch::nn::BatchNorm1d(bn_options);

  register_module("lstm", lstm);
  register_module("linear", linear);
  register_module("bn", bn);
}

void LSTMImpl::init_weight(double forget_bias) {
  // Nothing in here should end up in the autograd graph.
  torch::NoGradGuard guard;

  // Xavier (Glorot) uniform with gain 1: U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
  // For a 2-D weight [out, in], fan_in = in and fan_out = out.
  for (Tensor w : {lstm->weight_ih, lstm->weight_hh, linear->weight}) {
    const double a = std::sqrt(6.0 / (double)(w.size(0) + w.size(1)));
    w.uniform_(-a, a);
  }

  // Biases: zero everywhere, then the forget-gate block [H, 2H) of the cell's biases.
  linear->bias.zero_();
  for (Tensor b : {lstm->bias_ih, lstm->bias_hh}) {
    b.zero_();
    b.slice(/*dim=*/0, /*start=*/hidden_size, /*end=*/2 * hidden_size).fill_(forget_bias);
  }
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  // Same dtype and device as the model's parameters.
  const Tensor& ref = linear->weight;
  auto opts = torch::TensorOptions().dtype(ref.dtype()).device(ref.device());
  h = torch::zeros({batch_size, hidden_size}, opts);
  c = torch::zeros({batch_size, hidden_size}, opts);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> outputs;
  int64_t frame = 0;
  while (frame < n_frames) {
    // The cell sees the same noise vector every frame; only (h, c) move on.
    auto state = lstm->forward(inputs, h, c);
    h = std::get<0>(state);
    c = std::get<1>(state);
    outputs.push_back(bn->forward(linear->forward(h)));
    ++frame;
  }
  if (outputs.empty()) {
    // zero frames requested: an empty [0, B, input_size] result
    return inputs.new_empty({0, inputs.size(0), inputs.size(1)});
  }
  return torch::stack(outputs);  // [n_frames, B, input_size]
}

}  // namespace student
