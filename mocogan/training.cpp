#include "mocogan/training.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <torch/autograd.h>
#include <torch/nn/functional/loss.h>
#include <torch/serialize.h>

#include "common/named_value.h"
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

// A discriminator's loss on its logits for real and for generated inputs.
Tensor discriminator_loss(GanRecipe::Loss loss, const Tensor& real, const Tensor& fake) {
  if (loss == GanRecipe::Loss::bce) return bce(real, true) + bce(fake, false);
  // Miyato et al. 2018, Eq. 16: E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]
  return torch::relu(1 - real).mean() + torch::relu(1 + fake).mean();
}

// The generator's loss on a discriminator's logits for its output.
Tensor generator_loss(GanRecipe::Loss loss, const Tensor& fake) {
  if (loss == GanRecipe::Loss::bce) return bce(fake, true);  // non-saturating: -log D(G(z))
  return -fake.mean();                                         // Miyato et al. 2018, Eq. 17
}

// R1 (Mescheder et al. 2018, Eq. 9): gamma/2 E[|grad_x D(x)|^2] over real inputs x, with the
// graph kept so the penalty itself can be differentiated by the discriminator's weights.
Tensor r1_penalty(double gamma, const Tensor& logits, const Tensor& inputs) {
  const Tensor gradient =
      torch::autograd::grad({logits.sum()}, {inputs}, /*grad_outputs=*/{}, /*retain_graph=*/true,
                            /*create_graph=*/true)[0];
  return gamma / 2 * gradient.pow(2).flatten(1).sum(1).mean();
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

const std::vector<std::pair<std::string, GanRecipe::Loss>> kLossNames{{"bce", GanRecipe::Loss::bce},
                                                                      {"hinge", GanRecipe::Loss::hinge}};

// The hinge loss goes with spectrally normalised discriminators (Miyato et al. 2018).
DiscriminatorNorm norm_for(GanRecipe::Loss loss) {
  return loss == GanRecipe::Loss::hinge ? DiscriminatorNorm::spectral : DiscriminatorNorm::batch;
}

}  // namespace

GanRecipe::Loss gan_loss_from_name(const std::string& name) { return common::named_value("--loss", name, kLossNames); }

std::map<std::string, std::string> GanRecipe::to_metadata() const {
  return {{"loss", common::value_name(loss, kLossNames)},
          {"instance_noise", std::to_string(instance_noise)},
          {"r1_gamma", std::to_string(r1_gamma)},
          {"ema_decay", std::to_string(ema_decay)}};
}

GanTraining::GanTraining(const ModelOptions& o, MotionLstm lstm, torch::Device device, const GanRecipe& recipe)
    : options(o),
      device(device),
      recipe(recipe),
      generator(o, lstm),
      image_discriminator(o, norm_for(recipe.loss)),
      video_discriminator(o, norm_for(recipe.loss)),
      generator_optimizer(generator->parameters(), adam()),
      image_optimizer(image_discriminator->parameters(), adam()),
      video_optimizer(video_discriminator->parameters(), adam()) {
  generator->init_motion_weights();
  generator->to(device);
  image_discriminator->to(device);
  video_discriminator->to(device);
  if (recipe.ema_decay > 0) {
    average_generator = VideoGenerator(o, lstm);
    average_generator->to(device);
    for (auto& p : average_generator->parameters()) p.requires_grad_(false);
    blend_into_average(1);  // starts as the generator
  }
}

VideoGenerator& GanTraining::sampler() { return average_generator ? average_generator : generator; }

void GanTraining::blend_into_average(double weight) {
  torch::NoGradGuard no_grad;
  const auto from = generator->named_parameters(), from_buffers = generator->named_buffers();
  for (auto& p : average_generator->named_parameters()) p.value().lerp_(from[p.key()], weight);
  // Batch norm's running statistics are the latest generator's: they describe its activations.
  for (auto& b : average_generator->named_buffers()) b.value().copy_(from_buffers[b.key()]);
}

