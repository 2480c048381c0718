// Video prediction metrics per predicted step, as the OpenSTL benchmark reports them for
// Moving MNIST: MSE and MAE summed over a frame's pixels (values in [0, 1]), then averaged
// over sequences; SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5) and PSNR
// averaged over sequences.
#pragma once

#include <torch/types.h>

namespace convlstm {

struct StepMetrics {
  torch::Tensor mse, mae, ssim, psnr;  // [T_out] each, float64, means over the sequences seen
  int64_t sequences = 0;

  // predictions and truth [B, T_out, C, H, W] in [0, 1]
  void add(const torch::Tensor& predictions, const torch::Tensor& truth);
};

// Mean SSIM of each image: x, y [N, C, H, W] in [0, 1] -> [N]. Windows lie wholly inside.
torch::Tensor ssim(const torch::Tensor& x, const torch::Tensor& y);

}  // namespace convlstm
