// GRU cell for the extra-credit part (2.5). Plain tensor ops only.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

static void fill_sym_uniform(Tensor target, int64_t fan_count);

Tensor MyGRUCellImpl::forward(const Tensor& inp, const Tensor& h_prev) {
  Tensor hid_pre = torch::addmm(bias_hh, h_prev, weight_hh.t());
  Tensor in_pre = torch::addmm(bias_ih, inp, weight_ih.t());
  return gru_state_update(in_pre, hid_pre, h_prev);
}

// 3H rows per tensor, U(+-1/sqrt(H)) like nn.GRUCell.
MyGRUCellImpl::MyGRUCellImpl(int64_t n_in, int64_t n_hid) {
  const auto three_h = 3 * n_hid;
  weight_ih = register_parameter("weight_ih", torch::empty({three_h, n_in}));
  fill_sym_uniform(weight_ih, n_hid);
  weight_hh = register_parameter("weight_hh", torch::empty({three_h, n_hid}));
  fill_sym_uniform(weight_hh, n_hid);
  bias_ih = register_parameter("bias_ih", torch::empty({three_h}));
  fill_sym_uniform(bias_ih, n_hid);
  bias_hh = register_parameter("bias_hh", torch::empty({three_h}));
  fill_sym_uniform(bias_hh, n_hid);
}

// r|z|n blocks on dim 1; r gates the whole recurrent candidate (bias too).
Tensor gru_state_update(const Tensor& in_pre, const Tensor& hid_pre, const Tensor& h_prev) {
  auto hid_blocks = torch::chunk(hid_pre, 3, 1);
  auto in_blocks = torch::chunk(in_pre, 3, 1);
  Tensor ug = torch::sigmoid(in_blocks[1] + hid_blocks[1]);
  Tensor rg = torch::sigmoid(in_blocks[0] + hid_blocks[0]);
  Tensor gated = rg * hid_blocks[2];
  Tensor newgate = torch::tanh(in_blocks[2] + gated);
  Tensor delta = h_prev - newgate;
  return newgate + ug * delta;
}

static void fill_sym_uniform(Tensor target, int64_t fan_count) {
  const auto denom = std::sqrt(static_cast<double>(fan_count));
  const double lim = 1.0 / denom;
  torch::nn::init::uniform_(target, -lim, lim);
}

}  // namespace student
