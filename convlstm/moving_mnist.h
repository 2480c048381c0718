// Moving MNIST as Srivastava et al. (ICML 2015) made it: digits bouncing inside a square
// canvas, overlapping digits combined by the pixelwise maximum.
#pragma once

#include "convlstm/digits.h"

namespace convlstm {

struct MovingMnistOptions {
  int64_t frames = 20;      // 10 seen, 10 to predict
  int64_t size = 64;        // the canvas
  int64_t digits = 2;       // per sequence
  double step = 0.1;        // per frame, as a share of the free range (size - 28): 3.6 px at 64
};

// Where one digit's top-left corner is in each frame: int64 [frames, 2] (row, column), each
// in [0, size - 28]. Direction uniform on the circle, start uniform; at an edge the velocity's
// component across it flips (a bounce).
torch::Tensor digit_trajectory(uint64_t seed, const MovingMnistOptions& options);

// Sequences first..first+count-1 of the set named by `seed`, drawn from `digits`: uint8
// [count, frames, 1, size, size]. Sequence i is the same whatever batch it is drawn in, on
// every machine, so a seed names a fixed test set.
torch::Tensor moving_mnist(const Digits& digits, uint64_t seed, int64_t first, int64_t count,
                           const MovingMnistOptions& options = {});

}  // namespace convlstm
