// Extra credit: GRU cell, as torch.nn.GRUCell (handout 2.5).
// Plain tensor operations only -- no GRUCell / gru_cell / functional::linear.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  // gi and gh are both [B, 3H], packed as [ reset | update | new ].
  const int64_t H = h.size(1);

  // reset and update gates see the sum of both sides
  Tensor reset = (gi.slice(1, 0, H) + gh.slice(1, 0, H)).sigmoid();
  Tensor update = (gi.slice(1, H, 2 * H) + gh.slice(1, H, 2 * H)).sigmoid();

  // PyTorch's variant: the reset gate multiplies the whole hidden-side term, bias included
  Tensor candidate = (gi.slice(1, 2 * H, 3 * H) + reset * gh.slice(1, 2 * H, 3 * H)).tanh();

  // h' = (1 - z) * n + z * h, written as n + z * (h - n)
  return candidate + update * (h - candidate);
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  // nn.GRUCell: all four parameters ~ U(-1/sqrt(H), 1/sqrt(H)).
  const double k = 1.0 / std::sqrt((double)hidden_size);
  const int64_t three_h = 3 * hidden_size;

  weight_ih = register_parameter("weight_ih", torch::empty({three_h, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({three_h, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({three_h}));
  bias_hh = register_parameter("bias_hh", torch::empty({three_h}));

  torch::nn::init::uniform_(weight_ih, -k, k);
  torch::nn::init::uniform_(weight_hh, -k, k);
  torch::nn::init::uniform_(bias_ih, -k, k);
  torch::nn::init::uniform_(bias_hh, -k, k);
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  // input side and hidden side of the three gates, each [B, 3H], biases broadcast
  Tensor gi = torch::matmul(x, weight_ih.t()) + bias_ih;
  Tensor gh = torch::matmul(h, weight_hh.t()) + bias_hh;
  return gru_state_update(gi, gh, h);
}

}  // namespace student
