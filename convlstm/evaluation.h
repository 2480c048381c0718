// Scoring a predictor on the test set, and the picture of what it predicts.
#pragma once

#include <functional>

#include "convlstm/dataset.h"
#include "convlstm/metrics.h"
#include "convlstm/model.h"

namespace convlstm {

// Runs the model (in eval mode, without gradients) on the first `sequences` test sequences.
// `on_batch(done)` is told how many are done, for a progress bar.
StepMetrics evaluate(EncoderDecoder& model, const MovingMnistData& data, int64_t sequences, int64_t batch,
                     torch::Device device, const std::function<void(int64_t)>& on_batch = {});

// Two predictions that need no model, to read a model's scores against: black frames, and
// the last frame seen repeated. Same sequences as evaluate().
struct Baselines {
  StepMetrics black, last_frame;
};
Baselines score_baselines(const MovingMnistData& data, int64_t sequences, int64_t frames_out, int64_t batch);

// For each of the first `sequences` test sequences, four rows: the frames seen, the truth to
// come, the prediction, and the error |prediction - truth| (brighter is worse).
torch::Tensor prediction_sheet(EncoderDecoder& model, const MovingMnistData& data, int64_t sequences,
                               torch::Device device);

}  // namespace convlstm
