// Bonus: GRU cell from handout 2.5, built from raw tensor arithmetic.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;

Tensor gru_state_update(const Tensor& from_x, const Tensor& from_h, const Tensor& prev) {
  // each input is laid out reset / update / new along dim 1
  auto xs = from_x.chunk(3, 1);
  auto hs = from_h.chunk(3, 1);

  Tensor reset = torch::sigmoid(xs[0] + hs[0]);
  Tensor upd = torch::sigmoid(xs[1] + hs[1]);
  Tensor cand = torch::tanh(xs[2] + reset * hs[2]);  // reset applies to the bias too
  return (1 - upd) * cand + upd * prev;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t n_in, int64_t n_hid) {
  weight_ih = register_parameter("weight_ih", torch::empty({3 * n_hid, n_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({3 * n_hid, n_hid}));
  bias_ih = register_parameter("bias_ih", torch::empty({3 * n_hid}));
  bias_hh = register_parameter("bias_hh", torch::empty({3 * n_hid}));

  const double lim = 1.0 / std::sqrt(static_cast<double>(n_hid));
  torch::NoGradGuard ng;
  for (auto* param : {&weight_ih, &weight_hh, &bias_ih, &bias_hh}) {
    param->uniform_(-lim, lim);
  }
}

Tensor MyGRUCellImpl::forward(const Tensor& xt, const Tensor& h_prev) {
  Tensor xg = torch::addmm(bias_ih, xt, weight_ih.t());
  Tensor hg = torch::addmm(bias_hh, h_prev, weight_hh.t());
  return gru_state_update(xg, hg, h_prev);
}

}  // namespace student
