#include "mocogan/training.h"

#include <cmath>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <torch/nn/functional/loss.h>
#include <torch/serialize.h>

#include "common/safetensors.h"

namespace mocogan {
using common::load_into;
using common::load_safetensors;
using common::module_tensors;
using common::Safetensors;
using common::save_safetensors;

namespace {

using torch::Tensor;

torch::optim::AdamOptions adam() { return torch::optim::AdamOptions(2e-4).betas({0.5, 0.999}); }

// BCE with logits against an all-real or all-fake target, averaged over every patch.
Tensor bce(const Tensor& logits, bool real) {
  return torch::nn::functional::binary_cross_entropy_with_logits(
      logits, real ? torch::ones_like(logits) : torch::zeros_like(logits));
}

// One random frame of each video: D_I sees images [B, 3, S, S].
Tensor random_frames(const Tensor& videos, const Tensor& index) {
  const Tensor batch = torch::arange(videos.size(0), index.options());
  return videos.transpose(1, 2).index({batch, index});
}

double finite(const Tensor& loss, const char* name) {
  const double value = loss.item<double>();
  if (!std::isfinite(value)) throw std::runtime_error(std::string("training diverged: the ") + name + " loss is " +
                                                      std::to_string(value));
  return value;
}

}  // namespace

GanTraining::GanTraining(const ModelOptions& o, MotionLstm lstm, torch::Device device, double instance_noise)
    : options(o),
      device(device),
      instance_noise(instance_noise),
      generator(o, lstm),
      image_discriminator(o),
      video_discriminator(o),
      generator_optimizer(generator->parameters(), adam()),
      image_optimizer(image_discriminator->parameters(), adam()),
      video_optimizer(video_discriminator->parameters(), adam()) {
  generator->init_motion_weights();
  generator->to(device);
  image_discriminator->to(device);
  video_discriminator->to(device);
}

Tensor generate_videos(VideoGenerator& generator, const Tensor& content, const Tensor& noise, int64_t frames) {
  return generator->render(content, generator->motion_codes(noise, frames));
}

Losses GanTraining::step(const Tensor& real_videos) {
  const int64_t batch = real_videos.size(0), frames = real_videos.size(2);
  const auto on_device = torch::TensorOptions().device(device);
  const Tensor fake_videos = generate_videos(generator, torch::randn({batch, options.content_dim}, on_device),
                                             torch::randn({batch, options.motion_dim}, on_device), frames);
  const Tensor which = torch::randint(frames, {batch}, on_device.dtype(torch::kLong));
  const auto noisy = [&](const Tensor& x) { return instance_noise > 0 ? x + instance_noise * torch::randn_like(x) : x; };
  const Tensor real_images = noisy(random_frames(real_videos, which));
  const Tensor fake_images = noisy(random_frames(fake_videos, which));
  const Tensor real_clips = noisy(real_videos), fake_clips = noisy(fake_videos);

  // Discriminators: real is 1, generated is 0; the generator is held still (detach).
  image_optimizer.zero_grad();
  video_optimizer.zero_grad();
  const Tensor image_d_loss =
      bce(image_discriminator(real_images), true) + bce(image_discriminator(fake_images.detach()), false);
  const Tensor video_d_loss =
      bce(video_discriminator(real_clips), true) + bce(video_discriminator(fake_clips.detach()), false);
  (image_d_loss + video_d_loss).backward();
  image_optimizer.step();
  video_optimizer.step();

  // Generator: make both discriminators call its images and videos real.
  generator_optimizer.zero_grad();
  const Tensor generator_loss = bce(image_discriminator(fake_images), true) + bce(video_discriminator(fake_clips), true);
  generator_loss.backward();
  generator_optimizer.step();
  return {finite(image_d_loss, "image discriminator's"), finite(video_d_loss, "video discriminator's"),
          finite(generator_loss, "generator's")};
}

common::CheckpointParts GanTraining::checkpoint_parts() {
  return {{{"generator", generator.get()},
           {"image_discriminator", image_discriminator.get()},
           {"video_discriminator", video_discriminator.get()}},
          {{"generator", &generator_optimizer},
           {"image_discriminator", &image_optimizer},
           {"video_discriminator", &video_optimizer}}};
}

void GanTraining::save_checkpoint(const std::string& folder, const common::RunState& state) {
  common::save_checkpoint(folder, checkpoint_parts(), state, options.to_metadata());
}

common::RunState GanTraining::load_checkpoint(const std::string& folder) {
  return common::load_checkpoint(folder, checkpoint_parts(), options.to_metadata());
}

void save_generator(const std::string& path, VideoGenerator& generator,
                    const std::map<std::string, std::string>& provenance) {
  auto metadata = generator->options.to_metadata();
  metadata.insert(provenance.begin(), provenance.end());
  save_safetensors(path, {module_tensors(*generator).tensors, metadata});
}

VideoGenerator load_generator(const std::string& path, MotionLstm lstm, torch::Device device) {
  const Safetensors file = load_safetensors(path);
  ModelOptions options;
  try {
    options = ModelOptions::from_metadata(file.metadata);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not a MoCoGAN generator (" + e.what() + ")");
  }
  VideoGenerator generator(options, lstm);
  load_into(*generator, file, path);
  generator->to(device);
  return generator;
}

}  // namespace mocogan
