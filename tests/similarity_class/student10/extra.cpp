//  Extra credit (handout 2.5): GRU cell, elementary tensor ops only.

#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

MyGRUCellImpl::MyGRUCellImpl(int64_t in_feat, int64_t hid_feat) {
  const double half_width = 1.0 / std::sqrt(static_cast<double>(hid_feat));
  const int64_t rows = 3 * hid_feat;

  weight_ih = register_parameter("weight_ih", torch::empty({rows, in_feat}));
  weight_hh = register_parameter("weight_hh", torch::empty({rows, hid_feat}));
  bias_ih = register_parameter("bias_ih", torch::empty({rows}));
  bias_hh = register_parameter("bias_hh", torch::empty({rows}));

  torch::NoGradGuard freeze;
  for (Tensor* tp : {&weight_ih, &weight_hh, &bias_ih, &bias_hh}) {
    tp->uniform_(-half_width, half_width);
  }
}

Tensor MyGRUCellImpl::forward(const Tensor& inp, const Tensor& hprev) {
  Tensor hid_side = torch::addmm(bias_hh, hprev, weight_hh.t());
  Tensor inp_side = torch::addmm(bias_ih, inp, weight_ih.t());
  return gru_state_update(inp_side, hid_side, hprev);
}

// Both pre-activation tensors are stacked reset | update | new on dim 1.
Tensor gru_state_update(const Tensor& xpart, const Tensor& hpart, const Tensor& hprev) {
  std::vector<Tensor> hb = hpart.chunk(3, 1);
  std::vector<Tensor> xb = xpart.chunk(3, 1);

  Tensor zg = torch::sigmoid(xb[1] + hb[1]);
  Tensor rg = torch::sigmoid(xb[0] + hb[0]);
  // PyTorch convention: reset multiplies the full hidden term, its bias included
  Tensor ng = torch::tanh(xb[2] + rg * hb[2]);

  Tensor keep_new = (1 - zg) * ng;
  Tensor keep_old = zg * hprev;
  return keep_new + keep_old;
}

}  // namespace student
