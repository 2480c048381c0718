#include "convlstm/training.h"

#include <algorithm>
#include <cmath>

#include <torch/nn/functional/loss.h>

#include "common/named_value.h"

namespace convlstm {
namespace F = torch::nn::functional;

Loss loss_from_name(const std::string& name) {
  return common::named_value<Loss>("--loss", name, {{"mse", Loss::mse}, {"bce", Loss::bce}});
}

Schedule schedule_from_name(const std::string& name) {
  return common::named_value<Schedule>("--lr-schedule", name,
                                       {{"constant", Schedule::constant}, {"cosine", Schedule::cosine}});
}

double scheduled_learning_rate(Schedule schedule, double peak, double progress) {
  if (schedule == Schedule::constant) return peak;
  return 0.5 * peak * (1 + std::cos(M_PI * std::clamp(progress, 0.0, 1.0)));
}

torch::Tensor train_step(EncoderDecoder& model, torch::optim::Optimizer& optimizer, const torch::Tensor& clips,
                         int64_t frames_in, common::Precision precision, Loss loss) {
  torch::Tensor logits;
  {
    const common::Autocast autocast(clips.device(), precision);
    logits = model->logits(clips.narrow(1, 0, frames_in));
  }
  logits = logits.to(torch::kFloat);
  // The model predicts the clip's last logits.size(1) frames (with a next-frame model, seen ones too).
  const int64_t predicted_frames = logits.size(1);
  const torch::Tensor truth = clips.narrow(1, clips.size(1) - predicted_frames, predicted_frames);
  const torch::Tensor predicted = torch::sigmoid(logits);
  const torch::Tensor objective =
      loss == Loss::bce ? F::binary_cross_entropy_with_logits(logits, truth) : F::mse_loss(predicted, truth);
  optimizer.zero_grad();
  objective.backward();
  optimizer.step();
  const int64_t frames_out = clips.size(1) - frames_in;
  return F::mse_loss(predicted.detach().narrow(1, predicted_frames - frames_out, frames_out),
                     truth.narrow(1, predicted_frames - frames_out, frames_out));
}

}  // namespace convlstm
