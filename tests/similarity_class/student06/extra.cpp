// Extra credit: a GRU cell. Implement the method bodies below; `make extra` grades them.
// The declarations are in layers/api.inc; the maths is in the handout (README.md, section 2.5)
// and in torch.nn.GRUCell's documentation. The same rules as submitted.cpp: plain tensor
// operations only; torch::nn::GRUCell, at::gru_cell, torch::nn::functional::linear and torch's
// other linear and recurrent layers are forbidden.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;
using torch::indexing::Slice;

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  const int64_t H = h.size(1);  // gi, gh are [B, 3H] packed r | z | n

  auto part = [H](const Tensor& g, int64_t k) {  // k-th H-wide block along dim 1
    return g.index({Slice(), Slice(k * H, (k + 1) * H)});
  };

  Tensor r = (part(gi, 0) + part(gh, 0)).sigmoid();          // reset gate
  Tensor z = (part(gi, 1) + part(gh, 1)).sigmoid();          // update gate
  Tensor n = (part(gi, 2) + r * part(gh, 2)).tanh();         // r hits gh_n *with* its bias
  return (1 - z) * n + z * h;                                // h' = (1-z)*n + z*h
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  weight_ih = register_parameter("weight_ih", torch::empty({3 * hidden_size, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({3 * hidden_size, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({3 * hidden_size}));
  bias_hh = register_parameter("bias_hh", torch::empty({3 * hidden_size}));

  const double k = 1.0 / std::sqrt(static_cast<double>(hidden_size));  // U(-1/sqrt(H), 1/sqrt(H))
  torch::NoGradGuard no_grad;
  weight_ih.uniform_(-k, k);
  weight_hh.uniform_(-k, k);
  bias_ih.uniform_(-k, k);
  bias_hh.uniform_(-k, k);
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  Tensor gi = x.matmul(weight_ih.t()) + bias_ih;  // [B, 3H]
  Tensor gh = h.matmul(weight_hh.t()) + bias_hh;  // [B, 3H]
  return gru_state_update(gi, gh, h);
}

}  // namespace student
