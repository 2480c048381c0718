#include "convlstm/training.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <torch/nn/functional/loss.h>

#include "common/named_value.h"
#include "common/progress.h"

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

std::string Pace::warning(int64_t first, int64_t steps, double seconds, double budget_left) const {
  if (min_steps <= 0 || budget_seconds <= 0 || seconds <= 0 || steps <= first) return "";
  const double rate = static_cast<double>(steps - first) / seconds;
  const auto projected = static_cast<int64_t>(static_cast<double>(steps) + rate * std::max(0.0, budget_left));
  if (projected >= min_steps) return "";
  char text[512];
  std::snprintf(text, sizeof text,
                "warning: %.2f steps/s, so the %s budget ends after about %lld of the %lld steps this run needs "
                "to learn (%.1f steps/s would do). Close other programs, give it more cores (--threads, now "
                "%lld), more time (--budget-minutes), or a GPU (--device cuda); a shorter run's result is too "
                "short to judge.",
                rate, common::format_duration(budget_seconds).c_str(), static_cast<long long>(projected),
                static_cast<long long>(min_steps),
                static_cast<double>(min_steps - steps) / std::max(1.0, budget_left),
                static_cast<long long>(threads));
  return text;
}

std::string Pace::verdict(int64_t steps) const {
  if (min_steps <= 0 || steps >= min_steps) return "";
  return "too short to judge: " + std::to_string(steps) + " training steps of the " + std::to_string(min_steps) +
         " this run needs, so its scores and pictures say little about the LSTM update";
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
