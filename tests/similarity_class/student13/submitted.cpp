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
#include <string>
#include <vector>

namespace student {

using torch::Tensor;

namespace {

// 1/sqrt(fan) -- the bound PyTorch uses for Linear / LSTMCell / GRUCell defaults.
double uniform_bound(int64_t fan) { return 1.0 / std::sqrt(static_cast<double>(fan)); }

// Allocate an uninitialised tensor of the given shape and fill it with U(-bound, bound).
// The fill happens with autograd off, so it's not part of any graph.
Tensor make_uniform(torch::IntArrayRef shape, double bound) {
  Tensor t = torch::empty(shape);
  {
    torch::NoGradGuard no_grad;
    torch::nn::init::uniform_(t, -bound, bound);
  }
  return t;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Handout 2.1; torch.nn.Linear.
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  // nn.Linear: weight and bias both ~ U(-1/sqrt(in), 1/sqrt(in))
  const double k = uniform_bound(input_size);
  weight = register_parameter("weight", make_uniform({output_size, input_size}, k));
  bias = register_parameter("bias", make_uniform({output_size}, k));
}

Tensor MyLinearImpl::forward(const Tensor& x) {
  // y = b + x W^T  (addmm: bias + mat1 @ mat2, bias broadcast over the rows)
  return torch::addmm(bias, x, weight.t());
}

// ---------------------------------------------------------------------------------------------
// Handout 2.2; torch.nn.LSTMCell.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  // PyTorch packs the gates as i, f, g, o along dim 1. chunk only touches dim 1, so this works
  // for [B, 4H] and for conv gates [B, 4H, height, width] alike.
  std::vector<Tensor> parts = gates.chunk(4, /*dim=*/1);
  const Tensor in_gate = torch::sigmoid(parts[0]);
  const Tensor forget_gate = torch::sigmoid(parts[1]);
  const Tensor cell_cand = torch::tanh(parts[2]);
  const Tensor out_gate = torch::sigmoid(parts[3]);

  Tensor c_next = forget_gate * c + in_gate * cell_cand;
  Tensor h_next = out_gate * torch::tanh(c_next);
  return std::make_tuple(h_next, c_next);
}

// Handout 2.3; torch.nn.LSTMCell.
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  // every parameter of LSTMCell ~ U(-1/sqrt(H), 1/sqrt(H))
  const double k = uniform_bound(hidden_size);
  const int64_t gate_rows = 4 * hidden_size;
  weight_ih = register_parameter("weight_ih", make_uniform({gate_rows, input_size}, k));
  weight_hh = register_parameter("weight_hh", make_uniform({gate_rows, hidden_size}, k));
  bias_ih = register_parameter("bias_ih", make_uniform({gate_rows}, k));
  bias_hh = register_parameter("bias_hh", make_uniform({gate_rows}, k));
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  // gates = (x W_ih^T + b_ih) + (h W_hh^T + b_hh), [B, 4H]
  Tensor gates = torch::addmm(bias_ih, x, weight_ih.t()) + torch::addmm(bias_hh, h, weight_hh.t());
  return lstm_state_update(gates, c);
}

// ---------------------------------------------------------------------------------------------
// Handout 2.4: MoCoGAN's motion network.
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", MyLSTMCell(input_size, hidden_size));
  linear = register_module("linear", MyLinear(hidden_size, input_size));
  // no affine (gamma/beta); running stats are tracked by default
  bn = register_module("bn",
                       torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false)));
}

void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;
  // names look like "lstm.weight_ih", "lstm.bias_hh", "linear.weight", "linear.bias"
  // (bn has no affine parameters, so it doesn't show up here)
  for (auto& item : named_parameters(/*recurse=*/true)) {
    const std::string& name = item.key();
    Tensor& param = item.value();
    if (name.find("weight") != std::string::npos) {
      torch::nn::init::xavier_uniform_(param);
    } else if (name.find("bias") != std::string::npos) {
      param.zero_();
      if (name.rfind("lstm.", 0) == 0 && (ends_with(name, "bias_ih") || ends_with(name, "bias_hh"))) {
        // forget gate is the second quarter: rows [H, 2H)
        param.slice(/*dim=*/0, hidden_size, 2 * hidden_size).fill_(forget_bias);
      }
    }
  }
}

void LSTMImpl::init_hidden(int64_t batch_size) {
  // same dtype / device as the cell's parameters (options() carries no requires_grad)
  const torch::TensorOptions opts = lstm->weight_ih.options();
  h = torch::zeros({batch_size, hidden_size}, opts);
  c = torch::zeros({batch_size, hidden_size}, opts);
}

Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  if (!h.defined() || !c.defined()) {
    init_hidden(inputs.size(0));
  }
  if (n_frames <= 0) {
    return torch::empty({0, inputs.size(0), inputs.size(1)}, inputs.options());
  }

  std::vector<Tensor> frames;
  frames.reserve(static_cast<size_t>(n_frames));
  for (int64_t t = 0; t < n_frames; ++t) {
    std::tie(h, c) = lstm->forward(inputs, h, c);
    frames.push_back(bn->forward(linear->forward(h)));
  }
  return torch::stack(frames, /*dim=*/0);  // [n_frames, B, input_size]
}

}  // namespace student
