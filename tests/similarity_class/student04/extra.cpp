// Extra credit GRU cell (`make extra`). Interface in layers/api.inc, maths in handout 2.5
// and the torch.nn.GRUCell docs. Only plain tensor ops; no built-in GRU/linear layers.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {
Tensor rand_sym(std::vector<int64_t> dims, double lim);
Tensor project(const Tensor& inp, const Tensor& mat, const Tensor& vec);
}  // namespace

Tensor MyGRUCellImpl::forward(const Tensor& inp, const Tensor& h_old) {
  Tensor h_pre = project(h_old, weight_hh, bias_hh);
  Tensor x_pre = project(inp, weight_ih, bias_ih);
  return gru_state_update(x_pre, h_pre, h_old);
}

MyGRUCellImpl::MyGRUCellImpl(int64_t fan_in, int64_t units) {
  const int64_t n_rows = 3 * units;
  const auto lim = 1.0 / std::sqrt(static_cast<double>(units));
  weight_ih = register_parameter("weight_ih", rand_sym({n_rows, fan_in}, lim));
  weight_hh = register_parameter("weight_hh", rand_sym({n_rows, units}, lim));
  bias_ih = register_parameter("bias_ih", rand_sym({n_rows}, lim));
  bias_hh = register_parameter("bias_hh", rand_sym({n_rows}, lim));
}

// r|z|n on dim 1; the reset gate scales the hidden-side n term including its bias.
Tensor gru_state_update(const Tensor& x_pre, const Tensor& h_pre, const Tensor& h_old) {
  const auto width = h_old.size(1);
  const std::vector<int64_t> split_sizes{width, width, width};
  auto hp = torch::split(h_pre, split_sizes, 1);
  auto xp = torch::split(x_pre, split_sizes, 1);

  Tensor zg = torch::sigmoid(xp[1] + hp[1]);
  Tensor rg = torch::sigmoid(xp[0] + hp[0]);
  Tensor ng = torch::tanh(xp[2] + rg * hp[2]);
  Tensor keep = (1 - zg) * ng;
  Tensor carry = zg * h_old;
  return keep + carry;
}

namespace {

Tensor rand_sym(std::vector<int64_t> dims, double lim) {
  Tensor buf = torch::empty(dims);
  return buf.uniform_(-lim, lim);
}

Tensor project(const Tensor& inp, const Tensor& mat, const Tensor& vec) {
  Tensor mat_t = mat.t();
  return torch::addmm(vec, inp, mat_t);
}

}  // namespace

}  // namespace student
