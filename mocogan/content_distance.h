// The MoCoGAN paper's average content distance (ACD, Tulyakov et al. 2018, Sec. 4.1) for
// shape motion: how much a video's content drifts while it moves. For each frame, the mean
// colour of the shape's pixels; then the L2 distance between consecutive frames' colours,
// averaged over frames and videos. Lower is better: real videos score near 0.
#pragma once

#include "layers/layers.h"

namespace mocogan {

// videos [N, 3, T, S, S] in [-1, 1] on a black background; colours measured in [0, 1] RGB.
double average_content_distance(const torch::Tensor& videos);

}  // namespace mocogan
