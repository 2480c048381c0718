// The MoCoGAN paper's synthetic "shape motion" videos (Tulyakov et al. 2018, Sec. 4): a circle
// or a square of some size and colour (the content) sliding left-right or top-bottom and
// bouncing off the edges (the motion). Content and motion vary independently, so a generator
// that learns them apart shows it plainly.
#pragma once

#include <array>

#include "layers/layers.h"

namespace mocogan {

// What the videos can contain, as fractions of the frame's side S where they are lengths.
namespace shape_motion {
constexpr std::array<std::array<float, 3>, 6> kPalette = {{{1.f, .2f, .2f}, {.2f, 1.f, .2f}, {.3f, .4f, 1.f},
                                                           {1.f, 1.f, .2f}, {1.f, .3f, 1.f}, {.2f, 1.f, 1.f}}};
constexpr double kRadiusMin = 0.10, kRadiusMax = 0.18;  // a circle's radius, half a square's side
constexpr double kSpeedMin = 0.03, kSpeedMax = 0.06;    // along the motion's axis, per frame
}  // namespace shape_motion

// `count` videos [count, 3, frames, size, size] in [-1, 1], drawn from torch's global
// generator (seed it with torch::manual_seed for a fixed set).
torch::Tensor shape_motion_videos(int64_t count, int64_t frames, int64_t size);

// start + velocity * t folded back into [low, high], as a ball bouncing between two walls.
torch::Tensor bounce(const torch::Tensor& start, const torch::Tensor& velocity, const torch::Tensor& t,
                     const torch::Tensor& low, const torch::Tensor& high);

}  // namespace mocogan
