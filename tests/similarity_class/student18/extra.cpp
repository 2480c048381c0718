// Bonus: GRU cell (sec. 2.5), checked via `make extra`.
// Raw tensor arithmetic only, like the main file.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

/*
 * In-place U(-1/sqrt(n), 1/sqrt(n)); autograd is disabled inside the init call.
 */
static void fill_sym_uniform(Tensor target, int64_t fan_count) {
  const double lim = 1.0 / std::sqrt(static_cast<double>(fan_count));
  torch::nn::init::uniform_(target, -lim, lim);
}

/*
 * GRU elementwise step with reset/update/new blocks on dim 1.
 * The reset gate multiplies the entire recurrent candidate term, bias included.
 * Blend (1 - u) * n + u * h is written as n + u * (h - n).
 */
Tensor gru_state_update(const Tensor& in_pre, const Tensor& hid_pre, const Tensor& h_prev) {
  std::vector<Tensor> in_blocks = torch::chunk(in_pre, 3, /*dim=*/1);
  std::vector<Tensor> hid_blocks = torch::chunk(hid_pre, 3, /*dim=*/1);

  Tensor rg = torch::sigmoid(in_blocks[0] + hid_blocks[0]);
  Tensor ug = torch::sigmoid(in_blocks[1] + hid_blocks[1]);
  Tensor newgate = torch::tanh(in_blocks[2] + rg * hid_blocks[2]);

  return newgate + ug * (h_prev - newgate);
}

/*
 * GRU cell parameters: 3 stacked blocks, uniform in +-1/sqrt(hidden).
 */
MyGRUCellImpl::MyGRUCellImpl(int64_t n_in, int64_t n_hid) {
  const int64_t three_h = 3 * n_hid;
  weight_ih = register_parameter("weight_ih", torch::empty({three_h, n_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({three_h, n_hid}));
  bias_ih = register_parameter("bias_ih", torch::empty({three_h}));
  bias_hh = register_parameter("bias_hh", torch::empty({three_h}));

  fill_sym_uniform(weight_ih, n_hid);
  fill_sym_uniform(weight_hh, n_hid);
  fill_sym_uniform(bias_ih, n_hid);
  fill_sym_uniform(bias_hh, n_hid);
}

/*
 * Input and recurrent projections, then the elementwise update.
 */
Tensor MyGRUCellImpl::forward(const Tensor& inp, const Tensor& h_prev) {
  Tensor in_pre = torch::addmm(bias_ih, inp, weight_ih.t());
  Tensor hid_pre = torch::addmm(bias_hh, h_prev, weight_hh.t());
  return gru_state_update(in_pre, hid_pre, h_prev);
}

}  // namespace student
