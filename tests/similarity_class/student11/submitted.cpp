// MP: recurrent layers for video. Implement the method bodies below; `make test` grades them.
// The declarations (members, shapes, parameter names) are in layers/api.inc; the maths of each
// layer is in the handout (README.md, section 2) and in torch.nn's documentation, which is the
// specification: https://pytorch.org/docs/stable/nn.html
//
// Allowed: plain tensor operations (matmul, addmm, sigmoid, tanh, chunk, narrow, stack, ...),
// torch::nn::init, torch::nn::BatchNorm1d.
// Forbidden everywhere in this file: torch's own linear and recurrent layers in any form
// (torch::nn::Linear, LSTMCell, GRUCell, LSTM, torch::nn::functional::linear, torch::linear,
// at::lstm_cell, ...). The grader refuses them when your code runs them.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
// Handout 2.1; torch.nn.Linear.
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  // create the two parameters with the right shapes
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));

  // nn.Linear draws everything from U(-1/sqrt(in), 1/sqrt(in))
  double bound = 0.0;
  if (input_size > 0) {
    bound = 1.0 / std::sqrt((double)input_size);
  }

  // fill in place, but don't let autograd record it
  torch::NoGradGuard no_grad;
  weight.uniform_(-bound, bound);
  bias.uniform_(-bound, bound);
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  // y = x * W^T + b
  Tensor weight_t = weight.t();
  Tensor product = torch::matmul(x, weight_t);
  Tensor output = product + bias;  // bias [out] is broadcast over the batch
  return output;
}

// ---------------------------------------------------------------------------------------------
// Handout 2.2; torch.nn.LSTMCell.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // split the 4H gate pre-activations into 4 pieces of H along dim 1 (order i, f, g, o)
  std::vector<Tensor> pieces = gates.chunk(4, 1);
  Tensor input_gate = torch::sigmoid(pieces[0]);
  Tensor forget_gate = torch::sigmoid(pieces[1]);
  Tensor cell_candidate = torch::tanh(pieces[2]);
  Tensor output_gate = torch::sigmoid(pieces[3]);

  // new cell state
  Tensor c_next = forget_gate * c + input_gate * cell_candidate;
  // new hidden state
  Tensor h_next = output_gate * torch::tanh(c_next);

  return std::make_tuple(h_next, c_next);
}

// Handout 2.3; torch.nn.LSTMCell.
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  int64_t gate_size = 4 * hidden_size;

  weight_ih = register_parameter("weight_ih", torch::empty({gate_size, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({gate_size, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({gate_size}));
  bias_hh = register_parameter("bias_hh", torch::empty({gate_size}));

  // LSTMCell uses U(-1/sqrt(H), 1/sqrt(H)) for all four parameters
  double stdv = 0.0;
  if (hidden_size > 0) {
    stdv = 1.0 / std::sqrt((double)hidden_size);
  }

  torch::NoGradGuard no_grad;
  weight_ih.uniform_(-stdv, stdv);
  weight_hh.uniform_(-stdv, stdv);
  bias_ih.uniform_(-stdv, stdv);
  bias_hh.uniform_(-stdv, stdv);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  // input part of the gates
  Tensor gates_from_input = torch::matmul(x, weight_ih.t()) + bias_ih;
  // hidden part of the gates
  Tensor gates_from_hidden = torch::matmul(h, weight_hh.t()) + bias_hh;
  Tensor gates = gates_from_input + gates_from_hidden;

  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
// Handout 2.4: MoCoGAN's motion network.
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));

  // batch norm without the learnable scale/shift, but still with running statistics
  torch::nn::BatchNorm1dOptions bn_options(input_size);
  bn_options.affine(false);
  bn_options.track_running_stats(true);
  bn = register_module("bn", torch::nn::BatchNorm1d(bn_options));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;

  // weights: Xavier uniform
  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  // biases: zero
  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();

  // except the forget gate part [H, 2H) of the two LSTM biases
  int64_t H = hidden_size;
  lstm->bias_ih.narrow(0, H, H).fill_(forget_bias);
  lstm->bias_hh.narrow(0, H, H).fill_(forget_bias);
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  // same dtype and device as the parameters
  Tensor param = lstm->weight_ih;
  torch::TensorOptions options = torch::TensorOptions().dtype(param.dtype()).device(param.device());

  h = torch::zeros({batch_size, hidden_size}, options);
  c = torch::zeros({batch_size, hidden_size}, options);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> outputs;

  for (int64_t frame = 0; frame < n_frames; frame++) {
    // one step of the cell, always with the same input
    std::tuple<Tensor, Tensor> new_state = lstm->forward(inputs, h, c);
    h = std::get<0>(new_state);
    c = std::get<1>(new_state);

    // read out the hidden state and normalise it
    Tensor projected = linear->forward(h);
    Tensor normalised = bn->forward(projected);
    outputs.push_back(normalised);
  }

  // [n_frames, batch, input_size]
  Tensor result = torch::stack(outputs, 0);
  return result;
}

}  // namespace student
