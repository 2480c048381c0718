// One MoCoGAN training run: the generator, both discriminators, their Adam optimisers, and
// the alternating updates of Tulyakov et al. 2018, Sec. 3.2, with the levers of the recipe
// below. Checkpoints hold everything needed to resume exactly.
#pragma once

#include <torch/optim/adam.h>

#include "common/checkpoint.h"
#include "mocogan/models.h"

namespace mocogan {

struct Losses {
  double image_discriminator, video_discriminator, generator;
};

// How a run trains; the defaults are the paper's.
struct GanRecipe {
  // The loss. bce: the non-saturating GAN loss on logits, with DCGAN's batch-norm
  // discriminators (Goodfellow et al. 2014; the paper's). hinge: the hinge loss with spectrally
  // normalised discriminators (Miyato et al. 2018, Eq. 16 and 17), whose discriminators cannot
  // saturate: a patch already called real past the margin gives no more gradient.
  enum class Loss { bce, hinge } loss = Loss::bce;
  // The standard deviation of Gaussian noise added to every image and video the
  // discriminators see, real or generated (MoCoGAN's --noise_sigma). It blurs the two
  // distributions into each other, so the discriminators cannot win outright and starve the
  // generator of gradient (Arjovsky and Bottou 2017, Sec. 3.1).
  double instance_noise = 0;
  // gamma of the R1 penalty, gamma/2 E[|grad_x D(x)|^2] on real images and clips (Mescheder et
  // al. 2018, Eq. 9): it keeps the discriminators flat on the data, where GAN training
  // converges instead of circling. 0: off.
  double r1_gamma = 0;
  // Decay of an exponential moving average of the generator's weights (Karras et al. 2018,
  // Yazici et al. 2019), which samples and the saved weights use: the average of the last few
  // hundred generators, without the noise of the latest update. 0: off.
  double ema_decay = 0;
  std::map<std::string, std::string> to_metadata() const;  // for checkpoints and weight files
};
GanRecipe::Loss gan_loss_from_name(const std::string& name);  // "bce" or "hinge"; throws otherwise

struct GanTraining {
  GanTraining(const ModelOptions& options, MotionLstm lstm, torch::Device device, const GanRecipe& recipe = {});

  // One update of D_I and D_V, then one of the generator (and of its average), on real videos
  // [B, 3, T, S, S] in [-1, 1] and as many generated ones. Throws when a loss is not finite.
  Losses step(const torch::Tensor& real_videos);

  // The generator to sample from: the moving average when the recipe keeps one, else the
  // trained generator itself.
  VideoGenerator& sampler();

  // A checkpoint folder (common/checkpoint.h) of the three models and their optimisers.
  void save_checkpoint(const std::string& folder, const common::RunState& state);
  common::RunState load_checkpoint(const std::string& folder);

  ModelOptions options;
  torch::Device device;
  GanRecipe recipe;
  VideoGenerator generator;
  VideoGenerator average_generator{nullptr};  // the moving average, when recipe.ema_decay > 0
  ImageDiscriminator image_discriminator;
  VideoDiscriminator video_discriminator;
  torch::optim::Adam generator_optimizer, image_optimizer, video_optimizer;

 private:
  common::CheckpointParts checkpoint_parts();  // what a checkpoint holds, by file name
  std::map<std::string, std::string> checkpoint_metadata() const;
  void update_average(int64_t updates_done);
  void blend_into_average(double weight);  // average += weight * (generator - average); buffers copied
  int64_t updates_ = 0;  // generator updates so far in this process (the average's warm-up)
};

// Videos [B, 3, T, S, S] from content codes [B, content_dim] and motion noise [B, motion_dim].
torch::Tensor generate_videos(VideoGenerator& generator, const torch::Tensor& content, const torch::Tensor& noise,
                              int64_t frames);

// The generator's weights, with its options and how it was trained in the metadata.
void save_generator(const std::string& path, VideoGenerator& generator,
                    const std::map<std::string, std::string>& provenance);
// Builds the generator a weight file describes, with `lstm` driving the motion.
VideoGenerator load_generator(const std::string& path, MotionLstm lstm, torch::Device device);
// How many frames the videos it was trained on had (its metadata's "frames").
int64_t trained_frames(const std::string& path);

}  // namespace mocogan
