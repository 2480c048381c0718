#include "layers/layers.h"

// Style: a named helper namespace inside student with an enum class for the gate order and
// Slice indexing; the layer's methods defined out of line at global scope; TORCH_CHECK on shapes.

#include <cmath>
#include <cstdint>

using torch::Tensor;
using torch::indexing::Slice;

namespace student {
namespace gru_detail {

enum class Gate : int64_t { Reset = 0, Update = 1, Candidate = 2 };
constexpr int64_t kGates = 3;

// Block `gate` of pre-activations stacked r, z, n along dimension 1.
Tensor part(const Tensor& packed, Gate gate) {
  const int64_t width = packed.size(1) / kGates;
  const int64_t start = static_cast<int64_t>(gate) * width;
  return packed.index({Slice(), Slice(start, start + width)});
}

}  // namespace gru_detail
}  // namespace student

static_assert(student::gru_detail::kGates == 3, "a GRU packs three gates: r, z, n");

Tensor student::gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  using gru_detail::Gate;
  using gru_detail::part;
  TORCH_CHECK(gi.size(1) == gru_detail::kGates * h.size(1), "gru_state_update: gi has ", gi.size(1),
              " columns, expected 3 * ", h.size(1));
  TORCH_CHECK(gh.size(1) == gi.size(1), "gru_state_update: gh has ", gh.size(1), " columns, gi ",
              gi.size(1));
  const Tensor r = torch::sigmoid(part(gi, Gate::Reset) + part(gh, Gate::Reset));
  const Tensor z = torch::sigmoid(part(gi, Gate::Update) + part(gh, Gate::Update));
  // r scales the whole hidden-side candidate, its bias included (PyTorch's GRU).
  const Tensor n = torch::tanh(part(gi, Gate::Candidate) + r * part(gh, Gate::Candidate));
  return (1 - z) * n + z * h;
}

student::MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size)
    : weight_ih(register_parameter("weight_ih",
                                   torch::empty({gru_detail::kGates * hidden_size, input_size}))),
      weight_hh(register_parameter("weight_hh",
                                   torch::empty({gru_detail::kGates * hidden_size, hidden_size}))),
      bias_ih(register_parameter("bias_ih", torch::empty({gru_detail::kGates * hidden_size}))),
      bias_hh(register_parameter("bias_hh", torch::empty({gru_detail::kGates * hidden_size}))) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  torch::NoGradGuard no_grad;
  for (Tensor& p : parameters()) {
    p.uniform_(-bound, bound);
  }
}

Tensor student::MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  TORCH_CHECK(x.dim() == 2 && h.dim() == 2, "MyGRUCell: x and h must be matrices, got ", x.dim(),
              " and ", h.dim(), " dimensions");
  const Tensor gi = torch::addmm(bias_ih, x, weight_ih.t());
  const Tensor gh = torch::addmm(bias_hh, h, weight_hh.t());
  return gru_state_update(gi, gh, h);
}
