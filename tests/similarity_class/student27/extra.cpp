// Extra credit: a GRU cell. Implement the method bodies below; `make extra` grades them.
// The declarations are in layers/api.inc; the maths is in the handout (README.md, section 2.5)
// and in torch.nn.GRUCell's documentation. The same rules as submitted.cpp: plain tensor
// operations only; torch's own linear and recurrent layers are forbidden.
#include "layers/layers.h"

#include <cmath>

namespace student {

using torch::Tensor;

Tensor gru_state_update(const Tensor& gi, const Tensor& gh, const Tensor& h) {
  // Both gi and gh are packed [r | z | n] along dimension 1, each part H wide.
  const int64_t hidden_width = h.size(1);

  // Input side of each gate (x W_ih^T + b_ih, sliced).
  Tensor input_reset_part = gi.slice(1, 0, hidden_width);
  Tensor input_update_part = gi.slice(1, hidden_width, 2 * hidden_width);
  Tensor input_candidate_part = gi.slice(1, 2 * hidden_width, 3 * hidden_width);

  // Hidden side of each gate (h W_hh^T + b_hh, sliced).
  Tensor hidden_reset_part = gh.slice(1, 0, hidden_width);
  Tensor hidden_update_part = gh.slice(1, hidden_width, 2 * hidden_width);
  Tensor hidden_candidate_part = gh.slice(1, 2 * hidden_width, 3 * hidden_width);

  // r = sigmoid(gi_r + gh_r)
  Tensor reset_gate = torch::sigmoid(input_reset_part + hidden_reset_part);
  // z = sigmoid(gi_z + gh_z)
  Tensor update_gate = torch::sigmoid(input_update_part + hidden_update_part);
  // n = tanh(gi_n + r * gh_n)   (r multiplies gh_n including its bias, as PyTorch does)
  Tensor candidate_state = torch::tanh(input_candidate_part + reset_gate * hidden_candidate_part);
  // h' = (1 - z) * n + z * h
  Tensor next_hidden_state = (1 - update_gate) * candidate_state + update_gate * h;

  return next_hidden_state;
}

MyGRUCellImpl::MyGRUCellImpl(int64_t input_size, int64_t hidden_size) {
  // Three gates packed together, so every parameter has 3H rows.
  const int64_t three_times_hidden = 3 * hidden_size;

  weight_ih = register_parameter("weight_ih", torch::empty({three_times_hidden, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({three_times_hidden, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({three_times_hidden}));
  bias_hh = register_parameter("bias_hh", torch::empty({three_times_hidden}));

  // torch.nn.GRUCell draws every parameter from U(-1/sqrt(H), 1/sqrt(H)).
  const double uniform_bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));

  torch::NoGradGuard no_gradient_recording;
  weight_ih.uniform_(-uniform_bound, uniform_bound);  // W_ih ~ U(-bound, bound)
  weight_hh.uniform_(-uniform_bound, uniform_bound);  // W_hh ~ U(-bound, bound)
  bias_ih.uniform_(-uniform_bound, uniform_bound);    // b_ih ~ U(-bound, bound)
  bias_hh.uniform_(-uniform_bound, uniform_bound);    // b_hh ~ U(-bound, bound)
}

Tensor MyGRUCellImpl::forward(const Tensor& x, const Tensor& h) {
  // gi = x W_ih^T + b_ih, [batch, 3H]
  Tensor input_side_gates = torch::matmul(x, weight_ih.transpose(0, 1)) + bias_ih;
  // gh = h W_hh^T + b_hh, [batch, 3H]
  Tensor hidden_side_gates = torch::matmul(h, weight_hh.transpose(0, 1)) + bias_hh;
  // The pointwise half of the step gives h'.
  return gru_state_update(input_side_gates, hidden_side_gates, h);
}

}  // namespace student
