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

torch::Tensor prediction_sheet(EncoderDecoder& model, const MovingMnistData& data, int64_t sequences,
                               torch::Device device) {
  torch::NoGradGuard no_grad;
  model->eval();
  const torch::Tensor clips = data.test(0, sequences);
  const int64_t frames_out = model->options.frames_out, frames_in = clips.size(1) - frames_out;
  const torch::Tensor seen = clips.narrow(1, 0, frames_in), truth = clips.narrow(1, frames_in, frames_out);
  const torch::Tensor predicted = model(seen.to(device)).to(torch::kCPU);
  model->train();
  // Rows of equal length: pad the shorter of seen and predicted with blank frames.
  const int64_t columns = std::max(frames_in, frames_out);
  const auto row = [&](const torch::Tensor& frames) {
    const int64_t blank = columns - frames.size(1);
    if (blank == 0) return frames;
    auto shape = frames.sizes().vec();
    shape[1] = blank;
    return torch::cat({frames, torch::zeros(shape, frames.options())}, 1);
  };
  const torch::Tensor rows = torch::stack({row(seen), row(truth), row(predicted), row((predicted - truth).abs())}, 1);
  return common::tile(rows.flatten(0, 1), 2, 0.5);  // [C, H', W'] on grey
}

}  // namespace convlstm
