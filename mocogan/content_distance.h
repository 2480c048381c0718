// Content measures for shape-motion videos, after the MoCoGAN paper's average content distance
// (ACD, Tulyakov et al. 2018, Sec. 4.1): a shape's content is read as its mean colour.
//  - average_content_distance: how much each video's colour drifts while it moves, the L2
//    distance between consecutive frames' colours, averaged over frames and videos. Real
//    videos score near 0.
//  - colour_spread: how far apart different videos' colours are, the mean L2 distance between
//    every two videos' colours. Over videos that share a content code it says whether the
//    content code decides the colour (near 0 if it does); over videos that share a motion,
//    whether the motion does. A generator that has learned MoCoGAN's decomposition scores low
//    on the first and as high as independent real videos on the second.
#pragma once

#include "layers/layers.h"

namespace mocogan {

// videos [N, 3, T, S, S] in [-1, 1] on a black background; colours measured in [0, 1] RGB.
double average_content_distance(const torch::Tensor& videos);
double colour_spread(const torch::Tensor& videos);  // needs N >= 2

}  // namespace mocogan
