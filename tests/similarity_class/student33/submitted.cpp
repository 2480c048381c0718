// Video recurrent-layer assignment; graded by `make test`.
// Interface (members, shapes, names) lives in layers/api.inc; equations in the handout
// (README.md sec. 2) and the official torch.nn pages, which define correct behaviour:
// https://pytorch.org/docs/stable/nn.html
//
// Permitted: raw tensor ops (matmul, addmm, sigmoid, tanh, chunk, narrow, stack, ...),
// torch::nn::init and torch::nn::BatchNorm1d.
// Not permitted: any built-in torch linear or recurrent layer, in module or functional
// form. The grader rejects code that calls them.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {

// Projection  inp * M^T + v  used both for linear outputs and for gate pre-activations;
// addmm broadcasts the 1-D offset across the batch rows.
Tensor project(const Tensor& inp, const Tensor& mat, const Tensor& vec) {
  return torch::addmm(vec, inp, mat.t());
}

// Allocates a tensor of the requested size with U(-lim, lim) entries. Done before
// registration, so no grad is required yet and autograd doesn't record it.
Tensor rand_sym(std::vector<int64_t> dims, double lim) {
  return torch::empty(dims).uniform_(-lim, lim);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Linear layer (sec. 2.1).
MyLinearImpl::MyLinearImpl(int64_t fan_in, int64_t fan_out) {
  // PyTorch's Kaiming(a = sqrt 5) default reduces to U(+-1/sqrt(fan_in)); same for bias.
  const double lim = 1.0 / std::sqrt(static_cast<double>(fan_in));
  weight = register_parameter("weight", rand_sym({fan_out, fan_in}, lim));
  bias = register_parameter("bias", rand_sym({fan_out}, lim));
}

Tensor MyLinearImpl::forward(const Tensor& inp) {
  return project(inp, weight, bias);
}

// ---------------------------------------------------------------------------------------------
// LSTM elementwise update (sec. 2.2).
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& pre, const Tensor& c_old) {
  // pre holds i | f | g | o concatenated on dim 1, each block the width of c_old.
  const int64_t width = c_old.size(1);
  std::vector<Tensor> parts = torch::split(pre, std::vector<int64_t>{width, width, width, width}, 1);
  Tensor ig = torch::sigmoid(parts[0]);
  Tensor fg = torch::sigmoid(parts[1]);
  Tensor gg = torch::tanh(parts[2]);
  Tensor og = torch::sigmoid(parts[3]);

  Tensor c_next = fg * c_old + ig * gg;
  Tensor h_next = og * torch::tanh(c_next);
  return std::make_tuple(h_next, c_next);
}

// LSTM cell (sec. 2.3).
MyLSTMCellImpl::MyLSTMCellImpl(int64_t fan_in, int64_t units) {
  // Recurrent cells draw every parameter from U(+-1/sqrt(H)).
  const double lim = 1.0 / std::sqrt(static_cast<double>(units));
  const int64_t n_rows = 4 * units;
  weight_ih = register_parameter("weight_ih", rand_sym({n_rows, fan_in}, lim));
  weight_hh = register_parameter("weight_hh", rand_sym({n_rows, units}, lim));
  bias_ih = register_parameter("bias_ih", rand_sym({n_rows}, lim));
  bias_hh = register_parameter("bias_hh", rand_sym({n_rows}, lim));
}

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& inp, const Tensor& h_old,
                                                   const Tensor& c_old) {
  Tensor pre = project(inp, weight_ih, bias_ih) + project(h_old, weight_hh, bias_hh);
  return lstm_state_update(pre, c_old);
}

// ---------------------------------------------------------------------------------------------
// Motion network from MoCoGAN (sec. 2.4).
LSTMImpl::LSTMImpl(int64_t fan_in, int64_t units) : hidden_size(units) {
  lstm = register_module("lstm", MyLSTMCell(fan_in, units));
  linear = register_module("linear", MyLinear(units, fan_in));
  // BatchNorm without scale/shift; running stats tracked as per default.
  bn = register_module(
      "bn", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(fan_in).affine(false)));
}

void LSTMImpl::init_weight(double fb) {
  torch::NoGradGuard ng;

  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  lstm->bias_ih.zero_();
  lstm->bias_hh.zero_();
  linear->bias.zero_();

  // second block of four = forget gate
  lstm->bias_ih.slice(0, hidden_size, 2 * hidden_size).fill_(fb);
  lstm->bias_hh.slice(0, hidden_size, 2 * hidden_size).fill_(fb);
}

void LSTMImpl::init_hidden(int64_t nb) {
  const auto topt = lstm->weight_ih.options();
  h = torch::zeros({nb, hidden_size}, topt);
  c = torch::zeros({nb, hidden_size}, topt);
}

Tensor LSTMImpl::forward(const Tensor& noise, int64_t len) {
  std::vector<Tensor> seq;
  seq.reserve(static_cast<size_t>(len));
  for (int64_t k = 0; k < len; ++k) {
    auto hc = lstm->forward(noise, h, c);
    h = std::get<0>(hc);
    c = std::get<1>(hc);
    seq.push_back(bn->forward(linear->forward(h)));
  }
  return torch::stack(seq, 0);
}

}  // namespace student
