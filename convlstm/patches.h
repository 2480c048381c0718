// Space-to-depth: each p x p block of a frame becomes p*p channels of one coarser pixel, as
// PredRNN (Wang et al., NeurIPS 2017) and the OpenSTL benchmark feed Moving MNIST to recurrent
// predictors. At patch 4 a 64x64x1 frame becomes 16x16x16: every convolution then covers 4x
// the distance and costs a sixteenth per channel, so the same compute buys a wider, deeper
// model. Patch 1 is the identity (the tutorial's model).
#pragma once

#include <torch/types.h>

namespace convlstm {

// Throws one line unless `patch` divides both sides of a height x width frame.
void check_patch_divides(int64_t patch, int64_t height, int64_t width);

// frames [B, T, C, H, W] -> [B, T, C*p*p, H/p, W/p]
torch::Tensor to_patches(const torch::Tensor& frames, int64_t patch);
// The inverse: [B, T, C*p*p, H/p, W/p] -> [B, T, C, H, W]
torch::Tensor from_patches(const torch::Tensor& patches, int64_t patch);

}  // namespace convlstm
