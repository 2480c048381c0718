// The MoCoGAN paper's synthetic "shape motion" videos (Tulyakov et al. 2018, Sec. 4): a circle
// or a square of some size and colour (the content) sliding left-right or top-bottom and
// bouncing off the edges (the motion). Content and motion vary independently, so a generator
// that learns them apart shows it plainly.
#pragma once

#include "layers/layers.h"

namespace mocogan {

// `count` videos [count, 3, frames, size, size] in [-1, 1], drawn from torch's global
// generator (seed it with torch::manual_seed for a fixed set).
torch::Tensor shape_motion_videos(int64_t count, int64_t frames, int64_t size);

}  // namespace mocogan
