// MP: recurrent layers for video. Implement the method bodies below; `make test` grades them.
// The declarations (members, shapes, parameter names) are in layers/api.inc; the maths of each
// layer is in the handout (README.md, section 2) and in torch.nn's documentation, which is the
// specification: https://pytorch.org/docs/stable/nn.html
//
// Allowed: plain tensor operations (matmul, addmm, sigmoid, tanh, chunk, narrow, stack, ...),
// torch::nn::init, torch::nn::BatchNorm1d.
// Forbidden everywhere in this file: torch's own linear and recurrent layers in any form
// (torch::nn::Linear, LSTMCell, GRUCell, LSTM, torch::nn::functional::linear, torch::linear,
// at::lstm_cell, ...). The grader refuses them when your code runs them.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;
using torch::indexing::Slice;

// ---------------------------------------------------------------------------------------------
// Handout 2.1; torch.nn.Linear.
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));

  const double k = 1.0 / std::sqrt(static_cast<double>(input_size));  // same bound as nn.Linear
  torch::NoGradGuard no_grad;                                          // init is not part of the graph
  weight.uniform_(-k, k);
  bias.uniform_(-k, k);
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  return x.matmul(weight.t()) + bias;  // [B, in] x [in, out] + [out] -> [B, out]
}

// ---------------------------------------------------------------------------------------------
// Handout 2.2; torch.nn.LSTMCell.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  const int64_t H = c.size(1);  // gates has 4H along dim 1

  // only index dim 1, trailing dims (height, width) are left untouched
  Tensor in_gate     = gates.index({Slice(), Slice(0, H)}).sigmoid();          // i
  Tensor forget_gate = gates.index({Slice(), Slice(H, 2 * H)}).sigmoid();      // f
  Tensor cell_cand   = gates.index({Slice(), Slice(2 * H, 3 * H)}).tanh();     // g
  Tensor out_gate    = gates.index({Slice(), Slice(3 * H, 4 * H)}).sigmoid();  // o

  Tensor c_next = forget_gate * c + in_gate * cell_cand;  // c' = f*c + i*g
  Tensor h_next = out_gate * c_next.tanh();               // h' = o*tanh(c')
  return {h_next, c_next};
}

// Handout 2.3; torch.nn.LSTMCell.
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  weight_ih = register_parameter("weight_ih", torch::empty({4 * hidden_size, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({4 * hidden_size, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({4 * hidden_size}));
  bias_hh = register_parameter("bias_hh", torch::empty({4 * hidden_size}));

  const double k = 1.0 / std::sqrt(static_cast<double>(hidden_size));  // LSTMCell uses 1/sqrt(H)
  torch::NoGradGuard no_grad;
  for (Tensor p : {weight_ih, weight_hh, bias_ih, bias_hh})  // copies share storage,
    p.uniform_(-k, k);                                        // so this fills the params
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  Tensor gates = x.matmul(weight_ih.t()) + bias_ih     // input part   [B, 4H]
               + h.matmul(weight_hh.t()) + bias_hh;    // hidden part  [B, 4H]
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
// Handout 2.4: MoCoGAN's motion network.
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  bn = register_module(
      "bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;  // nothing here goes into autograd

  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();

  const int64_t H = hidden_size;
  lstm->bias_ih.index({Slice(H, 2 * H)}).fill_(forget_bias);  // forget gate quarter [H, 2H)
  lstm->bias_hh.index({Slice(H, 2 * H)}).fill_(forget_bias);  // (a view, so fills the param)
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  auto opts = torch::TensorOptions()
                  .dtype(lstm->weight_ih.dtype())     // float32 or float64
                  .device(lstm->weight_ih.device());  // cpu / cuda
  h = torch::zeros({batch_size, hidden_size}, opts);
  c = torch::zeros({batch_size, hidden_size}, opts);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> frames;
  frames.reserve(n_frames);

  for (int64_t t = 0; t < n_frames; ++t) {
    std::tie(h, c) = lstm(inputs, h, c);   // same inputs every frame, state carries over
    frames.push_back(bn(linear(h)));       // [B, input_size]
  }

  if (frames.empty())  // n_frames == 0: stack would throw on an empty list
    return torch::empty({0, inputs.size(0), inputs.size(1)}, inputs.options());
  return torch::stack(frames, 0);  // [n_frames, B, input_size]
}

}  // namespace student
