// Extra credit: a GRU cell. Implement the method bodies below; `make extra` grades them.
// The declarations are in layers/api.inc; the maths is in the handout (README.md, section 2.5)
// and in torch.nn.GRUCell's documentation. The same rules as submitted.cpp: plain tensor
// operations only; torch::nn::GRUCell, at::gru_cell, torch::nn::functional::linear and torch's
// other linear and recurrent layers are forbidden.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {

// Same helper as in submitted.cpp: the affine map x W^T + b that gives a block of gate
// pre-activations (bias included).
Tensor affine(const Tensor& x, const Tensor& w, const Tensor& b) {
  return torch::addmm(b, x, w.t());
}

// U(-bound, bound), filled before registration so autograd never sees the fill.
Tensor uniform_tensor(std::vector<int64_t> shape, double bound) {
  return torch::empty(shape).uniform_(-bound, bound);
}

}  // namespace

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  // Both sides are packed r | z | n along dim 1, each as wide as h.
  const int64_t hid = h.size(1);
  const std::vector<int64_t> sizes{hid, hid, hid};
  std::vector<Tensor> in_parts = torch::split(gi, sizes, 1);
  std::vector<Tensor> hid_parts = torch::split(gh, sizes, 1);

  Tensor reset = torch::sigmoid(in_parts[0] + hid_parts[0]);
  Tensor update = torch::sigmoid(in_parts[1] + hid_parts[1]);
  // PyTorch's variant: r scales the hidden side of n *including* its bias.
  Tensor cand = torch::tanh(in_parts[2] + reset * hid_parts[2]);
  return (1 - update) * cand + update * h;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  const int64_t rows = 3 * hidden_size;
  weight_ih = register_parameter("weight_ih", uniform_tensor({rows, input_size}, bound));
  weight_hh = register_parameter("weight_hh", uniform_tensor({rows, hidden_size}, bound));
  bias_ih = register_parameter("bias_ih", uniform_tensor({rows}, bound));
  bias_hh = register_parameter("bias_hh", uniform_tensor({rows}, bound));
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  Tensor gi = affine(x, weight_ih, bias_ih);
  Tensor gh = affine(h, weight_hh, bias_hh);
  return gru_state_update(gi, gh, h);
}

}  // namespace student
