// Scoring a predictor on the test set, and the picture of what it predicts.
#pragma once

#include <functional>

#include "common/event_file.h"
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

// What the model predicts for the first `sequences` test sequences, each [sequences, T, C, H, W]
// on the CPU: the frames seen, the truth to come, the prediction, and the error
// |prediction - truth| (brighter is worse).
struct Predictions {
  torch::Tensor seen, truth, predicted, error;
};
Predictions predict_test_sequences(EncoderDecoder& model, const MovingMnistData& data, int64_t sequences,
                                   torch::Device device);

// One picture of them: for each sequence four rows, seen, truth, predicted and error.
torch::Tensor prediction_sheet(const Predictions& predictions);

// The four kinds as TensorBoard images (predictions/1_seen ... 4_error), a sequence a row.
void log_predictions(common::EventFile& events, const Predictions& predictions, int64_t step);

}  // namespace convlstm
