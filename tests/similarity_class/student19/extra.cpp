// Extra credit: GRU cell (`make extra`). Interface in layers/api.inc; maths in README.md 2.5
// and the torch.nn.GRUCell docs. Basic tensor ops only -- no GRUCell / gru_cell / linear.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

Tensor MyGRUCellImpl::forward(const Tensor& v, const Tensor& hprev) {
  auto rec = torch::matmul(hprev, weight_hh.t()) + bias_hh;
  auto inp = torch::matmul(v, weight_ih.t()) + bias_ih;
  return gru_state_update(inp, rec, hprev);
}

MyGRUCellImpl::MyGRUCellImpl(int64_t feat, int64_t units) {
  const double r = units > 0 ? 1.0 / std::sqrt(static_cast<double>(units)) : 0.0;
  const int64_t n3 = 3 * units;

  weight_ih = register_parameter("weight_ih", torch::empty({n3, feat}));
  weight_hh = register_parameter("weight_hh", torch::empty({n3, units}));
  bias_ih = register_parameter("bias_ih", torch::empty({n3}));
  bias_hh = register_parameter("bias_hh", torch::empty({n3}));

  torch::NoGradGuard off;
  weight_ih.uniform_(-r, r);
  weight_hh.uniform_(-r, r);
  bias_ih.uniform_(-r, r);
  bias_hh.uniform_(-r, r);
}

// blocks r | z | n along dim 1 in both projections
Tensor gru_state_update(const Tensor& xs, const Tensor& hs, const Tensor& hprev) {
  auto hb = hs.chunk(3, 1);
  auto xb = xs.chunk(3, 1);

  auto zg = torch::sigmoid(xb[1] + hb[1]);
  auto rg = torch::sigmoid(xb[0] + hb[0]);
  // reset gate scales the recurrent n-block, bias included (PyTorch's formulation)
  auto ng = torch::tanh(xb[2] + rg * hb[2]);

  return (1 - zg) * ng + zg * hprev;
}

}  // namespace student
