// Assignment: recurrent building blocks for a video GAN.
// Interfaces: layers/api.inc. Formulas: handout sec. 2 + torch.nn reference.
// Implemented with raw tensor arithmetic only, no ready-made torch layers.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

/*
 * Uniform fill in [-1/sqrt(n), 1/sqrt(n)] for a just-allocated tensor.
 * The torch init routine disables autograd on its own.
 */
static void fill_sym_uniform(Tensor target, int64_t fan_count) {
  const double lim = 1.0 / std::sqrt(static_cast<double>(fan_count));
  torch::nn::init::uniform_(target, -lim, lim);
}

/*
 * Linear layer setup. Weight: Kaiming uniform with a = sqrt(5), which is the
 * PyTorch default and equals U(+-1/sqrt(fan_in)). Bias: same interval, drawn manually.
 */
MyLinearImpl::MyLinearImpl(int64_t n_in, int64_t n_out) {
  weight = register_parameter("weight", torch::empty({n_out, n_in}));
  bias = register_parameter("bias", torch::empty({n_out}));

  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  fill_sym_uniform(bias, n_in);
}

/*
 * Output = bias + input @ W^T in one fused op.
 */
Tensor MyLinearImpl::forward(const Tensor& inp) {
  return torch::addmm(bias, inp, weight.t());
}

/*
 * Elementwise LSTM recurrence. Pre-activations arrive concatenated on dim 1 as
 * input/forget/candidate/output, so 2-D and 4-D (conv) tensors are both handled.
 */
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& preact, const Tensor& cell_prev) {
  std::vector<Tensor> blocks = torch::chunk(preact, 4, /*dim=*/1);

  Tensor ig = torch::sigmoid(blocks[0]);
  Tensor fg = torch::sigmoid(blocks[1]);
  Tensor gg = torch::tanh(blocks[2]);
  Tensor og = torch::sigmoid(blocks[3]);

  Tensor cell_next = fg * cell_prev + ig * gg;
  Tensor hid_next = og * torch::tanh(cell_next);
  return std::make_tuple(hid_next, cell_next);
}

/*
 * LSTM cell parameters, each drawn like nn.LSTMCell does.
 */
MyLSTMCellImpl::MyLSTMCellImpl(int64_t n_in, int64_t n_hid) {
  const int64_t four_h = 4 * n_hid;
  weight_ih = register_parameter("weight_ih", torch::empty({four_h, n_in}));
  weight_hh = register_parameter("weight_hh", torch::empty({four_h, n_hid}));
  bias_ih = register_parameter("bias_ih", torch::empty({four_h}));
  bias_hh = register_parameter("bias_hh", torch::empty({four_h}));

  fill_sym_uniform(weight_ih, n_hid);
  fill_sym_uniform(weight_hh, n_hid);
  fill_sym_uniform(bias_ih, n_hid);
  fill_sym_uniform(bias_hh, n_hid);
}

/*
 * Sum input and recurrent projections, then apply the shared gate update.
 */
std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& inp, const Tensor& h_prev,
                                                   const Tensor& c_prev) {
  Tensor preact = torch::addmm(bias_ih, inp, weight_ih.t()) + torch::addmm(bias_hh, h_prev, weight_hh.t());
  return lstm_state_update(preact, c_prev);
}

/*
 * Motion generator: recurrent cell, projection back to input width, and a
 * parameter-free batch norm that still tracks running statistics.
 */
LSTMImpl::LSTMImpl(int64_t n_in, int64_t n_hid) : hidden_size(n_hid) {
  lstm = MyLSTMCell(n_in, n_hid);
  linear = MyLinear(n_hid, n_in);
  bn = torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(n_in).affine(false));

  register_module("lstm", lstm);
  register_module("linear", linear);
  register_module("bn", bn);
}

/*
 * Parameter reset: names containing "weight" -> Xavier uniform, others -> 0,
 * finally the forget-gate slice of both LSTM biases is overwritten.
 */
void LSTMImpl::init_weight(double fg_init) {
  torch::NoGradGuard no_grad_scope;

  for (auto& entry : named_parameters(/*recurse=*/true)) {
    Tensor& tensor_ref = entry.value();
    if (entry.key().find("weight") != std::string::npos) {
      torch::nn::init::xavier_uniform_(tensor_ref);
    } else {
      torch::nn::init::zeros_(tensor_ref);
    }
  }

  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(fg_init);
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(fg_init);
}

/*
 * Fresh all-zero state that inherits the weights' dtype/device.
 */
void LSTMImpl::init_hidden(int64_t n_batch) {
  h = torch::zeros({n_batch, hidden_size}, lstm->weight_hh.options());
  c = torch::zeros_like(h);
}

/*
 * Repeat the cell for the requested number of steps with a constant input and
 * collect normalised projections; the state persists between calls.
 */
Tensor LSTMImpl::forward(const Tensor& z_in, int64_t num_steps) {
  std::vector<Tensor> collected;
  int64_t t = 0;
  while (t < num_steps) {
    auto hc = lstm->forward(z_in, h, c);
    h = std::get<0>(hc);
    c = std::get<1>(hc);
    collected.push_back(bn->forward(linear->forward(h)).unsqueeze(0));
    ++t;
  }

  if (collected.empty()) {
    return torch::empty({0, z_in.size(0), z_in.size(1)}, z_in.options());
  }
  return torch::cat(collected, /*dim=*/0);
}

}  // namespace student