void GanTraining::update_average(int64_t updates_done) {
  if (!average_generator) return;
  // The warm-up of TensorFlow's ExponentialMovingAverage: early on, when the first generators
  // are noise, the average forgets faster.
  blend_into_average(1 - std::min(recipe.ema_decay, (1.0 + updates_done) / (10.0 + updates_done)));
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
  const double noise = recipe.instance_noise;
  const auto noisy = [&](const Tensor& x) { return noise > 0 ? x + noise * torch::randn_like(x) : x; };
  Tensor real_images = noisy(random_frames(real_videos, which)), real_clips = noisy(real_videos);
  const Tensor fake_images = noisy(random_frames(fake_videos, which));
  const Tensor fake_clips = noisy(fake_videos);
  const bool r1 = recipe.r1_gamma > 0;
  if (r1) {
    real_images = real_images.detach().requires_grad_(true);
    real_clips = real_clips.detach().requires_grad_(true);
  }

  // Discriminators on real and on generated inputs; the generator is held still (detach).
  image_optimizer.zero_grad();
  video_optimizer.zero_grad();
  const Tensor real_image_logits = image_discriminator(real_images), real_clip_logits = video_discriminator(real_clips);
  const Tensor image_d_loss =
      discriminator_loss(recipe.loss, real_image_logits, image_discriminator(fake_images.detach()));
  const Tensor video_d_loss = discriminator_loss(recipe.loss, real_clip_logits, video_discriminator(fake_clips.detach()));
  Tensor d_total = image_d_loss + video_d_loss;
  if (r1)
    d_total = d_total + r1_penalty(recipe.r1_gamma, real_image_logits, real_images) +
              r1_penalty(recipe.r1_gamma, real_clip_logits, real_clips);
  d_total.backward();
  image_optimizer.step();
  video_optimizer.step();

  // Generator: make both discriminators call its images and videos real.
  generator_optimizer.zero_grad();
  const Tensor g_loss = generator_loss(recipe.loss, image_discriminator(fake_images)) +
                        generator_loss(recipe.loss, video_discriminator(fake_clips));
  g_loss.backward();
  generator_optimizer.step();
  update_average(updates_++);
  return {finite(image_d_loss, "image discriminator's"), finite(video_d_loss, "video discriminator's"),
          finite(g_loss, "generator's")};
}

common::CheckpointParts GanTraining::checkpoint_parts() {
  common::CheckpointParts parts{{{"generator", generator.get()},
                                 {"image_discriminator", image_discriminator.get()},
                                 {"video_discriminator", video_discriminator.get()}},
                                {{"generator", &generator_optimizer},
                                 {"image_discriminator", &image_optimizer},
                                 {"video_discriminator", &video_optimizer}}};
  if (average_generator) parts.modules.emplace_back("average_generator", average_generator.get());
  return parts;
}

// A run resumes only with the model and the loss it was started with (the loss decides the
// discriminators' layers); instance noise, R1 and the average's decay may change between legs.
std::map<std::string, std::string> GanTraining::checkpoint_metadata() const {
  auto metadata = options.to_metadata();
  metadata["loss"] = recipe.to_metadata().at("loss");
  return metadata;
}

void GanTraining::save_checkpoint(const std::string& folder, const common::RunState& state) {
  common::save_checkpoint(folder, checkpoint_parts(), state, checkpoint_metadata());
}

common::RunState GanTraining::load_checkpoint(const std::string& folder) {
  const common::RunState state = common::load_checkpoint(folder, checkpoint_parts(), checkpoint_metadata());
  updates_ = state.step;
  return state;
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

int64_t trained_frames(const std::string& path) {
  const auto metadata = load_safetensors(path).metadata;
  const auto found = metadata.find("frames");
  if (found == metadata.end()) throw std::runtime_error(path + ": the metadata does not say how many frames it was trained on: give --frames");
  return std::stoll(found->second);
}

}  // namespace mocogan
