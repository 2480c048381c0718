// Video MP: recurrent layers.
// Interface from layers/api.inc; formulas from handout sec. 2 and the torch.nn reference.
// Only basic tensor arithmetic here -- no torch Linear/LSTMCell/functional linear.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
// Fully connected layer
MyLinearImpl::MyLinearImpl(int64_t d_in, int64_t d_out) {
  double lim = 1.0 / std::sqrt((double)d_in);
  // stretch U[0,1) to U[-lim, lim)
  weight = register_parameter("weight", torch::rand({d_out, d_in}) * 2 * lim - lim);
  bias = register_parameter("bias", torch::rand({d_out}) * 2 * lim - lim);
}

Tensor MyLinearImpl::forward(const Tensor& xin) {
  return xin.mm(weight.t()) + bias;  // row-wise broadcast of the offset
}

// ---------------------------------------------------------------------------------------------
// Elementwise LSTM update; blocks input/forget/cell/output along dim 1
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& pre, const Tensor& cprev) {
  int64_t hs = pre.size(1) / 4;
  Tensor in_g = pre.narrow(1, 0, hs).sigmoid();
  Tensor fo_g = pre.narrow(1, hs, hs).sigmoid();
  Tensor ce_g = pre.narrow(1, 2 * hs, hs).tanh();
  Tensor ou_g = pre.narrow(1, 3 * hs, hs).sigmoid();

  Tensor cnext = fo_g * cprev + in_g * ce_g;
  Tensor hnext = ou_g * cnext.tanh();
  return {hnext, cnext};
}

// LSTM cell
MyLSTMCellImpl::MyLSTMCellImpl(int64_t d_in, int64_t d_hid) {
  double lim = 1.0 / std::sqrt((double)d_hid);
  int64_t nrow = 4 * d_hid;
  weight_ih = register_parameter("weight_ih", torch::rand({nrow, d_in}) * 2 * lim - lim);
  weight_hh = register_parameter("weight_hh", torch::rand({nrow, d_hid}) * 2 * lim - lim);
  bias_ih = register_parameter("bias_ih", torch::rand({nrow}) * 2 * lim - lim);
  bias_hh = register_parameter("bias_hh", torch::rand({nrow}) * 2 * lim - lim);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& xin, const Tensor& hprev,
                                                   const Tensor& cprev) {
  Tensor pre = xin.mm(weight_ih.t()) + bias_ih + hprev.mm(weight_hh.t()) + bias_hh;
  return lstm_state_update(pre, cprev);
}

// ---------------------------------------------------------------------------------------------
// MoCoGAN motion generator
LSTMImpl::LSTMImpl(int64_t d_in, int64_t d_hid) : hidden_size(d_hid) {
  lstm = MyLSTMCell(d_in, d_hid);
  linear = MyLinear(d_hid, d_in);
  bn = torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(d_in).affine(false).track_running_stats(true));
  register_module("lstm", lstm);
  register_module("linear", linear);
  register_module("bn", bn);
}

void LSTMImpl::init_weight(double fbias) {
  torch::NoGradGuard nograd;

  // 2-D tensors: Xavier uniform; 1-D tensors: zero
  for (auto& cell_param : lstm->parameters()) {
    if (cell_param.dim() == 2)
      torch::nn::init::xavier_uniform_(cell_param);
    else
      cell_param.zero_();
  }
  for (auto& lin_param : linear->parameters()) {
    if (lin_param.dim() == 2)
      torch::nn::init::xavier_uniform_(lin_param);
    else
      lin_param.zero_();
  }
  // batch norm is non-affine: no parameters to touch

  // forget block is the 2nd of 4
  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(fbias);
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(fbias);
}

void LSTMImpl::init_hidden(int64_t nbatch) {
  // new_zeros inherits dtype and device from the weight
  h = lstm->weight_hh.new_zeros({nbatch, hidden_size});
  c = lstm->weight_hh.new_zeros({nbatch, hidden_size});
}

Tensor LSTMImpl::forward(const Tensor& zvec, int64_t nsteps) {
  std::vector<Tensor> result;
  int64_t idx = 0;
  while (idx < nsteps) {
    auto hc = lstm(zvec, h, c);
    h = std::get<0>(hc);
    c = std::get<1>(hc);
    result.push_back(bn(linear(h)));
    idx++;
  }
  return torch::stack(result, 0);
}

}  // namespace student
