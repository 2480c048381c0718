// Bonus task: GRU cell, graded by `make extra`.
// Signatures: layers/api.inc. Formulas: handout section 2.5 and the torch.nn.GRUCell reference.
// Same restrictions as submitted.cpp -- elementary tensor ops only, no built-in layers.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;

Tensor gru_state_update(const Tensor& xside, const Tensor& hside, const Tensor& hprev) {
  // Each argument is reset / update / new along dim 1, H columns per block.
  const int64_t width = hprev.size(1);

  // blocks from the input projection
  Tensor xr = xside.slice(1, 0, width);
  Tensor xz = xside.slice(1, width, 2 * width);
  Tensor xn = xside.slice(1, 2 * width, 3 * width);

  // blocks from the recurrent projection
  Tensor hr = hside.slice(1, 0, width);
  Tensor hz = hside.slice(1, width, 2 * width);
  Tensor hn = hside.slice(1, 2 * width, 3 * width);

  Tensor rgate = torch::sigmoid(xr + hr);
  Tensor zgate = torch::sigmoid(xz + hz);
  // reset gate multiplies the whole recurrent block, bias included
  Tensor ncand = torch::tanh(xn + rgate * hn);
  // interpolate between candidate and previous state
  Tensor hnext = (1 - zgate) * ncand + zgate * hprev;

  return hnext;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t fan_in, int64_t units) {
  // stacked gate rows
  const int64_t rows = 3 * units;

  weight_ih = register_parameter("weight_ih", torch::empty({rows, fan_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({rows, units}));
  bias_ih = register_parameter("bias_ih", torch::empty({rows}));
  bias_hh = register_parameter("bias_hh", torch::empty({rows}));

  // GRUCell default: U(-k, k), k = 1/sqrt(units)
  const double k = 1.0 / std::sqrt(static_cast<double>(units));

  torch::NoGradGuard autograd_off;
  weight_ih.uniform_(-k, k);
  weight_hh.uniform_(-k, k);
  bias_ih.uniform_(-k, k);
  bias_hh.uniform_(-k, k);
}

Tensor MyGRUCellImpl::forward(const Tensor& in, const Tensor& hprev) {
  // input projection
  Tensor xproj = torch::matmul(in, weight_ih.transpose(0, 1)) + bias_ih;
  // recurrent projection
  Tensor hproj = torch::matmul(hprev, weight_hh.transpose(0, 1)) + bias_hh;
  return gru_state_update(xproj, hproj, hprev);
}

}  // namespace student
