#include "convlstm/metrics.h"

#include <cmath>

#include <torch/nn/functional/conv.h>

namespace convlstm {

torch::Tensor ssim(const torch::Tensor& x, const torch::Tensor& y) {
  constexpr int64_t size = 11;
  constexpr double sigma = 1.5, c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;  // (K L)^2 with L = 1
  const auto options = x.options().dtype(torch::kFloat64);
  const torch::Tensor offsets = torch::arange(size, options) - (size - 1) / 2.0;
  torch::Tensor g = torch::exp(-offsets * offsets / (2 * sigma * sigma));
  g = g / g.sum();
  const int64_t channels = x.size(1);
  // The 11x11 Gaussian window is the outer product of g with itself, so it blurs as a column
  // pass then a row pass: the same numbers for a fifth of the work.
  const torch::Tensor column = g.view({1, 1, size, 1}).expand({channels, 1, size, 1}).contiguous();
  const torch::Tensor row = g.view({1, 1, 1, size}).expand({channels, 1, 1, size}).contiguous();
  const auto blur = [&](const torch::Tensor& t) {
    const auto per_channel = torch::nn::functional::Conv2dFuncOptions().groups(channels);
    return torch::nn::functional::conv2d(torch::nn::functional::conv2d(t, column, per_channel), row, per_channel);
  };
  const torch::Tensor a = x.to(torch::kFloat64), b = y.to(torch::kFloat64);
  const torch::Tensor mu_a = blur(a), mu_b = blur(b);
  const torch::Tensor var_a = blur(a * a) - mu_a * mu_a, var_b = blur(b * b) - mu_b * mu_b;
  const torch::Tensor covariance = blur(a * b) - mu_a * mu_b;
  const torch::Tensor map = ((2 * mu_a * mu_b + c1) * (2 * covariance + c2)) /
                            ((mu_a * mu_a + mu_b * mu_b + c1) * (var_a + var_b + c2));
  return map.mean({1, 2, 3});
}

void StepMetrics::add(const torch::Tensor& predictions, const torch::Tensor& truth) {
  const torch::Tensor p = predictions.detach().to(torch::kFloat64), t = truth.detach().to(torch::kFloat64);
  const int64_t batch = p.size(0), steps = p.size(1);
  const torch::Tensor error = p - t;
  const torch::Tensor squared = error.pow(2).sum({2, 3, 4});                    // [B, T]
  const torch::Tensor mse_sum = squared.sum(0), mae_sum = error.abs().sum({2, 3, 4}).sum(0);
  const double pixels = static_cast<double>(p.size(2) * p.size(3) * p.size(4));
  // PSNR with peak 1; a perfect frame would be infinite, so the error is floored at 1e-10.
  const torch::Tensor psnr_sum = (10 * torch::log10(1.0 / (squared / pixels).clamp_min(1e-10))).sum(0);
  const torch::Tensor ssim_sum =
      convlstm::ssim(p.flatten(0, 1), t.flatten(0, 1)).view({batch, steps}).sum(0).to(torch::kCPU);
  const auto update = [&](torch::Tensor& mean, const torch::Tensor& sum) {
    const torch::Tensor s = sum.to(torch::kCPU);
    mean = sequences == 0 ? s / batch : (mean * sequences + s) / (sequences + batch);
  };
  update(mse, mse_sum);
  update(mae, mae_sum);
  update(psnr, psnr_sum);
  update(ssim, ssim_sum);
  sequences += batch;
}

}  // namespace convlstm
