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

GanTraining::GanTraining(const ModelOptions& o, Layers layers, torch::Device device, double instance_noise)
    : options(o),
      device(device),
      instance_noise(instance_noise),
      generator(o, layers),
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

void GanTraining::save_checkpoint(const std::string& folder, int64_t iteration) {
  auto metadata = options.to_metadata();
  save_safetensors(folder + "/generator.safetensors", {module_tensors(*generator).tensors, metadata});
  save_safetensors(folder + "/image_discriminator.safetensors", {module_tensors(*image_discriminator).tensors, metadata});
  save_safetensors(folder + "/video_discriminator.safetensors", {module_tensors(*video_discriminator).tensors, metadata});
  // Adam's moments only matter for resuming on this machine, so LibTorch's own format will do.
  torch::save(generator_optimizer, folder + "/generator_adam.pt");
  torch::save(image_optimizer, folder + "/image_discriminator_adam.pt");
  torch::save(video_optimizer, folder + "/video_discriminator_adam.pt");
  std::ofstream(folder + "/state.json") << nlohmann::json{{"iteration", iteration}}.dump() << "\n";
}

int64_t GanTraining::load_checkpoint(const std::string& folder) {
  std::ifstream state_file(folder + "/state.json");
  if (!state_file) throw std::runtime_error(folder + " holds no checkpoint (no state.json)");
  int64_t iteration = 0;
  try {
    iteration = nlohmann::json::parse(state_file).at("iteration").get<int64_t>();
  } catch (const std::exception&) {
    throw std::runtime_error(folder + "/state.json is not a checkpoint's state");
  }
  const auto load = [&](torch::nn::Module& module, const std::string& name) {
    const std::string path = folder + "/" + name + ".safetensors";
    const Safetensors file = load_safetensors(path);
    if (ModelOptions::from_metadata(file.metadata).to_metadata() != options.to_metadata())
      throw std::runtime_error(path + ": trained with other model options than these flags give");
    load_into(module, file, path);
  };
  load(*generator, "generator");
  load(*image_discriminator, "image_discriminator");
  load(*video_discriminator, "video_discriminator");
  torch::load(generator_optimizer, folder + "/generator_adam.pt");
  torch::load(image_optimizer, folder + "/image_discriminator_adam.pt");
  torch::load(video_optimizer, folder + "/video_discriminator_adam.pt");
  return iteration;
}

void save_generator(const std::string& path, VideoGenerator& generator,
                    const std::map<std::string, std::string>& provenance) {
  auto metadata = generator->options.to_metadata();
  metadata.insert(provenance.begin(), provenance.end());
  save_safetensors(path, {module_tensors(*generator).tensors, metadata});
}

VideoGenerator load_generator(const std::string& path, Layers layers, torch::Device device) {
  const Safetensors file = load_safetensors(path);
  ModelOptions options;
  try {
    options = ModelOptions::from_metadata(file.metadata);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not a MoCoGAN generator (" + e.what() + ")");
  }
  VideoGenerator generator(options, layers);
  load_into(*generator, file, path);
  generator->to(device);
  return generator;
}

}  // namespace mocogan
