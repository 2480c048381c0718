// Bonus GRU cell (handout 2.5); basic tensor arithmetic only, as in submitted.cpp.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;

// dim-1 layout: reset | update | new
Tensor gru_state_update(const Tensor& ax, const Tensor& ah, const Tensor& hprev) {
  int64_t hs = hprev.size(1);
  Tensor rg = (ax.narrow(1, 0, hs) + ah.narrow(1, 0, hs)).sigmoid();
  Tensor ug = (ax.narrow(1, hs, hs) + ah.narrow(1, hs, hs)).sigmoid();
  Tensor cand = (ax.narrow(1, 2 * hs, hs) + rg * ah.narrow(1, 2 * hs, hs)).tanh();
  // algebraically (1 - ug) * cand + ug * hprev
  return cand + ug * (hprev - cand);
}

MyGRUCellImpl::MyGRUCellImpl(int64_t d_in, int64_t d_hid) {
  double lim = 1.0 / std::sqrt((double)d_hid);
  int64_t nrow = 3 * d_hid;
  weight_ih = register_parameter("weight_ih", torch::rand({nrow, d_in}) * 2 * lim - lim);
  weight_hh = register_parameter("weight_hh", torch::rand({nrow, d_hid}) * 2 * lim - lim);
  bias_ih = register_parameter("bias_ih", torch::rand({nrow}) * 2 * lim - lim);
  bias_hh = register_parameter("bias_hh", torch::rand({nrow}) * 2 * lim - lim);
}

Tensor MyGRUCellImpl::forward(const Tensor& xin, const Tensor& hprev) {
  Tensor ax = xin.mm(weight_ih.t()) + bias_ih;
  Tensor ah = hprev.mm(weight_hh.t()) + bias_hh;
  return gru_state_update(ax, ah, hprev);
}

}  // namespace student
