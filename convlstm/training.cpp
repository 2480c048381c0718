#include "convlstm/training.h"

#include <torch/nn/functional/loss.h>

namespace convlstm {

torch::Tensor train_step(EncoderDecoder& model, torch::optim::Optimizer& optimizer, const torch::Tensor& clips,
                         int64_t frames_in, common::Precision precision) {
  const int64_t frames_out = clips.size(1) - frames_in;
  torch::Tensor predicted;
  {
    const common::Autocast autocast(clips.device(), precision);
    predicted = model(clips.narrow(1, 0, frames_in));
  }
  const torch::Tensor loss =
      torch::nn::functional::mse_loss(predicted.to(torch::kFloat), clips.narrow(1, frames_in, frames_out));
  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
  return loss.detach();
}

}  // namespace convlstm
