// Writing what people look at: PNG stills (stb_image_write) and animated GIFs (giflib).
// Images are float tensors in [0, 1] on any device: [3, H, W] (RGB), [1, H, W] or [H, W] (grey).
#pragma once

#include <string>

#include <torch/types.h>

namespace common {

// A PNG (or any format stb_image reads) as grey levels: uint8 [H, W]. Throws naming the path.
torch::Tensor read_grey_image(const std::string& path);

// Throws std::runtime_error naming the path when it cannot be written.
void write_png(const std::string& path, const torch::Tensor& image);

// The PNG file write_png would write, in memory (for TensorBoard's image summaries).
struct EncodedPng {
  std::string bytes;
  int height = 0, width = 0, channels = 0;  // channels: 1 grey, 3 RGB
};
EncodedPng encode_png(const torch::Tensor& image);

// frames [T, 3, H, W] or [T, H, W]; `delay_ms` per frame (GIF counts hundredths of a second);
// loops forever. Each frame gets its own 256-colour palette.
void write_gif(const std::string& path, const torch::Tensor& frames, int delay_ms = 125);

// Nearest-neighbour enlargement of the last two dimensions by `factor`, so small frames stay
// crisp when viewed.
torch::Tensor enlarge(const torch::Tensor& images, int64_t factor);

// images [rows, cols, C, H, W] -> one sheet [C, rows*(H+gap)+gap, cols*(W+gap)+gap] on a
// background of `background` (0 black, 1 white).
torch::Tensor tile(const torch::Tensor& images, int64_t gap = 2, double background = 1.0);

}  // namespace common
