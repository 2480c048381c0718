// Handwritten digits for Moving MNIST, from a real MNIST source that can be had offline:
// OpenCV's sample sheet of 5000 MNIST digits (Debian's opencv-doc), or MNIST's IDX files.
#pragma once

#include <string>

#include <torch/types.h>

namespace convlstm {

constexpr int64_t kDigitSize = 28;  // MNIST's images: a digit fitted into 20x20, centred in 28x28

struct Digits {
  torch::Tensor images;  // uint8 [N, 28, 28]
  torch::Tensor labels;  // int64 [N]
};

// Where Debian's opencv-doc installs the sheet.
constexpr const char* kOpenCvDigits = "/usr/share/doc/opencv-doc/examples/data/digits.png";

// OpenCV's digits.png: a 2000x1000 sheet of 20x20 cells, 100 per row, 500 of each digit in
// order (5 rows per class), each an MNIST image shrunk from 28x28. Returns them at 28x28 again.
Digits load_opencv_digits(const std::string& path);

// MNIST's IDX files (train-images-idx3-ubyte and its labels), as distributed.
Digits load_mnist_idx(const std::string& images_path, const std::string& labels_path);

// A split into training and test digits that share no image: every `test_every`-th digit of
// each class, by a permutation fixed by `seed`, is a test digit.
struct DigitSplit {
  Digits train, test;
};
DigitSplit split_digits(const Digits& digits, int64_t test_every, uint64_t seed);

}  // namespace convlstm
