// MoCoGAN (Tulyakov et al., CVPR 2018): a video is a sequence of images, each generated from
// z = [z_M(t), z_C]: one content code z_C per video, and motion codes z_M(t) that the
// student's LSTM unrolls from noise (centred over the clip: see render). Two discriminators
// judge single frames and whole clips.
#pragma once

#include <functional>
#include <map>
#include <string>

#include <torch/nn/modules/container/sequential.h>

#include "layers/layers.h"

namespace mocogan {

struct ModelOptions {
  int64_t image_size = 64;     // a power of two, at least 16
  int64_t base_channels = 64;  // the width of the largest-resolution layers
  int64_t content_dim = 50;    // z_C
  int64_t motion_dim = 10;     // z_M, the LSTM's input and output size
  int64_t hidden_size = 100;   // the LSTM's
  // As strings, for a weight file's metadata, and back.
  std::map<std::string, std::string> to_metadata() const;
  static ModelOptions from_metadata(const std::map<std::string, std::string>& metadata);
};

// Whose LSTM drives the motion: the student's (student/submitted.cpp), or one built from
// LibTorch's own modules (mocogan/libtorch_lstm.h).
enum class MotionLstm { student, libtorch };

// The fewest videos whose motion is drawn together when sampling (see sample_motion_codes).
constexpr int64_t kSamplingBatch = 16;
MotionLstm motion_lstm_from_name(const std::string& name);  // "student" or "libtorch"; throws otherwise

// G_I: z [N, content_dim + motion_dim] -> images [N, 3, S, S] in [-1, 1]. DCGAN's stack of
// 4x4 transposed convolutions, each doubling the size, with batch norm and ReLU; tanh last.
struct ImageGeneratorImpl : torch::nn::Module {
  explicit ImageGeneratorImpl(const ModelOptions& options);
  torch::Tensor forward(const torch::Tensor& z);
  torch::nn::Sequential layers{nullptr};
};
TORCH_MODULE(ImageGenerator);

// The whole generator: motion network (an LSTM of the chosen layers) plus G_I.
struct VideoGeneratorImpl : torch::nn::Module {
  VideoGeneratorImpl(const ModelOptions& options, MotionLstm lstm);
  // noise [batch, motion_dim] -> z_M [frames, batch, motion_dim]. Starts from a zero state.
  torch::Tensor motion_codes(const torch::Tensor& noise, int64_t frames);
  // motion_codes for showing, from a module in eval mode: the motion network still normalises
  // each frame's codes over the batch, as in training, because its BatchNorm's running
  // averages mix all frames and push the first ones off their distribution (they render
  // dark). So noise needs a batch of at least kSamplingBatch for steady statistics.
  torch::Tensor sample_motion_codes(const torch::Tensor& noise, int64_t frames);
  // z_C [batch, content_dim], z_M [frames, batch, motion_dim] -> videos [batch, 3, frames, S, S].
  // Whole clips at once: each frame sees z_M less its mean over the clip, so whatever in z_M
  // stays the same for the whole clip changes nothing.
  torch::Tensor render(const torch::Tensor& content, const torch::Tensor& motion);
  // `count` videos [count, 3, frames, S, S] of fresh content and motion, drawn from torch's
  // global generator on the parameters' device, in batches of 64, without recording gradients.
  torch::Tensor sample(int64_t count, int64_t frames);
  // The LSTM's init_weight: Xavier, with forget bias 1.
  void init_motion_weights();

  ModelOptions options;
  ImageGenerator image{nullptr};

 private:
  std::shared_ptr<torch::nn::Module> motion_;  // the LSTM, whichever layers it is
  std::function<torch::Tensor(const torch::Tensor&, int64_t)> run_motion_;
  std::function<void()> init_motion_;
};
TORCH_MODULE(VideoGenerator);

// How the discriminators keep their layers in range: DCGAN's batch norm, or spectral
// normalisation of every convolution (mocogan/spectral_conv.h), which goes with the hinge loss.
enum class DiscriminatorNorm { batch, spectral };

// D_I: images [N, 3, S, S] -> a logit for each patch [N, 1, S/16, S/16].
struct ImageDiscriminatorImpl : torch::nn::Module {
  ImageDiscriminatorImpl(const ModelOptions& options, DiscriminatorNorm norm);
  torch::Tensor forward(const torch::Tensor& images);
  torch::nn::Sequential layers{nullptr};
};
TORCH_MODULE(ImageDiscriminator);

// D_V: videos [N, 3, T, S, S] -> a logit for each space-time patch. 3-D convolutions that
// halve space and keep time, so motion over the whole clip is judged.
struct VideoDiscriminatorImpl : torch::nn::Module {
  VideoDiscriminatorImpl(const ModelOptions& options, DiscriminatorNorm norm);
  torch::Tensor forward(const torch::Tensor& videos);
  torch::nn::Sequential layers{nullptr};
};
TORCH_MODULE(VideoDiscriminator);

}  // namespace mocogan
