// Extra credit: GRU cell (handout 2.5, torch.nn.GRUCell). Plain tensor ops only; no torch
// GRUCell / gru_cell / linear.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// gi, gh: [B, 3H] packed r | z | n, biases included. h' = (1 - z) * n + z * h = n + z * (h - n).
Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  const auto H = gi.size(1) / 3;
  auto part = [H](const Tensor& t, int64_t k) { return t.narrow(1, k * H, H); };

  const auto r = (part(gi, 0) + part(gh, 0)).sigmoid();
  const auto z = (part(gi, 1) + part(gh, 1)).sigmoid();
  const auto n = (part(gi, 2) + r * part(gh, 2)).tanh();  // r scales gh_n *with* its bias
  return n + z * (h - n);
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  const auto k = hidden_size > 0 ? 1.0 / std::sqrt(static_cast<double>(hidden_size)) : 0.0;
  const auto G = 3 * hidden_size;

  auto param = [this, k](const std::string& name, std::vector<int64_t> shape) {
    auto t = torch::empty(shape);
    torch::nn::init::uniform_(t, -k, k);
    return register_parameter(name, t);
  };

  weight_ih = param("weight_ih", {G, input_size});
  weight_hh = param("weight_hh", {G, hidden_size});
  bias_ih = param("bias_ih", {G});
  bias_hh = param("bias_hh", {G});
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  auto gi = x.mm(weight_ih.t()) + bias_ih;
  auto gh = h.mm(weight_hh.t()) + bias_hh;
  return gru_state_update(gi, gh, h);
}

}  // namespace student
