#include "mocogan/models.h"

#include "common/named_value.h"
#include "mocogan/libtorch_lstm.h"
#include "mocogan/spectral_conv.h"

#include <stdexcept>

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>

namespace mocogan {
namespace nn = torch::nn;
using torch::Tensor;

std::map<std::string, std::string> ModelOptions::to_metadata() const {
  return {{"image_size", std::to_string(image_size)},   {"base_channels", std::to_string(base_channels)},
          {"content_dim", std::to_string(content_dim)}, {"motion_dim", std::to_string(motion_dim)},
          {"hidden_size", std::to_string(hidden_size)}};
}

ModelOptions ModelOptions::from_metadata(const std::map<std::string, std::string>& metadata) {
  ModelOptions o;
  const auto read = [&](const char* key, int64_t& value) {
    const auto found = metadata.find(key);
    if (found == metadata.end()) throw std::runtime_error(std::string("the metadata has no '") + key + "'");
    value = std::stoll(found->second);
  };
  read("image_size", o.image_size);
  read("base_channels", o.base_channels);
  read("content_dim", o.content_dim);
  read("motion_dim", o.motion_dim);
  read("hidden_size", o.hidden_size);
  return o;
}

MotionLstm motion_lstm_from_name(const std::string& name) {
  return common::named_value<MotionLstm>("--lstm", name,
                                         {{"student", MotionLstm::student}, {"libtorch", MotionLstm::libtorch}});
}

namespace {

// Upsamplings from 4x4 to image_size.
int64_t doublings(int64_t image_size) {
  int64_t n = 0;
  for (int64_t s = 4; s < image_size; s *= 2) ++n;
  if (image_size < 16 || (int64_t{4} << n) != image_size)
    throw std::runtime_error("image_size must be a power of two, at least 16");
  return n;
}

// Registers the motion network as `motion` and returns it, its run and its init.
template <class LSTMHolder>
std::shared_ptr<nn::Module> attach_lstm(nn::Module& owner, const ModelOptions& o,
                                        std::function<Tensor(const Tensor&, int64_t)>& run,
                                        std::function<void()>& init) {
  auto lstm = owner.register_module("motion", LSTMHolder(o.motion_dim, o.hidden_size));
  run = [lstm](const Tensor& noise, int64_t frames) mutable {
    lstm->init_hidden(noise.size(0));
    return lstm->forward(noise, frames);
  };
  init = [lstm]() mutable { lstm->init_weight(1.0); };
  return lstm;
}

}  // namespace

ImageGeneratorImpl::ImageGeneratorImpl(const ModelOptions& o) {
  const int64_t n = doublings(o.image_size);
  int64_t channels = o.base_channels << (n - 1);
  layers = nn::Sequential(
      nn::ConvTranspose2d(nn::ConvTranspose2dOptions(o.content_dim + o.motion_dim, channels, 4).bias(false)),
      nn::BatchNorm2d(channels), nn::ReLU(true));
  for (int64_t i = 1; i < n; ++i, channels /= 2) {
    layers->push_back(nn::ConvTranspose2d(
        nn::ConvTranspose2dOptions(channels, channels / 2, 4).stride(2).padding(1).bias(false)));
    layers->push_back(nn::BatchNorm2d(channels / 2));
    layers->push_back(nn::ReLU(true));
  }
  layers->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(channels, 3, 4).stride(2).padding(1).bias(false)));
  layers->push_back(nn::Tanh());
  register_module("layers", layers);
}

Tensor ImageGeneratorImpl::forward(const Tensor& z) { return layers->forward(z.view({z.size(0), z.size(1), 1, 1})); }

VideoGeneratorImpl::VideoGeneratorImpl(const ModelOptions& o, MotionLstm lstm) : options(o) {
  if (lstm == MotionLstm::student)
    motion_ = attach_lstm<student::LSTM>(*this, o, run_motion_, init_motion_);
  else
    motion_ = attach_lstm<LibTorchLSTM>(*this, o, run_motion_, init_motion_);
  image = register_module("image", ImageGenerator(o));
}

Tensor VideoGeneratorImpl::motion_codes(const Tensor& noise, int64_t frames) { return run_motion_(noise, frames); }

Tensor VideoGeneratorImpl::sample_motion_codes(const Tensor& noise, int64_t frames) {
  if (noise.size(0) < kSamplingBatch)
    throw std::runtime_error("motion is sampled for batches of at least " + std::to_string(kSamplingBatch) +
                             " videos, not " + std::to_string(noise.size(0)));
  const bool was_training = motion_->is_training();
  motion_->train(true);
  const Tensor codes = run_motion_(noise, frames);
  motion_->train(was_training);
  return codes;
}

