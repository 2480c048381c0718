#include "mocogan/content_distance.h"

namespace mocogan {

double average_content_distance(const torch::Tensor& videos) {
  const torch::Tensor rgb = (videos.detach().to(torch::kCPU, torch::kFloat32) + 1) / 2;  // [N, 3, T, S, S]
  // The shape is whatever stands out from the black background.
  const torch::Tensor mask = (std::get<0>(rgb.max(1, true)) > 0.25).to(torch::kFloat32);  // [N, 1, T, S, S]
  const torch::Tensor pixels = mask.sum({3, 4});                                        // [N, 1, T]
  const torch::Tensor colour = (rgb * mask).sum({3, 4}) / pixels.clamp_min(1);         // [N, 3, T]
  const torch::Tensor step = (colour.narrow(2, 1, colour.size(2) - 1) - colour.narrow(2, 0, colour.size(2) - 1))
                                 .norm(2, 1);                                            // [N, T-1]
  // Frames where the shape vanished have no colour: leave those steps out.
  const torch::Tensor seen = (pixels.narrow(2, 1, pixels.size(2) - 1) > 0) & (pixels.narrow(2, 0, pixels.size(2) - 1) > 0);
  const torch::Tensor counted = seen.squeeze(1).to(torch::kFloat32);
  return ((step * counted).sum() / counted.sum().clamp_min(1)).item<double>();
}

}  // namespace mocogan
