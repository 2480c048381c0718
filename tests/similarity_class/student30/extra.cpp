// Extra credit: GRU cell (`make extra`). Same rules as submitted.cpp: plain tensor ops only.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  const int64_t H = h.size(1);
  // [B, 3H] -> [B, 3, H] -> three [B, H] slices: r, z, n
  auto xi = gi.unflatten(1, {3, H}).unbind(1);
  auto hh = gh.unflatten(1, {3, H}).unbind(1);

  Tensor r = torch::sigmoid(xi[0] + hh[0]);
  Tensor z = torch::sigmoid(xi[1] + hh[1]);
  Tensor n = torch::tanh(xi[2] + r * hh[2]);  // r also scales b_hn (PyTorch's GRU)
  return n + z * (h - n);                      // == (1 - z) * n + z * h
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  weight_ih = register_parameter("weight_ih", torch::empty({3 * hidden_size, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({3 * hidden_size, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({3 * hidden_size}));
  bias_hh = register_parameter("bias_hh", torch::empty({3 * hidden_size}));

  const double k = 1.0 / std::sqrt(double(hidden_size));
  for (auto& p : parameters()) torch::nn::init::uniform_(p, -k, k);
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  return gru_state_update(x.mm(weight_ih.t()) + bias_ih, h.mm(weight_hh.t()) + bias_hh, h);
}

}  // namespace student
