// One training step of the predictor, shared by convlstm_train and convlstm_benchmark so that
// the benchmark times exactly what training runs.
#pragma once

#include <string>

#include <torch/optim/optimizer.h>

#include "common/autocast.h"
#include "convlstm/model.h"

namespace convlstm {

// What training minimises between predicted and true frames, per pixel.
//  mse: squared error of the predicted intensities, as the seed tutorial does.
//  bce: binary cross-entropy of the sigmoid's logits, the truth's intensities as targets, as
//       Srivastava et al. trained on Moving MNIST. Its gradient, sigmoid(z) - y, does not vanish
//       where the sigmoid saturates, so a model that has learned black frames keeps learning.
enum class Loss { mse, bce };
Loss loss_from_name(const std::string& name);

// How the learning rate moves over a run.
//  constant: the peak rate throughout.
//  cosine:   from the peak down to zero along half a cosine (SGDR, Loshchilov & Hutter 2017,
//            eq. 5, one cycle, eta_min 0): the last steps are small and settle the weights.
enum class Schedule { constant, cosine };
Schedule schedule_from_name(const std::string& name);

// The learning rate once `progress`, the fraction of the run done, is in [0, 1].
double scheduled_learning_rate(Schedule schedule, double peak, double progress);

// Whether a run budgeted by time does the steps it needs to learn. A busy or slow CPU can give
// a 12-minute budget a tenth of the steps the lab's result needs, and the pictures then say
// nothing about the student's update: the trainer warns while there is time to act, and both
// trainer and evaluator mark such a result as too short to judge.
struct Pace {
  int64_t min_steps = 0;      // 0: any number of steps means something
  double budget_seconds = 0;  // 0: no time budget
  int64_t threads = 0;        // CPU threads the run uses, named in the advice

  // After `steps` steps in `seconds` (this run's, from step `first`): a warning with what to do
  // when at this rate the budget ends with fewer than min_steps, else "".
  std::string warning(int64_t first, int64_t steps, double seconds, double budget_left) const;
  // Once the run ended at `steps`: "too short to judge ..." when under min_steps, else "".
  std::string verdict(int64_t steps) const;
};

// clips [B, frames_in + frames_out, C, H, W] in [0, 1]: predicts the last frames_out frames
// from the first frames_in (a next-frame model also each seen frame from those before it), then
// one optimizer step on `loss` over every prediction. The forward runs under
// `precision` (bf16: autocast), the loss and the backward in float32. Returns the mean squared
// error per pixel of the future frames, whatever the loss, as a tensor on the model's device,
// so a caller that does not read it never waits for the GPU.
torch::Tensor train_step(EncoderDecoder& model, torch::optim::Optimizer& optimizer, const torch::Tensor& clips,
                         int64_t frames_in, common::Precision precision, Loss loss = Loss::mse);

}  // namespace convlstm
