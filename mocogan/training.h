// One MoCoGAN training run: the generator, both discriminators, their Adam optimisers, and
// the alternating updates of Tulyakov et al. 2018, Sec. 3.2 (non-saturating GAN loss, BCE on
// logits). Checkpoints hold everything needed to resume exactly.
#pragma once

#include <torch/optim/adam.h>

#include "common/checkpoint.h"
#include "mocogan/models.h"

namespace mocogan {

struct Losses {
  double image_discriminator, video_discriminator, generator;
};

struct GanTraining {
  // instance_noise: the standard deviation of Gaussian noise added to every image and video the
  // discriminators see, real or generated (MoCoGAN's --noise_sigma). It blurs the two
  // distributions into each other, so the discriminators cannot win outright and starve the
  // generator of gradient (Arjovsky and Bottou 2017, Sec. 3.1).
  GanTraining(const ModelOptions& options, MotionLstm lstm, torch::Device device, double instance_noise = 0);

  // One update of D_I and D_V, then one of the generator, on real videos [B, 3, T, S, S] in
  // [-1, 1] and as many generated ones. Throws when a loss is not finite.
  Losses step(const torch::Tensor& real_videos);

  // A checkpoint folder (common/checkpoint.h) of the three models and their optimisers.
  void save_checkpoint(const std::string& folder, const common::RunState& state);
  common::RunState load_checkpoint(const std::string& folder);

  ModelOptions options;
  torch::Device device;
  double instance_noise;
  VideoGenerator generator;
  ImageDiscriminator image_discriminator;
  VideoDiscriminator video_discriminator;
  torch::optim::Adam generator_optimizer, image_optimizer, video_optimizer;

 private:
  common::CheckpointParts checkpoint_parts();  // what a checkpoint holds, by file name
};

// Videos [B, 3, T, S, S] from content codes [B, content_dim] and motion noise [B, motion_dim].
torch::Tensor generate_videos(VideoGenerator& generator, const torch::Tensor& content, const torch::Tensor& noise,
                              int64_t frames);

// The generator's weights, with its options and how it was trained in the metadata.
void save_generator(const std::string& path, VideoGenerator& generator,
                    const std::map<std::string, std::string>& provenance);
// Builds the generator a weight file describes, with `lstm` driving the motion.
VideoGenerator load_generator(const std::string& path, MotionLstm lstm, torch::Device device);

}  // namespace mocogan
