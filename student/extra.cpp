// Extra credit: a GRU cell. Implement the method bodies below; `make extra` grades them.
// The declarations are in layers/api.inc; the maths is in the handout (README.md, section 2.5)
// and in torch.nn.GRUCell's documentation. The same rules as submitted.cpp: plain tensor
// operations only; torch::nn::GRUCell, at::gru_cell, torch::nn::functional::linear and torch's
// other linear and recurrent layers are forbidden.
#include "layers/layers.h"

namespace student {

using torch::Tensor;

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  // TODO: gi [batch, 3H] (the input's side of the gates, bias included), gh [batch, 3H] (the
  // hidden state's side, bias included), both packed as PyTorch packs them; h [batch, H]
  // -> h' [batch, H].
  not_implemented("gru_state_update");
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  // TODO: register weight_ih [3H, input_size], weight_hh [3H, H], bias_ih [3H] and bias_hh [3H]
  // under exactly those names, initialised as torch.nn.GRUCell does.
  not_implemented("MyGRUCell::MyGRUCell");
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  // TODO: x [batch, input_size], h [batch, H] -> h' [batch, H]. Compute gi and gh here and
  // leave the rest of the step to gru_state_update.
  not_implemented("MyGRUCell::forward");
}

}  // namespace student
