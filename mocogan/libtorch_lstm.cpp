#include "mocogan/libtorch_lstm.h"

namespace mocogan {
namespace nn = torch::nn;

LibTorchLSTMImpl::LibTorchLSTMImpl(int64_t input_size, int64_t hidden_size) : hidden_size(hidden_size) {
  lstm = register_module("lstm", nn::LSTMCell(input_size, hidden_size));
  linear = register_module("linear", nn::Linear(hidden_size, input_size));
  bn = register_module("bn", nn::BatchNorm1d(nn::BatchNorm1dOptions(input_size).affine(false)));
}

// The assignment's init_weight: Xavier-uniform weights, zero biases but the forget gate's.
void LibTorchLSTMImpl::init_weight(double forget_bias) {
  torch::NoGradGuard no_grad;
  for (auto& named : named_parameters()) {
    if (named.key().find("weight") != std::string::npos)
      nn::init::xavier_uniform_(named.value());
    else
      named.value().zero_();
  }
  lstm->bias_ih.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
  lstm->bias_hh.narrow(0, hidden_size, hidden_size).fill_(forget_bias);
}

void LibTorchLSTMImpl::init_hidden(int64_t batch_size) {
  h = torch::zeros({batch_size, hidden_size}, lstm->weight_ih.options());
  c = torch::zeros({batch_size, hidden_size}, lstm->weight_ih.options());
}

torch::Tensor LibTorchLSTMImpl::forward(const torch::Tensor& inputs, int64_t n_frames) {
  std::vector<torch::Tensor> frames;
  for (int64_t t = 0; t < n_frames; ++t) {
    std::tie(h, c) = lstm(inputs, std::make_tuple(h, c));
    frames.push_back(bn(linear(h)));
  }
  return torch::stack(frames);
}

}  // namespace mocogan
