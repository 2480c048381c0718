// Where the lab's sequences come from: Moving MNIST generated on the fly from training digits,
// and a fixed test set, generated from held-out digits by a seed or read from the standard
// mnist_test_seq.npy.
#pragma once

#include <CLI/CLI.hpp>

#include "convlstm/moving_mnist.h"

namespace convlstm {

struct DataOptions {
  std::string digits = kOpenCvDigits;    // OpenCV's digits.png ...
  std::string mnist_images, mnist_labels;  // ... or MNIST's IDX files, when both are given
  std::string test_npy;                  // mnist_test_seq.npy, when given, is the test set
  int64_t test_sequences = 1000;         // generated test set: how many
  uint64_t test_seed = 2015;             // generated test set: which
  uint64_t train_seed = 1;
  int64_t frames_in = 10, frames_out = 10;
  int64_t digits_per_clip = 2;           // Moving MNIST's two; one makes an easier task
  void add_flags(CLI::App& app);
};

class MovingMnistData {
 public:
  explicit MovingMnistData(const DataOptions& options);
  // Float [count, frames_in + frames_out, 1, 64, 64] in [0, 1].
  torch::Tensor train(int64_t first, int64_t count) const;  // an endless stream by index
  torch::Tensor test(int64_t first, int64_t count) const;
  int64_t test_size() const;
  int64_t frames_in() const { return options_.frames_in; }
  int64_t frame_size() const { return clip_options().size; }

 private:
  MovingMnistOptions clip_options() const;
  DataOptions options_;
  DigitSplit digits_;
  torch::Tensor test_npy_;  // uint8, when the test set is a file
};

}  // namespace convlstm
