#include "convlstm/patches.h"

#include <stdexcept>
#include <string>

namespace convlstm {

void check_patch_divides(int64_t patch, int64_t height, int64_t width) {
  if (patch < 1 || height % patch != 0 || width % patch != 0)
    throw std::runtime_error("--patch " + std::to_string(patch) + " does not divide the " + std::to_string(height) +
                             "x" + std::to_string(width) + " frames");
}

// ATen's pixel_unshuffle / pixel_shuffle act on the last three dimensions, any batch in front.
torch::Tensor to_patches(const torch::Tensor& frames, int64_t patch) {
  check_patch_divides(patch, frames.size(-2), frames.size(-1));
  return patch == 1 ? frames : torch::pixel_unshuffle(frames, patch);
}

torch::Tensor from_patches(const torch::Tensor& patches, int64_t patch) {
  return patch == 1 ? patches : torch::pixel_shuffle(patches, patch);
}

}  // namespace convlstm
