#include "convlstm/evaluation.h"

#include "common/image_io.h"

namespace convlstm {

StepMetrics evaluate(EncoderDecoder& model, const MovingMnistData& data, int64_t sequences, int64_t batch,
                     torch::Device device, const std::function<void(int64_t)>& on_batch) {
  torch::NoGradGuard no_grad;
  model->eval();
  const int64_t frames_in = data.frames_in();
  StepMetrics metrics;
  for (int64_t first = 0; first < sequences; first += batch) {
    const torch::Tensor clips = data.test(first, std::min(batch, sequences - first)).to(device);
    metrics.add(model(clips.narrow(1, 0, frames_in)), clips.narrow(1, frames_in, model->options.frames_out));
    if (on_batch) on_batch(std::min(first + batch, sequences));
  }
  model->train();
  return metrics;
}

Baselines score_baselines(const MovingMnistData& data, int64_t sequences, int64_t frames_out, int64_t batch) {
  Baselines b;
  for (int64_t first = 0; first < sequences; first += batch) {
    const torch::Tensor clips = data.test(first, std::min(batch, sequences - first));
    const torch::Tensor truth = clips.narrow(1, data.frames_in(), frames_out);
    const torch::Tensor last = clips.narrow(1, data.frames_in() - 1, 1);
    b.black.add(torch::zeros_like(truth), truth);
    b.last_frame.add(last.expand_as(truth), truth);
  }
  return b;
}

Predictions predict_test_sequences(EncoderDecoder& model, const MovingMnistData& data, int64_t sequences,
                                   torch::Device device) {
  torch::NoGradGuard no_grad;
  model->eval();
  const torch::Tensor clips = data.test(0, sequences);
  const int64_t frames_out = model->options.frames_out, frames_in = clips.size(1) - frames_out;
  Predictions p;
  p.seen = clips.narrow(1, 0, frames_in);
  p.truth = clips.narrow(1, frames_in, frames_out);
  p.predicted = model(p.seen.to(device)).to(torch::kCPU, torch::kFloat);
  p.error = (p.predicted - p.truth).abs();
  model->train();
  return p;
}

torch::Tensor prediction_sheet(const Predictions& p) {
  // Rows of equal length: pad the shorter of seen and predicted with blank frames.
  const int64_t columns = std::max(p.seen.size(1), p.truth.size(1));
  const auto row = [&](const torch::Tensor& frames) {
    const int64_t blank = columns - frames.size(1);
    if (blank == 0) return frames;
    auto shape = frames.sizes().vec();
    shape[1] = blank;
    return torch::cat({frames, torch::zeros(shape, frames.options())}, 1);
  };
  const torch::Tensor rows = torch::stack({row(p.seen), row(p.truth), row(p.predicted), row(p.error)}, 1);
  return common::tile(rows.flatten(0, 1), 2, 0.5);  // [C, H', W'] on grey
}

void log_predictions(common::EventFile& events, const Predictions& p, int64_t step) {
  const std::pair<const char*, const torch::Tensor*> kinds[] = {
      {"predictions/1_seen", &p.seen}, {"predictions/2_truth", &p.truth},
      {"predictions/3_predicted", &p.predicted}, {"predictions/4_error", &p.error}};
  for (const auto& [tag, frames] : kinds) events.add_image(tag, common::tile(*frames, 2, 0.5), step);
}

}  // namespace convlstm
