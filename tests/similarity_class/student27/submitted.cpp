// MP: recurrent layers for video. Implement the method bodies below; `make test` grades them.
// The declarations (members, shapes, parameter names) are in layers/api.inc; the maths of each
// layer is in the handout (README.md, section 2) and in torch.nn's documentation, which is the
// specification: https://pytorch.org/docs/stable/nn.html
//
// Allowed: plain tensor operations (matmul, addmm, sigmoid, tanh, chunk, narrow, stack, ...),
// torch::nn::init, torch::nn::BatchNorm1d.
// Forbidden everywhere in this file: torch's own linear and recurrent layers in any form.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
// Handout 2.1; torch.nn.Linear.
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  // Create the parameters with the right shapes first; their values are filled in below.
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));

  // torch.nn.Linear draws both weight and bias from U(-1/sqrt(in), 1/sqrt(in)).
  const double uniform_bound = 1.0 / std::sqrt(static_cast<double>(input_size));

  // Fill in place without autograd recording the initialisation.
  torch::NoGradGuard no_gradient_recording;
  weight.uniform_(-uniform_bound, uniform_bound);  // weight ~ U(-bound, bound)
  bias.uniform_(-uniform_bound, uniform_bound);    // bias   ~ U(-bound, bound)
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  // x [batch, in] times W^T [in, out] gives [batch, out].
  Tensor input_times_weight_transposed = torch::matmul(x, weight.transpose(0, 1));
  // Adding the bias [out] broadcasts it onto every row of the batch.
  Tensor linear_output = input_times_weight_transposed + bias;
  return linear_output;
}

// ---------------------------------------------------------------------------------------------
// Handout 2.2; torch.nn.LSTMCell.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // The gates are stacked along dimension 1 as [i | f | g | o], each of width H.
  const int64_t hidden_width = gates.size(1) / 4;

  // Slice out each gate's pre-activation (works for [B, 4H] and [B, 4H, height, width]).
  Tensor input_gate_preactivation = gates.narrow(1, 0 * hidden_width, hidden_width);
  Tensor forget_gate_preactivation = gates.narrow(1, 1 * hidden_width, hidden_width);
  Tensor candidate_cell_preactivation = gates.narrow(1, 2 * hidden_width, hidden_width);
  Tensor output_gate_preactivation = gates.narrow(1, 3 * hidden_width, hidden_width);

  // i = sigmoid(i_pre): how much of the candidate to write.
  Tensor input_gate = torch::sigmoid(input_gate_preactivation);
  // f = sigmoid(f_pre): how much of the old cell to keep.
  Tensor forget_gate = torch::sigmoid(forget_gate_preactivation);
  // g = tanh(g_pre): the candidate cell content.
  Tensor candidate_cell = torch::tanh(candidate_cell_preactivation);
  // o = sigmoid(o_pre): how much of the cell to expose as the hidden state.
  Tensor output_gate = torch::sigmoid(output_gate_preactivation);

  // c' = f * c + i * g
  Tensor next_cell_state = forget_gate * c + input_gate * candidate_cell;
  // h' = o * tanh(c')
  Tensor next_hidden_state = output_gate * torch::tanh(next_cell_state);

  return std::make_tuple(next_hidden_state, next_cell_state);
}

// Handout 2.3; torch.nn.LSTMCell.
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  // Four gates packed together, so every parameter has 4H rows.
  const int64_t four_times_hidden = 4 * hidden_size;

  weight_ih = register_parameter("weight_ih", torch::empty({four_times_hidden, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({four_times_hidden, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({four_times_hidden}));
  bias_hh = register_parameter("bias_hh", torch::empty({four_times_hidden}));

  // torch.nn.LSTMCell draws every parameter from U(-1/sqrt(H), 1/sqrt(H)).
  const double uniform_bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));

  torch::NoGradGuard no_gradient_recording;
  weight_ih.uniform_(-uniform_bound, uniform_bound);  // W_ih ~ U(-bound, bound)
  weight_hh.uniform_(-uniform_bound, uniform_bound);  // W_hh ~ U(-bound, bound)
  bias_ih.uniform_(-uniform_bound, uniform_bound);    // b_ih ~ U(-bound, bound)
  bias_hh.uniform_(-uniform_bound, uniform_bound);    // b_hh ~ U(-bound, bound)
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  // Input contribution: x W_ih^T + b_ih, [batch, 4H].
  Tensor input_contribution = torch::matmul(x, weight_ih.transpose(0, 1)) + bias_ih;
  // Recurrent contribution: h W_hh^T + b_hh, [batch, 4H].
  Tensor hidden_contribution = torch::matmul(h, weight_hh.transpose(0, 1)) + bias_hh;
  // All four gates' pre-activations together.
  Tensor all_gate_preactivations = input_contribution + hidden_contribution;
  // The pointwise part of the step gives (h', c').
  return lstm_state_update(all_gate_preactivations, c);
}

// ---------------------------------------------------------------------------------------------
// Handout 2.4: MoCoGAN's motion network.
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  // The recurrent cell: input_size -> hidden_size.
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  // The read-out: hidden_size -> input_size.
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  // Batch norm over input_size features, no learnable scale/shift, running stats kept.
  auto batch_norm_options = torch::nn::BatchNorm1dOptions(input_size).affine(false);
  bn = register_module("bn", torch::nn::BatchNorm1d(batch_norm_options));
}

void LSTMImpl::init_weight(double forget_bias) {
  // Weights: Xavier (Glorot) uniform; the init function does not record autograd history.
  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  // Biases are changed in place by hand, so switch autograd off for this part.
  torch::NoGradGuard no_gradient_recording;

  // Every bias starts at zero.
  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();

  // Then the forget-gate quarter [H, 2H) of both LSTM biases is set to forget_bias.
  const int64_t forget_gate_start = hidden_size;
  const int64_t forget_gate_end = 2 * hidden_size;
  lstm->bias_ih.slice(/*dim=*/0, forget_gate_start, forget_gate_end).fill_(forget_bias);
  lstm->bias_hh.slice(/*dim=*/0, forget_gate_start, forget_gate_end).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  // Match the parameters' dtype and device (float32 or float64, CPU or GPU).
  const Tensor& reference_parameter = lstm->weight_ih;
  auto state_options =
      torch::TensorOptions().dtype(reference_parameter.dtype()).device(reference_parameter.device());

  // Both states start at zero.
  h = torch::zeros({batch_size, hidden_size}, state_options);
  c = torch::zeros({batch_size, hidden_size}, state_options);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> frames_with_time_axis;

  for (int64_t frame_index = 0; frame_index < n_frames; ++frame_index) {
    // One step of the cell, always with the same inputs, from the current state.
    auto new_hidden_and_cell = lstm->forward(inputs, h, c);
    h = std::get<0>(new_hidden_and_cell);
    c = std::get<1>(new_hidden_and_cell);

    // Read out the new hidden state and normalise it: bn(linear(h)), [batch, input_size].
    Tensor projected_hidden = linear->forward(h);
    Tensor normalised_frame = bn->forward(projected_hidden);

    // Give it a leading time axis so the frames can be concatenated along it.
    frames_with_time_axis.push_back(normalised_frame.unsqueeze(0));
  }

  // [n_frames, batch, input_size]
  return torch::cat(frames_with_time_axis, /*dim=*/0);
}

}  // namespace student
