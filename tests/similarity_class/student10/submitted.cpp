//  Recurrent layers MP (video generation)
//  -------------------------------------
//  See layers/api.inc for the interface, handout section 2 for the equations.
//  Everything here is built from elementary tensor operations.

#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {
void init_in_range(Tensor& dst, double half_width);
Tensor project(const Tensor& src, const Tensor& mat, const Tensor& offset);
}  // namespace

/////////////////////////////////////////////////////////////////////////////////////////////////
//  Motion network (handout 2.4)

Tensor LSTMImpl::forward(const Tensor& z0, int64_t length) {
  if (length <= 0) {
    const int64_t rows = z0.size(0);
    const int64_t cols = z0.size(1);
    return torch::empty({0, rows, cols}, z0.options());
  }
  std::vector<Tensor> outs;
  outs.reserve(length);
  for (int64_t k = 0; k < length; ++k) {
    std::tuple<Tensor, Tensor> stepped = lstm(z0, h, c);
    h = std::get<0>(stepped);
    c = std::get<1>(stepped);
    Tensor readout = linear(h);
    outs.push_back(bn(readout));
  }
  return torch::stack(outs, 0);
}

void LSTMImpl::init_hidden(int64_t nbatch) {
  torch::TensorOptions like_params = lstm->weight_ih.options();
  c = torch::zeros({nbatch, hidden_size}, like_params);
  h = torch::zeros({nbatch, hidden_size}, like_params);
}

void LSTMImpl::init_weight(double fgate_bias) {
  torch::NoGradGuard freeze;
  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  linear->bias.zero_();
  lstm->bias_hh.zero_();
  lstm->bias_ih.zero_();

  // forget gate occupies the second block of H rows
  const int64_t H = hidden_size;
  lstm->bias_ih.narrow(0, H, H).fill_(fgate_bias);
  lstm->bias_hh.narrow(0, H, H).fill_(fgate_bias);
}

LSTMImpl::LSTMImpl(int64_t in_feat, int64_t hid_feat) : hidden_size(hid_feat) {
  torch::nn::BatchNorm1dOptions norm_opts = torch::nn::BatchNorm1dOptions(in_feat).affine(false);
  lstm = register_module("lstm", MyLSTMCell(in_feat, hid_feat));
  linear = register_module("linear", MyLinear(hid_feat, in_feat));
  bn = register_module("bn", torch::nn::BatchNorm1d(norm_opts));
}

/////////////////////////////////////////////////////////////////////////////////////////////////
//  LSTM cell (handout 2.3)

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& inp, const Tensor& hprev,
                                                   const Tensor& cprev) {
  Tensor from_hidden = project(hprev, weight_hh, bias_hh);
  Tensor from_input = project(inp, weight_ih, bias_ih);
  Tensor preacts = from_input + from_hidden;
  return lstm_state_update(preacts, cprev);
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t in_feat, int64_t hid_feat) {
  const double half_width = 1.0 / std::sqrt(static_cast<double>(hid_feat));
  const int64_t rows = 4 * hid_feat;

  weight_ih = register_parameter("weight_ih", torch::empty({rows, in_feat}));
  weight_hh = register_parameter("weight_hh", torch::empty({rows, hid_feat}));
  bias_ih = register_parameter("bias_ih", torch::empty({rows}));
  bias_hh = register_parameter("bias_hh", torch::empty({rows}));

  init_in_range(weight_ih, half_width);
  init_in_range(weight_hh, half_width);
  init_in_range(bias_ih, half_width);
  init_in_range(bias_hh, half_width);
}

//  Elementwise LSTM step (handout 2.2).  Blocks along dim 1: i | f | g | o.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& pre, const Tensor& cprev) {
  std::vector<Tensor> blk = pre.chunk(4, 1);
  Tensor og = torch::sigmoid(blk[3]);
  Tensor gg = torch::tanh(blk[2]);
  Tensor fg = torch::sigmoid(blk[1]);
  Tensor ig = torch::sigmoid(blk[0]);

  Tensor retained = fg * cprev;
  Tensor written = ig * gg;
  Tensor cnew = retained + written;
  Tensor hnew = og * torch::tanh(cnew);
  return std::make_tuple(hnew, cnew);
}

/////////////////////////////////////////////////////////////////////////////////////////////////
//  Fully connected layer (handout 2.1)

Tensor MyLinearImpl::forward(const Tensor& src) { return project(src, weight, bias); }

MyLinearImpl::MyLinearImpl(int64_t in_feat, int64_t out_feat) {
  const double half_width = 1.0 / std::sqrt(static_cast<double>(in_feat));
  weight = register_parameter("weight", torch::empty({out_feat, in_feat}));
  bias = register_parameter("bias", torch::empty({out_feat}));
  init_in_range(weight, half_width);
  init_in_range(bias, half_width);
}

/////////////////////////////////////////////////////////////////////////////////////////////////
//  Small helpers

namespace {

// src [B, in] -> offset + src * mat^T, mat being [out, in]
Tensor project(const Tensor& src, const Tensor& mat, const Tensor& offset) {
  Tensor mat_t = mat.t();
  return torch::addmm(offset, src, mat_t);
}

// in-place U(-half_width, half_width), invisible to autograd
void init_in_range(Tensor& dst, double half_width) {
  torch::NoGradGuard freeze;
  const double lo = -half_width;
  dst.uniform_(lo, half_width);
}

}  // namespace

}  // namespace student
