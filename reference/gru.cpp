// The course's solution for student/extra.cpp (the GRU bonus). Never shipped to students.
#include "layers/layers.h"

#include <cmath>

namespace reference {

using torch::Tensor;

// Cho et al. (2014), in PyTorch's form and gate order r, z, n:
//   r  = sigma(gi_r + gh_r)
//   z  = sigma(gi_z + gh_z)
//   n  = tanh(gi_n + r * gh_n)      -- r scales W_hn h + b_hn, bias included
//   h' = (1 - z) * n + z * h
Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  const auto input_side = gi.chunk(3, 1);
  const auto hidden_side = gh.chunk(3, 1);
  const Tensor reset_gate = torch::sigmoid(input_side[0] + hidden_side[0]);
  const Tensor update_gate = torch::sigmoid(input_side[1] + hidden_side[1]);
  const Tensor candidate = torch::tanh(input_side[2] + reset_gate * hidden_side[2]);
  return (1 - update_gate) * candidate + update_gate * h;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  weight_ih = register_parameter("weight_ih", torch::empty({3 * hidden_size, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({3 * hidden_size, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({3 * hidden_size}));
  bias_hh = register_parameter("bias_hh", torch::empty({3 * hidden_size}));
  // torch::nn::GRUCell: every parameter U(-1/sqrt(H), 1/sqrt(H)).
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  torch::NoGradGuard no_grad;
  for (auto& p : parameters()) p.uniform_(-bound, bound);
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  const Tensor gi = torch::matmul(x, weight_ih.t()) + bias_ih;
  const Tensor gh = torch::matmul(h, weight_hh.t()) + bias_hh;
  return gru_state_update(gi, gh, h);
}

}  // namespace reference
