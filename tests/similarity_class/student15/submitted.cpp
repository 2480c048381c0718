// Recurrent layers for the video MP.
// Interfaces: layers/api.inc  |  equations: README.md section 2, torch.nn documentation.
// Only elementary tensor maths, torch::nn::init and torch::nn::BatchNorm1d are used below.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// =============================================================================================
// MoCoGAN motion network (2.4)
// =============================================================================================

Tensor LSTMImpl::forward(const Tensor& z_motion, int64_t steps) {
  std::vector<Tensor> per_step;

  for (int64_t s = 0; s < steps; ++s) {
    std::tuple<Tensor, Tensor> state = lstm->forward(z_motion, h, c);
    h = std::get<0>(state);
    c = std::get<1>(state);
    // bn(linear(h)) with a singleton time axis in front
    per_step.push_back(bn->forward(linear->forward(h)).unsqueeze(0));
  }

  return torch::cat(per_step, /*dim=*/0);  // [steps, B, in]
}

void LSTMImpl::init_hidden(int64_t nb) {
  const Tensor& proto = lstm->weight_ih;
  torch::TensorOptions zero_opts = torch::TensorOptions().dtype(proto.dtype()).device(proto.device());
  c = torch::zeros({nb, hidden_size}, zero_opts);
  h = torch::zeros({nb, hidden_size}, zero_opts);
}

void LSTMImpl::init_weight(double fgb) {
  torch::NoGradGuard no_track;

  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  linear->bias.zero_();
  lstm->bias_hh.zero_();
  lstm->bias_ih.zero_();

  const int64_t stop = 2 * hidden_size;
  const int64_t start = hidden_size;
  lstm->bias_ih.slice(0, start, stop).fill_(fgb);
  lstm->bias_hh.slice(0, start, stop).fill_(fgb);
}

LSTMImpl::LSTMImpl(int64_t n_feat, int64_t n_units) : hidden_size(n_units) {
  torch::nn::BatchNorm1dOptions norm_cfg = torch::nn::BatchNorm1dOptions(n_feat).affine(false);
  lstm = register_module("lstm", MyLSTMCell(n_feat, n_units));
  linear = register_module("linear", MyLinear(n_units, n_feat));
  bn = register_module("bn", torch::nn::BatchNorm1d(norm_cfg));
}

// =============================================================================================
// LSTM cell (2.3) and its pointwise update (2.2)
// =============================================================================================

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x_t, const Tensor& h_t,
                                                   const Tensor& c_t) {
  auto rec = torch::matmul(h_t, weight_hh.transpose(0, 1)) + bias_hh;
  auto inp = torch::matmul(x_t, weight_ih.transpose(0, 1)) + bias_ih;
  return lstm_state_update(inp + rec, c_t);
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t n_feat, int64_t n_units) {
  const double a = 1.0 / std::sqrt(static_cast<double>(n_units));
  const auto four_h = 4 * n_units;

  weight_ih = register_parameter("weight_ih", torch::empty({four_h, n_feat}));
  weight_hh = register_parameter("weight_hh", torch::empty({four_h, n_units}));
  bias_ih = register_parameter("bias_ih", torch::empty({four_h}));
  bias_hh = register_parameter("bias_hh", torch::empty({four_h}));

  torch::NoGradGuard no_track;
  weight_ih.uniform_(-a, a);
  weight_hh.uniform_(-a, a);
  bias_ih.uniform_(-a, a);
  bias_hh.uniform_(-a, a);
}

// dim 1 = [ i | f | g | o ], each block W wide; works for [B,4H] and [B,4H,Hgt,Wid]
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& z, const Tensor& c_t) {
  const auto w = z.size(1) / 4;

  auto o_blk = z.narrow(1, 3 * w, w);
  auto g_blk = z.narrow(1, 2 * w, w);
  auto f_blk = z.narrow(1, 1 * w, w);
  auto i_blk = z.narrow(1, 0 * w, w);

  auto o_act = torch::sigmoid(o_blk);
  auto f_act = torch::sigmoid(f_blk);
  auto i_act = torch::sigmoid(i_blk);
  auto g_act = torch::tanh(g_blk);

  Tensor c_new = f_act * c_t + i_act * g_act;
  Tensor squashed = torch::tanh(c_new);
  Tensor h_new = o_act * squashed;
  return std::make_tuple(h_new, c_new);
}

// =============================================================================================
// Dense layer (2.1)
// =============================================================================================

Tensor MyLinearImpl::forward(const Tensor& x_t) {
  return torch::matmul(x_t, weight.transpose(0, 1)) + bias;  // bias broadcasts over rows
}

MyLinearImpl::MyLinearImpl(int64_t n_feat, int64_t n_out) {
  const double a = 1.0 / std::sqrt(static_cast<double>(n_feat));

  weight = register_parameter("weight", torch::empty({n_out, n_feat}));
  bias = register_parameter("bias", torch::empty({n_out}));

  torch::NoGradGuard no_track;
  weight.uniform_(-a, a);
  bias.uniform_(-a, a);
}

}  // namespace student
