// A convolution whose weight is divided by its largest singular value before every use
// (spectral normalisation, Miyato et al., ICLR 2018, Eq. 8), so the layer is 1-Lipschitz and
// a discriminator built from them cannot sharpen its decision faster than the generator can
// follow. The singular value is estimated by one power iteration per training forward
// (Miyato et al., Algorithm 1), carried over from call to call in the buffer `u`.
#pragma once

#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace mocogan {

struct SpectralConvOptions {
  int64_t in_channels, out_channels;
  std::vector<int64_t> kernel, stride, padding;  // two numbers for images, three for videos
};

struct SpectralConvImpl : torch::nn::Module {
  explicit SpectralConvImpl(const SpectralConvOptions& options);
  // x [N, in, H, W] or [N, in, T, H, W], as the kernel's length says.
  torch::Tensor forward(const torch::Tensor& x);
  // The weight divided by its spectral norm; in training mode u first takes one power step.
  torch::Tensor normalised_weight();

  SpectralConvOptions options;
  torch::Tensor weight, bias, u;  // u [out]: the running estimate of the top left singular vector
};
TORCH_MODULE(SpectralConv);

}  // namespace mocogan
