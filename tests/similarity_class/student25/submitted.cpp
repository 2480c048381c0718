// Recurrent layers MP -- video generation part.
// See layers/api.inc for the interface and handout section 2 for the equations.
// Pure tensor arithmetic; none of torch's own Linear/LSTM modules are used.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// defined at the bottom of this file
static void fill_sym_uniform(Tensor target, int64_t fan_count);

// ===== MoCoGAN motion network (2.4) =====

// Step the cell `num_steps` times with the same input and collect a
// normalised read-out per step, stacked on a new leading axis.
Tensor LSTMImpl::forward(const Tensor& z_in, int64_t num_steps) {
  std::vector<Tensor> collected;
  for (int64_t t = 0; t < num_steps; ++t) {
    std::tuple<Tensor, Tensor> hc = lstm->forward(z_in, h, c);
    h = std::get<0>(hc);
    c = std::get<1>(hc);
    Tensor projected = linear->forward(h);
    Tensor normed = bn->forward(projected);
    collected.push_back(normed.unsqueeze(0));
  }
  if (collected.empty()) {
    return torch::empty({0, z_in.size(0), z_in.size(1)}, z_in.options());
  }
  return torch::cat(collected, 0);
}

// Zero state with the parameters' dtype and device.
void LSTMImpl::init_hidden(int64_t n_batch) {
  torch::TensorOptions wopts = lstm->weight_hh.options();
  h = torch::zeros({n_batch, hidden_size}, wopts);
  c = torch::zeros_like(h);
}

// Xavier for matrices, zeros for biases, forget slice of LSTM biases = fg_init.
void LSTMImpl::init_weight(double fg_init) {
  torch::NoGradGuard no_grad_scope;
  for (torch::OrderedDict<std::string, Tensor>::Item& entry : named_parameters(true)) {
    Tensor& tensor_ref = entry.value();
    const bool is_matrix = entry.key().find("weight") != std::string::npos;
    if (is_matrix) {
      torch::nn::init::xavier_uniform_(tensor_ref);
    } else {
      torch::nn::init::zeros_(tensor_ref);
    }
  }
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(fg_init);
  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(fg_init);
}

LSTMImpl::LSTMImpl(int64_t n_in, int64_t n_hid) : hidden_size(n_hid) {
  // normalisation without affine params (running stats on)
  torch::nn::BatchNorm1dOptions bn_opts = torch::nn::BatchNorm1dOptions(n_in).affine(false);
  bn = torch::nn::BatchNorm1d(bn_opts);
  lstm = MyLSTMCell(n_in, n_hid);
  linear = MyLinear(n_hid, n_in);
  register_module("lstm", lstm);
  register_module("linear", linear);
  register_module("bn", bn);
}

// ===== LSTM cell (2.3) =====

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& inp, const Tensor& h_prev,
                                                   const Tensor& c_prev) {
  Tensor from_input = torch::addmm(bias_ih, inp, weight_ih.t());
  Tensor from_hidden = torch::addmm(bias_hh, h_prev, weight_hh.t());
  Tensor preact = from_input + from_hidden;
  return lstm_state_update(preact, c_prev);
}

// Elementwise LSTM recurrence (2.2); blocks i|f|g|o on dim 1 (works for conv maps too).
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& preact, const Tensor& cell_prev) {
  auto blocks = torch::chunk(preact, 4, 1);
  Tensor og = torch::sigmoid(blocks[3]);
  Tensor gg = torch::tanh(blocks[2]);
  Tensor fg = torch::sigmoid(blocks[1]);
  Tensor ig = torch::sigmoid(blocks[0]);
  Tensor cell_next = fg * cell_prev + ig * gg;
  Tensor squashed = torch::tanh(cell_next);
  Tensor hid_next = og * squashed;
  return std::make_tuple(hid_next, cell_next);
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t n_in, int64_t n_hid) {
  const auto four_h = 4 * n_hid;
  weight_ih = register_parameter("weight_ih", torch::empty({four_h, n_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({four_h, n_hid}));
  fill_sym_uniform(weight_ih, n_hid);
  fill_sym_uniform(weight_hh, n_hid);
  bias_ih = register_parameter("bias_ih", torch::empty({four_h}));
  bias_hh = register_parameter("bias_hh", torch::empty({four_h}));
  fill_sym_uniform(bias_ih, n_hid);
  fill_sym_uniform(bias_hh, n_hid);
}

// ===== Linear (2.1) =====

Tensor MyLinearImpl::forward(const Tensor& inp) {
  Tensor w_t = weight.t();
  return torch::addmm(bias, inp, w_t);
}

// nn.Linear's default: kaiming_uniform(a=sqrt 5) == U(+-1/sqrt(fan_in)); bias likewise.
MyLinearImpl::MyLinearImpl(int64_t n_in, int64_t n_out) {
  weight = register_parameter("weight", torch::empty({n_out, n_in}));
  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  bias = register_parameter("bias", torch::empty({n_out}));
  fill_sym_uniform(bias, n_in);
}

// U(-1/sqrt(n), 1/sqrt(n)) in place; init::uniform_ disables grad itself.
static void fill_sym_uniform(Tensor target, int64_t fan_count) {
  const auto denom = std::sqrt(static_cast<double>(fan_count));
  const double lim = 1.0 / denom;
  torch::nn::init::uniform_(target, -lim, lim);
}

}  // namespace student
