// MP: recurrent layers for video.
// Declarations live in layers/api.inc, maths in the handout section 2 and the torch.nn docs.
// No torch linear / recurrent layers anywhere in here, only plain tensor ops.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

/*
 * Fill a freshly created parameter with U(-bound, bound) draws.
 * torch::nn::init::uniform_ already runs under a NoGradGuard, so the fill is not
 * recorded by autograd.
 */
static void init_uniform(Tensor param, int64_t fan) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(fan));
  torch::nn::init::uniform_(param, -bound, bound);
}

/*
 * MyLinear constructor (handout 2.1).
 * torch.nn.Linear calls kaiming_uniform_(a = sqrt(5)) on the weight, which works out to
 * U(-1/sqrt(in), 1/sqrt(in)); the bias is drawn from the same range by hand.
 */
MyLinearImpl::MyLinearImpl(int64_t input_size, int64_t output_size) {
  weight = register_parameter("weight", torch::empty({output_size, input_size}));
  bias = register_parameter("bias", torch::empty({output_size}));

  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  init_uniform(bias, input_size);
}

/*
 * y = b + x W^T, done in one addmm: [out] broadcast + [B, in] @ [in, out].
 */
Tensor MyLinearImpl::forward(const Tensor& x) {
  return torch::addmm(bias, x, weight.t());
}

/*
 * Pointwise LSTM update (handout 2.2).
 * gates are packed i | f | g | o along dim 1. chunk(4, 1) splits only that dimension,
 * so the same code works for [B, 4H] and for ConvLSTM maps [B, 4H, Ht, Wd].
 */
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& gates, const Tensor& c) {
  std::vector<Tensor> g = torch::chunk(gates, 4, /*dim=*/1);

  Tensor i = torch::sigmoid(g[0]);
  Tensor f = torch::sigmoid(g[1]);
  Tensor cand = torch::tanh(g[2]);
  Tensor o = torch::sigmoid(g[3]);

  Tensor cy = f * c + i * cand;
  Tensor hy = o * torch::tanh(cy);
  return std::make_tuple(hy, cy);
}

/*
 * MyLSTMCell constructor (handout 2.3).
 * Four parameters, all U(-1/sqrt(H), 1/sqrt(H)) like nn.LSTMCell's reset_parameters.
 */
MyLSTMCellImpl::MyLSTMCellImpl(int64_t input_size, int64_t hidden_size) {
  const int64_t G = 4 * hidden_size;
  weight_ih = register_parameter("weight_ih", torch::empty({G, input_size}));
  weight_hh = register_parameter("weight_hh", torch::empty({G, hidden_size}));
  bias_ih = register_parameter("bias_ih", torch::empty({G}));
  bias_hh = register_parameter("bias_hh", torch::empty({G}));

  init_uniform(weight_ih, hidden_size);
  init_uniform(weight_hh, hidden_size);
  init_uniform(bias_ih, hidden_size);
  init_uniform(bias_hh, hidden_size);
}

/*
 * One LSTM step: gates = (b_ih + x W_ih^T) + (b_hh + h W_hh^T), then the pointwise update.
 */
std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& x, const Tensor& h,
                                                   const Tensor& c) {
  Tensor gates = torch::addmm(bias_ih, x, weight_ih.t()) + torch::addmm(bias_hh, h, weight_hh.t());
  return lstm_state_update(gates, c);
}

/*
 * MoCoGAN motion network (handout 2.4): cell "lstm", read-out "linear", and a
 * BatchNorm1d "bn" with no affine parameters (running stats stay on, the default).
 */
LSTMImpl::LSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = MyLSTMCell(input_size, hidden_size);
  linear = MyLinear(hidden_size, input_size);
  bn = torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(input_size).affine(false));

  register_module("lstm", lstm);
  register_module("linear", linear);
  register_module("bn", bn);
}

/*
 * Re-initialise all parameters of the submodules:
 *   - anything named "...weight..." gets xavier_uniform_,
 *   - every bias gets zeros,
 *   - then the forget-gate block [H, 2H) of both LSTM biases gets forget_bias.
 * bn has no affine parameters, so named_parameters() only sees lstm.* and linear.*.
 */
void LSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard guard;

  for (auto& item : named_parameters(/*recurse=*/true)) {
    Tensor& p = item.value();
    if (item.key().find("weight") != std::string::npos) {
      torch::nn::init::xavier_uniform_(p);
    } else {
      torch::nn::init::zeros_(p);
    }
  }

  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
}

/*
 * Zero state [batch, H]. weight_hh.options() carries dtype, device and layout
 * (not requires_grad), so h and c follow the parameters.
 */
void LSTMImpl::init_hidden(int64_t batch_size) {
  h = torch::zeros({batch_size, hidden_size}, lstm->weight_hh.options());
  c = torch::zeros_like(h);
}

/*
 * Unroll n_frames steps feeding the same inputs each time. Each output frame is
 * bn(linear(h)) with a leading time axis of size 1; they are concatenated along
 * that axis at the end. h and c are members, so the state carries across calls.
 */
Tensor LSTMImpl::forward(const Tensor& inputs, int64_t n_frames) {
  std::vector<Tensor> outs;
  int64_t step = 0;
  while (step < n_frames) {
    auto state = lstm->forward(inputs, h, c);
    h = std::get<0>(state);
    c = std::get<1>(state);
    outs.push_back(bn->forward(linear->forward(h)).unsqueeze(0));
    ++step;
  }

  if (outs.empty()) {
    return torch::empty({0, inputs.size(0), inputs.size(1)}, inputs.options());
  }
  return torch::cat(outs, /*dim=*/0);
}

}  // namespace student
