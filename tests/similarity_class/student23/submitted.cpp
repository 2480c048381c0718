// Video MP: recurrent layers. Write the bodies below; they are checked by `make test`.
// See layers/api.inc for the declarations and README.md (section 2) plus the torch.nn docs
// (https://pytorch.org/docs/stable/nn.html) for the exact maths.
//
// OK to use: basic tensor ops (matmul, addmm, sigmoid, tanh, chunk, narrow, stack, ...),
// torch::nn::init, torch::nn::BatchNorm1d.
// Not OK: any of torch's own linear or recurrent layers (nn::Linear, LSTMCell, GRUCell, LSTM,
// functional::linear, torch::linear, at::lstm_cell, ...); the grader rejects them at run time.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// ---------------------------------------------------------------------------------------------
// Part 2.1 (same as torch.nn.Linear)
MyLinearImpl::MyLinearImpl(int64_t n_in, int64_t n_out) {
  // allocate the weight matrix and bias vector
  weight = register_parameter("weight", torch::empty({n_out, n_in}));
  bias = register_parameter("bias", torch::empty({n_out}));

  // PyTorch default: uniform in +-1/sqrt(fan_in)
  double lim = 0.0;
  if (n_in > 0) {
    lim = 1.0 / std::sqrt((double)n_in);
  }

  // random fill without gradient tracking
  torch::NoGradGuard guard;
  weight.uniform_(-lim, lim);
  bias.uniform_(-lim, lim);
}

Tensor MyLinearImpl::forward(const Tensor& inp) {
  // out = inp * W^T + b
  Tensor wt = weight.t();
  Tensor prod = torch::matmul(inp, wt);
  Tensor res = prod + bias;  // broadcast over batch rows
  return res;
}

// ---------------------------------------------------------------------------------------------
// Part 2.2 (pointwise part of torch.nn.LSTMCell)
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& pre, const Tensor& cell) {
  // cut the stacked pre-activations into their four H-wide blocks (i, f, g, o)
  std::vector<Tensor> blocks = pre.chunk(4, 1);
  Tensor ig = torch::sigmoid(blocks[0]);
  Tensor fg = torch::sigmoid(blocks[1]);
  Tensor gg = torch::tanh(blocks[2]);
  Tensor og = torch::sigmoid(blocks[3]);

  // updated memory
  Tensor cell_out = fg * cell + ig * gg;
  // updated output
  Tensor hid_out = og * torch::tanh(cell_out);

  return std::make_tuple(hid_out, cell_out);
}

// Part 2.3 (torch.nn.LSTMCell)
MyLSTMCellImpl::MyLSTMCellImpl(int64_t n_in, int64_t n_hidden) {
  int64_t rows = 4 * n_hidden;

  weight_ih = register_parameter("weight_ih", torch::empty({rows, n_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({rows, n_hidden}));
  bias_ih = register_parameter("bias_ih", torch::empty({rows}));
  bias_hh = register_parameter("bias_hh", torch::empty({rows}));

  // every tensor ~ U(-1/sqrt(H), 1/sqrt(H))
  double spread = 0.0;
  if (n_hidden > 0) {
    spread = 1.0 / std::sqrt((double)n_hidden);
  }

  torch::NoGradGuard guard;
  weight_ih.uniform_(-spread, spread);
  weight_hh.uniform_(-spread, spread);
  bias_ih.uniform_(-spread, spread);
  bias_hh.uniform_(-spread, spread);
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& inp, const Tensor& hid,
                                                   const Tensor& cell) {
  // contribution of the input
  Tensor from_x = torch::matmul(inp, weight_ih.t()) + bias_ih;
  // contribution of the previous hidden state
  Tensor from_h = torch::matmul(hid, weight_hh.t()) + bias_hh;
  Tensor pre = from_x + from_h;

  return lstm_state_update(pre, cell);
}

// ---------------------------------------------------------------------------------------------
// Part 2.4: motion network from MoCoGAN
LSTMImpl::LSTMImpl(int64_t n_in, int64_t n_hidden) : hidden_size(n_hidden) {
  lstm = register_module("lstm", MyLSTMCell(n_in, n_hidden));
  linear = register_module("linear", MyLinear(n_hidden, n_in));

  // normalisation with no scale/shift but with running mean/var
  torch::nn::BatchNorm1dOptions norm_opts(n_in);
  norm_opts.affine(false);
  norm_opts.track_running_stats(true);
  bn = register_module("bn", torch::nn::BatchNorm1d(norm_opts));
}

void LSTMImpl::init_weight(double fb) {
  torch::NoGradGuard guard;

  // Glorot uniform on the weight matrices
  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  // zero all biases
  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();

  // but put fb in the forget block [H, 2H) of the LSTM biases
  int64_t hs = hidden_size;
  lstm->bias_ih.narrow(0, hs, hs).fill_(fb);
  lstm->bias_hh.narrow(0, hs, hs).fill_(fb);
}

void LSTMImpl::init_hidden(int64_t nb) {
  // use the parameters' dtype and device
  Tensor ref = lstm->weight_ih;
  torch::TensorOptions topts = torch::TensorOptions().dtype(ref.dtype()).device(ref.device());

  h = torch::zeros({nb, hidden_size}, topts);
  c = torch::zeros({nb, hidden_size}, topts);
}

Tensor LSTMImpl::forward(const Tensor& z, int64_t len) {
  std::vector<Tensor> seq;

  for (int64_t t = 0; t < len; t++) {
    // advance the cell; the input is the same at every step
    std::tuple<Tensor, Tensor> st = lstm->forward(z, h, c);
    h = std::get<0>(st);
    c = std::get<1>(st);

    // project, then batch-normalise
    Tensor lin = linear->forward(h);
    Tensor nrm = bn->forward(lin);
    seq.push_back(nrm);
  }

  // time-major: [len, batch, n_in]
  Tensor stacked = torch::stack(seq, 0);
  return stacked;
}

}  // namespace student
