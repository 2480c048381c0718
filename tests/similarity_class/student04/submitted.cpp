// Recurrent video layers; `make test` runs the grader on these bodies.
// Interface: layers/api.inc. Specification: handout section 2 and the torch.nn docs
// (https://pytorch.org/docs/stable/nn.html).
// Only elementary tensor ops plus torch::nn::init and torch::nn::BatchNorm1d are used here;
// torch's built-in linear/recurrent layers are not allowed and not used.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

namespace {
Tensor rand_sym(std::vector<int64_t> dims, double lim);
Tensor project(const Tensor& inp, const Tensor& mat, const Tensor& vec);
}  // namespace

// ----------------------------------------------------------------- LSTM cell (2.3)

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& inp, const Tensor& h_old,
                                                   const Tensor& c_old) {
  Tensor x_part = project(inp, weight_ih, bias_ih);
  Tensor h_part = project(h_old, weight_hh, bias_hh);
  Tensor pre = x_part + h_part;
  return lstm_state_update(pre, c_old);
}

// Pointwise LSTM step (2.2): i|f|g|o blocks on dim 1, each c_old.size(1) wide.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& pre, const Tensor& c_old) {
  const auto width = c_old.size(1);
  const std::vector<int64_t> block_sizes{width, width, width, width};
  auto parts = torch::split(pre, block_sizes, 1);
  Tensor gg = torch::tanh(parts[2]);
  Tensor ig = torch::sigmoid(parts[0]);
  Tensor og = torch::sigmoid(parts[3]);
  Tensor fg = torch::sigmoid(parts[1]);

  Tensor c_next = fg * c_old + ig * gg;
  Tensor h_next = og * torch::tanh(c_next);
  return {h_next, c_next};
}

// All four tensors ~ U(+-1/sqrt(units)), as for every torch RNN cell.
MyLSTMCellImpl::MyLSTMCellImpl(int64_t fan_in, int64_t units) {
  const int64_t n_rows = 4 * units;
  const auto lim = 1.0 / std::sqrt(static_cast<double>(units));
  weight_ih = register_parameter("weight_ih", rand_sym({n_rows, fan_in}, lim));
  weight_hh = register_parameter("weight_hh", rand_sym({n_rows, units}, lim));
  bias_ih = register_parameter("bias_ih", rand_sym({n_rows}, lim));
  bias_hh = register_parameter("bias_hh", rand_sym({n_rows}, lim));
}

// ----------------------------------------------------------------- motion LSTM (2.4)

Tensor LSTMImpl::forward(const Tensor& noise, int64_t len) {
  std::vector<Tensor> seq;
  seq.reserve(static_cast<size_t>(len));
  for (int64_t k = 0; k < len; ++k) {
    std::tuple<Tensor, Tensor> hc = lstm->forward(noise, h, c);
    h = std::get<0>(hc);
    c = std::get<1>(hc);
    Tensor lin_out = linear->forward(h);
    seq.push_back(bn->forward(lin_out));
  }
  return torch::stack(seq, 0);
}

void LSTMImpl::init_hidden(int64_t nb) {
  const torch::TensorOptions topt = lstm->weight_ih.options();
  c = torch::zeros({nb, hidden_size}, topt);
  h = torch::zeros({nb, hidden_size}, topt);
}

LSTMImpl::LSTMImpl(int64_t fan_in, int64_t units) : hidden_size(units) {
  lstm = register_module("lstm", MyLSTMCell(fan_in, units));
  linear = register_module("linear", MyLinear(units, fan_in));
  // no learnable affine part; running statistics on (default)
  auto bn_opts = torch::nn::BatchNorm1dOptions(fan_in).affine(false);
  bn = register_module("bn", torch::nn::BatchNorm1d(bn_opts));
}

void LSTMImpl::init_weight(double fb) {
  torch::NoGradGuard ng;

  linear->bias.zero_();
  lstm->bias_hh.zero_();
  lstm->bias_ih.zero_();

  torch::nn::init::xavier_uniform_(lstm->weight_ih);
  torch::nn::init::xavier_uniform_(lstm->weight_hh);
  torch::nn::init::xavier_uniform_(linear->weight);

  // forget gate occupies rows [H, 2H)
  const int64_t upper = 2 * hidden_size;
  lstm->bias_hh.slice(0, hidden_size, upper).fill_(fb);
  lstm->bias_ih.slice(0, hidden_size, upper).fill_(fb);
}

// ----------------------------------------------------------------- Linear (2.1)

Tensor MyLinearImpl::forward(const Tensor& inp) {
  return project(inp, weight, bias);
}

// nn.Linear default init == U(+-1/sqrt(fan_in)) for both tensors.
MyLinearImpl::MyLinearImpl(int64_t fan_in, int64_t fan_out) {
  const auto lim = 1.0 / std::sqrt(static_cast<double>(fan_in));
  weight = register_parameter("weight", rand_sym({fan_out, fan_in}, lim));
  bias = register_parameter("bias", rand_sym({fan_out}, lim));
}

// ----------------------------------------------------------------- helpers

namespace {

// Fresh U(-lim, lim) tensor; filled before registration, so autograd ignores the fill.
Tensor rand_sym(std::vector<int64_t> dims, double lim) {
  Tensor buf = torch::empty(dims);
  return buf.uniform_(-lim, lim);
}

// inp * M^T + v, bias broadcast over rows.
Tensor project(const Tensor& inp, const Tensor& mat, const Tensor& vec) {
  Tensor mat_t = mat.t();
  return torch::addmm(vec, inp, mat_t);
}

}  // namespace

}  // namespace student
