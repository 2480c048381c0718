// One training step of the predictor, shared by convlstm_train and convlstm_benchmark so that
// the benchmark times exactly what training runs.
#pragma once

#include <torch/optim/optimizer.h>

#include "common/autocast.h"
#include "convlstm/model.h"

namespace convlstm {

// clips [B, frames_in + frames_out, C, H, W] in [0, 1]: predicts the last frames_out frames
// from the first frames_in, then one optimizer step on their mean squared error. The forward
// runs under `precision` (bf16: autocast), the loss and the backward in float32. Returns the
// loss per pixel as a tensor on the model's device, so a caller that does not read it never
// waits for the GPU.
torch::Tensor train_step(EncoderDecoder& model, torch::optim::Optimizer& optimizer, const torch::Tensor& clips,
                         int64_t frames_in, common::Precision precision);

}  // namespace convlstm
