// Bonus: GRU cell, checked by `make extra`. Declarations in layers/api.inc; maths in
// README.md section 2.5 and the torch.nn.GRUCell docs. Same restrictions as submitted.cpp:
// basic tensor ops only -- torch::nn::GRUCell, at::gru_cell, torch::nn::functional::linear
// and the other built-in linear / recurrent layers must not be used.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

Tensor gru_state_update(const Tensor& xg, const Tensor& hg, const Tensor& prev) {
  // three H-wide blocks each: reset, update, new
  std::vector<Tensor> xb = xg.chunk(3, 1);
  std::vector<Tensor> hb = hg.chunk(3, 1);

  Tensor xr = xb[0];
  Tensor xz = xb[1];
  Tensor xn = xb[2];
  Tensor hr = hb[0];
  Tensor hz = hb[1];
  Tensor hn = hb[2];

  Tensor rg = torch::sigmoid(xr + hr);
  Tensor zg = torch::sigmoid(xz + hz);
  // PyTorch variant: reset applied to the recurrent block together with its bias
  Tensor ng = torch::tanh(xn + rg * hn);

  Tensor out = (1 - zg) * ng + zg * prev;
  return out;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t n_in, int64_t n_hidden) {
  int64_t rows = 3 * n_hidden;

  weight_ih = register_parameter("weight_ih", torch::empty({rows, n_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({rows, n_hidden}));
  bias_ih = register_parameter("bias_ih", torch::empty({rows}));
  bias_hh = register_parameter("bias_hh", torch::empty({rows}));

  // GRUCell default init range
  double spread = 0.0;
  if (n_hidden > 0) {
    spread = 1.0 / std::sqrt((double)n_hidden);
  }

  torch::NoGradGuard guard;
  weight_ih.uniform_(-spread, spread);
  weight_hh.uniform_(-spread, spread);
  bias_ih.uniform_(-spread, spread);
  bias_hh.uniform_(-spread, spread);
}

Tensor MyGRUCellImpl::forward(const Tensor& inp, const Tensor& hid) {
  Tensor xg = torch::matmul(inp, weight_ih.t()) + bias_ih;
  Tensor hg = torch::matmul(hid, weight_hh.t()) + bias_hh;
  return gru_state_update(xg, hg, hid);
}

}  // namespace student
