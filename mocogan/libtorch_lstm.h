// MoCoGAN's motion network assembled from LibTorch's own modules: the `--lstm libtorch` run.
// Its parameters have the same names and shapes as the student's LSTM (lstm.weight_ih,
// linear.weight, ...), so one weight file drives either, and make check proves the course's
// layers equal these modules. It needs no reference/ folder, so it works in the handout too.
#pragma once

#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

#include "layers/layers.h"

namespace mocogan {

struct LibTorchLSTMImpl : torch::nn::Module {
  LibTorchLSTMImpl(int64_t input_size, int64_t hidden_size);
  void init_weight(double forget_bias = 1.0);
  void init_hidden(int64_t batch_size);
  torch::Tensor forward(const torch::Tensor& inputs, int64_t n_frames);

  torch::nn::LSTMCell lstm{nullptr};
  torch::nn::Linear linear{nullptr};
  torch::nn::BatchNorm1d bn{nullptr};
  torch::Tensor h, c;
  int64_t hidden_size = 0;
};
TORCH_MODULE(LibTorchLSTM);

}  // namespace mocogan
