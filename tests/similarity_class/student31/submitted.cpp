// Recurrent layers (video MP). api.inc has the interface, handout sec. 2 the maths.
// Built from basic tensor ops only; torch's Linear / LSTMCell / functional::linear not used.
#include "layers/layers.h"

#include <cmath>
#include <vector>

namespace student {

using torch::Tensor;

// =============================== motion LSTM (2.4) ===============================

Tensor LSTMImpl::forward(const Tensor& zvec, int64_t nsteps) {
  std::vector<Tensor> result;
  for (int64_t idx = 0; idx < nsteps; idx++) {
    std::tuple<Tensor, Tensor> hc = lstm(zvec, h, c);
    h = std::get<0>(hc);
    c = std::get<1>(hc);
    Tensor projected = linear(h);
    result.push_back(bn(projected));
  }
  return torch::stack(result, 0);
}

void LSTMImpl::init_hidden(int64_t nbatch) {
  // same dtype/device as the recurrent weight
  c = lstm->weight_hh.new_zeros({nbatch, hidden_size});
  h = lstm->weight_hh.new_zeros({nbatch, hidden_size});
}

void LSTMImpl::init_weight(double fbias) {
  torch::NoGradGuard nograd;

  // matrices -> Xavier uniform, vectors -> 0 (bn is non-affine, nothing there)
  auto reset_params = [](std::vector<Tensor> params) {
    for (Tensor& prm : params) {
      if (prm.dim() == 2)
        torch::nn::init::xavier_uniform_(prm);
      else
        prm.zero_();
    }
  };
  reset_params(lstm->parameters());
  reset_params(linear->parameters());

  // forget gate = rows [H, 2H)
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(fbias);
  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(fbias);
}

LSTMImpl::LSTMImpl(int64_t d_in, int64_t d_hid) : hidden_size(d_hid) {
  torch::nn::BatchNorm1dOptions norm_opts =
      torch::nn::BatchNorm1dOptions(d_in).affine(false).track_running_stats(true);
  bn = torch::nn::BatchNorm1d(norm_opts);
  lstm = MyLSTMCell(d_in, d_hid);
  linear = MyLinear(d_hid, d_in);
  register_module("lstm", lstm);
  register_module("linear", linear);
  register_module("bn", bn);
}

// =============================== LSTM cell (2.3) ===============================

std::tuple<Tensor, Tensor> MyLSTMCellImpl::forward(const Tensor& xin, const Tensor& hprev,
                                                   const Tensor& cprev) {
  Tensor rec = hprev.mm(weight_hh.t());
  Tensor pre = xin.mm(weight_ih.t()) + bias_ih;
  pre = pre + rec;
  pre = pre + bias_hh;
  return lstm_state_update(pre, cprev);
}

MyLSTMCellImpl::MyLSTMCellImpl(int64_t d_in, int64_t d_hid) {
  const int64_t nrow = 4 * d_hid;
  const double lim = 1.0 / std::sqrt(static_cast<double>(d_hid));
  auto to_sym = [lim](const Tensor& u) { return u * 2 * lim - lim; };
  weight_ih = register_parameter("weight_ih", to_sym(torch::rand({nrow, d_in})));
  weight_hh = register_parameter("weight_hh", to_sym(torch::rand({nrow, d_hid})));
  bias_ih = register_parameter("bias_ih", to_sym(torch::rand({nrow})));
  bias_hh = register_parameter("bias_hh", to_sym(torch::rand({nrow})));
}

// Pointwise LSTM (2.2): gate blocks i, f, g, o on dim 1.
std::tuple<Tensor, Tensor> lstm_state_update(const Tensor& pre, const Tensor& cprev) {
  const auto hs = pre.size(1) / 4;
  Tensor ou_g = pre.narrow(1, 3 * hs, hs).sigmoid();
  Tensor fo_g = pre.narrow(1, hs, hs).sigmoid();
  Tensor ce_g = pre.narrow(1, 2 * hs, hs).tanh();
  Tensor in_g = pre.narrow(1, 0, hs).sigmoid();

  Tensor cnext = fo_g * cprev + in_g * ce_g;
  Tensor squashed = cnext.tanh();
  Tensor hnext = ou_g * squashed;
  return std::make_tuple(hnext, cnext);
}

// =============================== Linear (2.1) ===============================

Tensor MyLinearImpl::forward(const Tensor& xin) {
  Tensor prod = xin.mm(weight.t());
  return prod + bias;
}

MyLinearImpl::MyLinearImpl(int64_t d_in, int64_t d_out) {
  const double lim = 1.0 / std::sqrt(static_cast<double>(d_in));
  // U[0,1) -> U[-lim, lim)
  auto to_sym = [lim](const Tensor& u) { return u * 2 * lim - lim; };
  weight = register_parameter("weight", to_sym(torch::rand({d_out, d_in})));
  bias = register_parameter("bias", to_sym(torch::rand({d_out})));
}

}  // namespace student
