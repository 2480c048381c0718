#include "mocogan/content_distance.h"

#include <stdexcept>

namespace mocogan {

namespace {

struct ShapeColours {
  torch::Tensor colour;   // [N, 3, T], the mean colour of the shape's pixels in each frame
  torch::Tensor visible;  // [N, T], 1 where the frame shows a shape, else 0
};

ShapeColours shape_colours(const torch::Tensor& videos) {
  const torch::Tensor rgb = (videos.detach().to(torch::kCPU, torch::kFloat32) + 1) / 2;  // [N, 3, T, S, S]
  // The shape is whatever stands out from the black background.
  const torch::Tensor mask = (std::get<0>(rgb.max(1, true)) > 0.25).to(torch::kFloat32);  // [N, 1, T, S, S]
  const torch::Tensor pixels = mask.sum({3, 4});                                        // [N, 1, T]
  return {(rgb * mask).sum({3, 4}) / pixels.clamp_min(1), (pixels.squeeze(1) > 0).to(torch::kFloat32)};
}

}  // namespace

double average_content_distance(const torch::Tensor& videos) {
  const auto [colour, visible] = shape_colours(videos);
  const int64_t steps = colour.size(2) - 1;
  const torch::Tensor step = (colour.narrow(2, 1, steps) - colour.narrow(2, 0, steps)).norm(2, 1);  // [N, T-1]
  // Frames where the shape vanished have no colour: leave those steps out.
  const torch::Tensor counted = visible.narrow(1, 1, steps) * visible.narrow(1, 0, steps);
  return ((step * counted).sum() / counted.sum().clamp_min(1)).item<double>();
}

double colour_spread(const torch::Tensor& videos) {
  if (videos.size(0) < 2) throw std::invalid_argument("colour_spread needs at least two videos");
  const auto [colour, visible] = shape_colours(videos);
  // Each video's colour: the mean over the frames that show its shape. A video that shows
  // nothing has no colour and is left out of the pairs.
  const torch::Tensor frames_seen = visible.sum(1);                                              // [N]
  const torch::Tensor video_colour = (colour * visible.unsqueeze(1)).sum(2) / frames_seen.clamp_min(1).unsqueeze(1);
  const torch::Tensor seen = (frames_seen > 0).to(torch::kFloat32);
  const torch::Tensor pair_counted = seen.unsqueeze(0) * seen.unsqueeze(1) * (1 - torch::eye(videos.size(0)));
  const torch::Tensor distance = torch::cdist(video_colour, video_colour);                      // [N, N]
  return ((distance * pair_counted).sum() / pair_counted.sum().clamp_min(1)).item<double>();
}

}  // namespace mocogan