Tensor VideoGeneratorImpl::sample(int64_t count, int64_t frames) {
  torch::NoGradGuard no_grad;
  const auto on_device = torch::TensorOptions().device(image->parameters().front().device());
  constexpr int64_t kBatch = 64;
  std::vector<Tensor> batches;
  for (int64_t first = 0; first < count; first += kBatch) {
    const int64_t n = std::min(kBatch, count - first);
    const Tensor content = torch::randn({n, options.content_dim}, on_device);
    const Tensor noise = torch::randn({std::max(n, kSamplingBatch), options.motion_dim}, on_device);
    batches.push_back(render(content, sample_motion_codes(noise, frames).narrow(1, 0, n)));
  }
  return torch::cat(batches);
}

void VideoGeneratorImpl::init_motion_weights() { init_motion_(); }

Tensor VideoGeneratorImpl::render(const Tensor& content, const Tensor& motion) {
  const int64_t frames = motion.size(0), batch = motion.size(1);
  // z(t) = [z_M(t) - mean over the clip of z_M, z_C] (MoCoGAN Sec. 3.1, with z_M centred): the
  // content code repeats in every frame, and the motion code keeps only how it changes. The
  // LSTM reads the same noise every frame, so uncentred it learnt a code that lasts the whole
  // clip, a second content code, and G_I took the colour from it (docs/mocogan.md).
  const Tensor change = motion - motion.mean(0, /*keepdim=*/true);
  const Tensor z = torch::cat({change, content.unsqueeze(0).expand({frames, batch, content.size(1)})}, 2);
  const Tensor images = image(z.reshape({frames * batch, -1}));            // [T*B, 3, S, S]
  return images.view({frames, batch, 3, options.image_size, options.image_size}).permute({1, 2, 0, 3, 4});
}

namespace {

// The discriminators' shared stack: four 4x4 convolutions of stride 2 in space (the last to one
// logit per patch), leaky ReLU between them. Plain: DCGAN's, batch norm after the middle two.
// Spectral: every convolution spectrally normalised (with bias) and no batch norm, as in
// Miyato et al. 2018, whose hinge loss it is trained with.
nn::Sequential discriminator_stack(const ModelOptions& o, DiscriminatorNorm norm, int64_t dims) {
  const int64_t c = o.base_channels;
  const bool spectral = norm == DiscriminatorNorm::spectral;
  // Videos: a kernel of 3 frames with padding 1 keeps time; space halves as for images.
  const std::vector<int64_t> kernel = dims == 2 ? std::vector<int64_t>{4, 4} : std::vector<int64_t>{3, 4, 4};
  const std::vector<int64_t> stride = dims == 2 ? std::vector<int64_t>{2, 2} : std::vector<int64_t>{1, 2, 2};
  const std::vector<int64_t> padding(dims, 1);
  const auto conv = [&](int64_t in, int64_t out) -> nn::AnyModule {
    if (spectral) return nn::AnyModule(SpectralConv(SpectralConvOptions{in, out, kernel, stride, padding}));
    if (dims == 2) return nn::AnyModule(nn::Conv2d(nn::Conv2dOptions(in, out, 4).stride(2).padding(1).bias(false)));
    return nn::AnyModule(
        nn::Conv3d(nn::Conv3dOptions(in, out, {3, 4, 4}).stride({1, 2, 2}).padding({1, 1, 1}).bias(false)));
  };
  const auto leaky = [] { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2).inplace(true)); };
  nn::Sequential layers;
  layers->push_back(conv(3, c));
  layers->push_back(leaky());
  for (const int64_t width : {2 * c, 4 * c}) {
    layers->push_back(conv(width / 2, width));
    if (!spectral) {
      if (dims == 2)
        layers->push_back(nn::BatchNorm2d(width));
      else
        layers->push_back(nn::BatchNorm3d(width));
    }
    layers->push_back(leaky());
  }
  layers->push_back(conv(4 * c, 1));
  return layers;
}

}  // namespace

ImageDiscriminatorImpl::ImageDiscriminatorImpl(const ModelOptions& o, DiscriminatorNorm norm)
    : layers(register_module("layers", discriminator_stack(o, norm, 2))) {}

Tensor ImageDiscriminatorImpl::forward(const Tensor& images) { return layers->forward(images); }

VideoDiscriminatorImpl::VideoDiscriminatorImpl(const ModelOptions& o, DiscriminatorNorm norm)
    : layers(register_module("layers", discriminator_stack(o, norm, 3))) {}

Tensor VideoDiscriminatorImpl::forward(const Tensor& videos) { return layers->forward(videos); }

}  // namespace mocogan
