// Whether a generated video is one the shape-motion data (shape_motion.h) could contain: a
// program's verdict on what a person sees in a contact sheet. A video is valid when all five
// criteria hold:
//   one object   every frame holds exactly one object (a connected region of lit pixels larger
//                than a speck);
//   colour       its colour is one of the palette's six, the same one in every frame;
//   shape        it is a circle or a square (by how much of its bounding box it fills), the
//                same in every frame;
//   size         its radius is within the data's range and steady;
//   motion       its centre moves along one axis at a constant speed within the data's range,
//                bouncing off the walls, as shape_motion's bounce() moves it.
// The rate of each criterion says what a generator gets wrong; the rate of valid videos, how
// often it gets everything right. Real videos score at least 98 % (mocogan_test holds it).
#pragma once

#include <string>
#include <vector>

#include "layers/layers.h"

namespace mocogan {

struct VideoVerdict {
  bool one_object = false, colour = false, shape = false, size = false, motion = false;
  bool valid() const { return one_object && colour && shape && size && motion; }
};

// video [3, T, S, S] in [-1, 1] on a black background. A criterion whose inputs are missing
// (no single object to measure) fails.
VideoVerdict check_video(const torch::Tensor& video);

struct ValidityScore {
  int64_t videos = 0;
  double valid = 0;  // fraction of videos valid
  double one_object = 0, colour = 0, shape = 0, size = 0, motion = 0;  // fraction meeting each
};

// videos [N, 3, T, S, S] in [-1, 1].
ValidityScore score_videos(const torch::Tensor& videos);

// "valid 91.4 % of 256 videos (one object 98.0 %, colour 97.3 %, shape 95.7 %, size 99.2 %, motion 93.0 %)"
std::string describe(const ValidityScore& score);

}  // namespace mocogan
