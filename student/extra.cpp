// Extra credit: a GRU cell. Implement the method bodies below; `make extra` grades them.
// The declarations are in layers/api.inc. The same rules as submitted.cpp: plain tensor
// operations only; torch::nn::GRUCell, at::gru_cell, torch::nn::functional::linear and the
// other linear and recurrent layers of torch are forbidden.
#include "layers/layers.h"

namespace student {

using torch::Tensor;

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  // TODO: gi = x W_ih^T + b_ih and gh = h W_hh^T + b_hh, each [batch, 3H], stacked r, z, n
  // along dimension 1; h [batch, H].
  //   r  = sigmoid(gi_r + gh_r)
  //   z  = sigmoid(gi_z + gh_z)
  //   n  = tanh(gi_n + r * gh_n)         -- r multiplies gh_n, its bias included
  //   h' = (1 - z) * n + z * h
  // Return h' [batch, H].
  not_implemented("gru_state_update");
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  // TODO: register weight_ih [3H, input_size], weight_hh [3H, H], bias_ih [3H], bias_hh [3H]
  // under exactly those names; initialise all four U(-1/sqrt(H), 1/sqrt(H)).
  not_implemented("MyGRUCell::MyGRUCell");
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  // TODO: x [batch, input_size], h [batch, H]. Compute gi and gh as above and return
  // gru_state_update(gi, gh, h), [batch, H].
  not_implemented("MyGRUCell::forward");
}

}  // namespace student
