// Extra credit: a GRU cell (handout 2.5). `make extra` grades it.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;

// gates packed r, z, n
Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  auto a = gi.chunk(3, 1);
  auto b = gh.chunk(3, 1);
  Tensor r = torch::sigmoid(a[0] + b[0]);
  Tensor z = torch::sigmoid(a[1] + b[1]);
  Tensor n = torch::tanh(a[2] + r * b[2]);
  return n + z * (h - n);  // (1-z)*n + z*h
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  const int64_t H = hidden_size;
  const double k = 1.0 / std::sqrt(static_cast<double>(H));
  weight_ih = register_parameter("weight_ih", torch::empty({3 * H, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({3 * H, H}));
  bias_ih = register_parameter("bias_ih", torch::empty({3 * H}));
  bias_hh = register_parameter("bias_hh", torch::empty({3 * H}));
  for (auto& p : parameters()) torch::nn::init::uniform_(p, -k, k);
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  return gru_state_update(torch::addmm(bias_ih, x, weight_ih.t()),
                          torch::addmm(bias_hh, h, weight_hh.t()), h);
}

}  // namespace student
