// Extra credit -- GRU cell (README.md 2.5; semantics of torch.nn.GRUCell).
// Elementary tensor maths only, same rules as the main file.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;

Tensor MyGRUCellImpl::forward(const Tensor& x_t, const Tensor& h_t) {
  auto rec = torch::matmul(h_t, weight_hh.transpose(0, 1)) + bias_hh;
  auto inp = torch::matmul(x_t, weight_ih.transpose(0, 1)) + bias_ih;
  return gru_state_update(inp, rec, h_t);
}

MyGRUCellImpl::MyGRUCellImpl(int64_t n_feat, int64_t n_units) {
  const double a = 1.0 / std::sqrt(static_cast<double>(n_units));
  const auto three_h = 3 * n_units;

  weight_ih = register_parameter("weight_ih", torch::empty({three_h, n_feat}));
  weight_hh = register_parameter("weight_hh", torch::empty({three_h, n_units}));
  bias_ih = register_parameter("bias_ih", torch::empty({three_h}));
  bias_hh = register_parameter("bias_hh", torch::empty({three_h}));

  torch::NoGradGuard no_track;
  weight_ih.uniform_(-a, a);
  weight_hh.uniform_(-a, a);
  bias_ih.uniform_(-a, a);
  bias_hh.uniform_(-a, a);
}

// inputs stacked [ r | z | n ] along dim 1
Tensor gru_state_update(const Tensor& gx, const Tensor& gr, const Tensor& h_t) {
  const auto w = h_t.size(1);

  auto r_rec = gr.slice(1, 0, w);
  auto z_rec = gr.slice(1, w, 2 * w);
  auto n_rec = gr.slice(1, 2 * w, 3 * w);

  auto r_inp = gx.slice(1, 0, w);
  auto z_inp = gx.slice(1, w, 2 * w);
  auto n_inp = gx.slice(1, 2 * w, 3 * w);

  Tensor upd = torch::sigmoid(z_inp + z_rec);
  Tensor rst = torch::sigmoid(r_inp + r_rec);
  // PyTorch applies the reset gate to the recurrent block *including* its bias
  Tensor gated = rst * n_rec;
  Tensor cand = torch::tanh(n_inp + gated);

  return (1 - upd) * cand + upd * h_t;
}

}  // namespace student
