// Video MP -- recurrent layers. The graders run these bodies via `make test`.
// Signatures and member layout come from layers/api.inc; formulas come from the handout
// (README.md, section 2) and from the official torch.nn reference:
// https://pytorch.org/docs/stable/nn.html
//
// Permitted: elementary tensor ops (matmul, addmm, sigmoid, tanh, chunk, narrow, stack, ...),
// torch::nn::init and torch::nn::BatchNorm1d. Built-in linear/recurrent layers are not allowed.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
// Section 2.1 -- dense layer (mirrors torch.nn.Linear).
MyLinearImpl::MyLinearImpl(int64_t fan_in, int64_t fan_out) {
  // Allocate uninitialised parameters of the proper shape.
  weight = register_parameter("weight", torch::empty({fan_out, fan_in}));
  bias = register_parameter("bias", torch::empty({fan_out}));

  // Default PyTorch init: U(-k, k) with k = 1/sqrt(fan_in).
  const double k = 1.0 / std::sqrt(static_cast<double>(fan_in));

  // In-place random fill, hidden from autograd.
  torch::NoGradGuard autograd_off;
  weight.uniform_(-k, k);
  bias.uniform_(-k, k);
}

Tensor MyLinearImpl::forward(const Tensor& in) {
  // [B, fan_in] x [fan_in, fan_out] -> [B, fan_out]
  Tensor xw = torch::matmul(in, weight.transpose(0, 1));
  // broadcast-add the bias row
  Tensor out = xw + bias;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Section 2.2 -- the elementwise half of an LSTM step.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& pre, const Tensor& cell_prev) {
  // Dimension 1 is laid out as input / forget / candidate / output, H columns each.
  const int64_t width = pre.size(1) / 4;

  // Pick each block (valid for 2-D and 4-D ConvLSTM layouts alike).
  Tensor a_in = pre.narrow(1, 0 * width, width);
  Tensor a_forget = pre.narrow(1, 1 * width, width);
  Tensor a_cand = pre.narrow(1, 2 * width, width);
  Tensor a_out = pre.narrow(1, 3 * width, width);

  Tensor g_in = torch::sigmoid(a_in);          // write strength
  Tensor g_forget = torch::sigmoid(a_forget);  // retention
  Tensor cand = torch::tanh(a_cand);           // proposal
  Tensor g_out = torch::sigmoid(a_out);        // exposure

  Tensor cell_new = g_forget * cell_prev + g_in * cand;
  Tensor hid_new = g_out * torch::tanh(cell_new);

  return std::make_tuple(hid_new, cell_new);
}

// Section 2.3 -- full LSTM cell (mirrors torch.nn.LSTMCell).
MyLSTMCellImpl::MyLSTMCellImpl(int64_t fan_in, int64_t units) {
  // stacked gate rows
  const int64_t rows = 4 * units;

  weight_ih = register_parameter("weight_ih", torch::empty({rows, fan_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({rows, units}));
  bias_ih = register_parameter("bias_ih", torch::empty({rows}));
  bias_hh = register_parameter("bias_hh", torch::empty({rows}));

  // PyTorch LSTMCell default: U(-k, k), k = 1/sqrt(units)
  const double k = 1.0 / std::sqrt(static_cast<double>(units));

  torch::NoGradGuard autograd_off;
  weight_ih.uniform_(-k, k);
  weight_hh.uniform_(-k, k);
  bias_ih.uniform_(-k, k);
  bias_hh.uniform_(-k, k);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& in, const Tensor& hid_prev,
                                                   const Tensor& cell_prev) {
  // input path
  Tensor from_in = torch::matmul(in, weight_ih.transpose(0, 1)) + bias_ih;
  // recurrent path
  Tensor from_hid = torch::matmul(hid_prev, weight_hh.transpose(0, 1)) + bias_hh;
  // total pre-activation
  Tensor total = from_in + from_hid;
  return lstm_state_update(total, cell_prev);
}

// ---------------------------------------------------------------------------------------------
// Section 2.4 -- motion generator used by MoCoGAN.
LSTMImpl::LSTMImpl(int64_t fan_in, int64_t units) : hidden_size(units) {
  // recurrent core
  lstm = register_module("lstm", MyLSTMCell(fan_in, units));
  // projection back to the input width
  linear = register_module("linear", MyLinear(units, fan_in));
  // non-affine batch normalisation (keeps running statistics)
  auto norm_cfg = torch::nn::BatchNorm1dOptions(fan_in).affine(false);
  bn = register_module("bn", torch::nn::BatchNorm1d(norm_cfg));
}

void LSTMImpl::init_weight(double fbias) {
  // Glorot-uniform for all weight matrices.
  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  // manual in-place edits below: no autograd
  torch::NoGradGuard autograd_off;

  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();

  // second block of rows = forget gate
  const int64_t lo = hidden_size;
  const int64_t hi = 2 * hidden_size;
  lstm->bias_ih.slice(/*dim=*/0, lo, hi).fill_(fbias);
  lstm->bias_hh.slice(/*dim=*/0, lo, hi).fill_(fbias);
}

void LSTMImpl::init_hidden(int64_t nbatch) {
  // follow the parameter's dtype/device
  const Tensor& ref = lstm->weight_ih;
  auto zopts = torch::TensorOptions().dtype(ref.dtype()).device(ref.device());

  h = torch::zeros({nbatch, hidden_size}, zopts);
  c = torch::zeros({nbatch, hidden_size}, zopts);
}

Tensor LSTMImpl::forward(const Tensor& noise, int64_t count) {
  std::vector<Tensor> slices;

  for (int64_t idx = 0; idx < count; ++idx) {
    // advance the recurrence with the fixed input
    auto hc = lstm->forward(noise, h, c);
    h = std::get<0>(hc);
    c = std::get<1>(hc);

    // project and normalise
    Tensor proj = linear->forward(h);
    Tensor normed = bn->forward(proj);

    // prepend a length-1 time dimension
    slices.push_back(normed.unsqueeze(0));
  }

  // shape: time x batch x features
  return torch::cat(slices, /*dim=*/0);
}

}  // namespace student
