// Bonus task: GRU cell, graded by `make extra`.
// Interface in layers/api.inc; formulas in README.md sec. 2.5 and the torch.nn.GRUCell
// page. Rules as in submitted.cpp: raw tensor ops only; built-in GRU cells, gru_cell,
// functional linear and the other torch linear/recurrent layers are off limits.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {

// inp * M^T + v -> one block of gate pre-activations (offset included).
Tensor project(const Tensor& inp, const Tensor& mat, const Tensor& vec) {
  return torch::addmm(vec, inp, mat.t());
}

// Symmetric uniform draw, made before registration so autograd never tracks it.
Tensor rand_sym(std::vector<int64_t> dims, double lim) {
  return torch::empty(dims).uniform_(-lim, lim);
}

}  // namespace

Tensor gru_state_update(const Tensor& x_pre, const Tensor& h_pre, const Tensor& h_old) {
  // r | z | n on dim 1 for both inputs, each the width of h_old.
  const int64_t width = h_old.size(1);
  const std::vector<int64_t> split_sizes{width, width, width};
  std::vector<Tensor> xp = torch::split(x_pre, split_sizes, 1);
  std::vector<Tensor> hp = torch::split(h_pre, split_sizes, 1);

  Tensor rg = torch::sigmoid(xp[0] + hp[0]);
  Tensor zg = torch::sigmoid(xp[1] + hp[1]);
  // PyTorch flavour: rg multiplies the recurrent part of n together with its offset.
  Tensor ng = torch::tanh(xp[2] + rg * hp[2]);
  return (1 - zg) * ng + zg * h_old;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t fan_in, int64_t units) {
  const double lim = 1.0 / std::sqrt(static_cast<double>(units));
  const int64_t n_rows = 3 * units;
  weight_ih = register_parameter("weight_ih", rand_sym({n_rows, fan_in}, lim));
  weight_hh = register_parameter("weight_hh", rand_sym({n_rows, units}, lim));
  bias_ih = register_parameter("bias_ih", rand_sym({n_rows}, lim));
  bias_hh = register_parameter("bias_hh", rand_sym({n_rows}, lim));
}

Tensor MyGRUCellImpl::forward(const Tensor& inp, const Tensor& h_old) {
  Tensor x_pre = project(inp, weight_ih, bias_ih);
  Tensor h_pre = project(h_old, weight_hh, bias_hh);
  return gru_state_update(x_pre, h_pre, h_old);
}

}  // namespace student
