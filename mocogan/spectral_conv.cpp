#include "mocogan/spectral_conv.h"

#include <cmath>

#include <torch/nn/init.h>

namespace mocogan {
using torch::Tensor;

namespace {
Tensor unit(const Tensor& x) { return x / (x.norm() + 1e-12); }
}  // namespace

SpectralConvImpl::SpectralConvImpl(const SpectralConvOptions& o) : options(o) {
  std::vector<int64_t> shape{o.out_channels, o.in_channels};
  shape.insert(shape.end(), o.kernel.begin(), o.kernel.end());
  weight = register_parameter("weight", torch::empty(shape));
  // torch.nn.Conv's initialisation: Kaiming-uniform with a = sqrt(5) for the weight, and
  // U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias.
  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  const double bound = 1 / std::sqrt(static_cast<double>(weight[0].numel()));
  bias = register_parameter("bias", torch::empty({o.out_channels}).uniform_(-bound, bound));
  u = register_buffer("u", unit(torch::randn({o.out_channels})));
}

Tensor SpectralConvImpl::normalised_weight() {
  const Tensor matrix = weight.reshape({weight.size(0), -1});  // W as [out, in * kernel]
  Tensor v;
  {
    torch::NoGradGuard no_grad;  // u and v are estimates, not functions of W to differentiate
    v = unit(torch::mv(matrix.t(), u));
    if (is_training()) u.copy_(unit(torch::mv(matrix, v)));
  }
  // u^T W v estimates the top singular value. A copy of u, because the next training forward
  // updates u in place while this one's backward may still need it.
  const Tensor sigma = torch::dot(u.clone(), torch::mv(matrix, v));
  return weight / sigma;
}

Tensor SpectralConvImpl::forward(const Tensor& x) {
  const Tensor w = normalised_weight();
  if (options.kernel.size() == 2) return torch::conv2d(x, w, bias, options.stride, options.padding);
  return torch::conv3d(x, w, bias, options.stride, options.padding);
}

}  // namespace mocogan
