#include "convlstm/digits.h"

#include <fstream>
#include <random>
#include <stdexcept>

#include <torch/nn/functional/upsampling.h>

#include "common/image_io.h"

namespace convlstm {
namespace F = torch::nn::functional;

namespace {

uint32_t big_endian(std::ifstream& in, const std::string& path) {
  unsigned char b[4];
  if (!in.read(reinterpret_cast<char*>(b), 4)) throw std::runtime_error(path + ": truncated IDX header");
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
}

// An IDX file's payload: the magic number says the type (0x08: bytes) and how many sizes follow.
torch::Tensor read_idx(const std::string& path, uint32_t expected_magic) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  const uint32_t magic = big_endian(in, path);
  if (magic != expected_magic) throw std::runtime_error(path + ": not an MNIST IDX file of the expected kind");
  std::vector<int64_t> shape;
  for (uint32_t i = 0; i < (magic & 0xff); ++i) shape.push_back(big_endian(in, path));
  torch::Tensor data = torch::empty(shape, torch::kUInt8);
  if (!in.read(reinterpret_cast<char*>(data.data_ptr<uint8_t>()), data.numel()))
    throw std::runtime_error(path + ": truncated: holds fewer values than its header says");
  return data;
}

}  // namespace

Digits load_opencv_digits(const std::string& path) {
  const torch::Tensor sheet = common::read_grey_image(path);
  constexpr int64_t cell = 20, per_row = 100, rows = 50;
  if (sheet.size(0) != rows * cell || sheet.size(1) != per_row * cell)
    throw std::runtime_error(path + ": expected OpenCV's 2000x1000 digits sheet, found " +
                             std::to_string(sheet.size(1)) + "x" + std::to_string(sheet.size(0)));
  // [50*20, 100*20] -> [50, 20, 100, 20] -> [50, 100, 20, 20] -> [5000, 1, 20, 20]
  const torch::Tensor cells =
      sheet.view({rows, cell, per_row, cell}).permute({0, 2, 1, 3}).reshape({-1, 1, cell, cell}).to(torch::kFloat);
  // The sheet holds MNIST's 28x28 images shrunk to 20x20 (its digits are 15 pixels tall, MNIST's
  // 20), so scaling each cell back up to 28x28 gives the digits MNIST's size and stroke width.
  const torch::Tensor mnist_sized = F::interpolate(cells, F::InterpolateFuncOptions()
                                                              .size(std::vector<int64_t>{kDigitSize, kDigitSize})
                                                              .mode(torch::kBilinear)
                                                              .align_corners(false));
  Digits digits;
  digits.images = mnist_sized.round().clamp(0, 255).to(torch::kUInt8).squeeze(1);
  digits.labels = torch::arange(10, torch::kLong).repeat_interleave(cells.size(0) / 10);
  return digits;
}

Digits load_mnist_idx(const std::string& images_path, const std::string& labels_path) {
  Digits digits{read_idx(images_path, 0x00000803), read_idx(labels_path, 0x00000801).to(torch::kLong)};
  if (digits.images.size(1) != kDigitSize || digits.images.size(2) != kDigitSize)
    throw std::runtime_error(images_path + ": the images are not 28x28");
  if (digits.images.size(0) != digits.labels.size(0))
    throw std::runtime_error(labels_path + ": the label count differs from the image count");
  return digits;
}

DigitSplit split_digits(const Digits& digits, int64_t test_every, uint64_t seed) {
  // A Fisher-Yates shuffle on std::mt19937_64, whose output the C++ standard fixes, so the
  // split is the same with every compiler and LibTorch.
  std::mt19937_64 rng(seed);
  const int64_t count = digits.images.size(0);
  std::vector<int64_t> order(count);
  for (int64_t i = 0; i < count; ++i) order[i] = i;
  for (int64_t i = count - 1; i > 0; --i) std::swap(order[i], order[rng() % static_cast<uint64_t>(i + 1)]);
  // Every test_every-th digit of each class along the shuffle is a test digit.
  const torch::Tensor labels = digits.labels.contiguous();
  std::vector<int64_t> train_index, test_index, seen(10, 0);
  for (const int64_t i : order) {
    const int64_t label = labels.data_ptr<int64_t>()[i];
    if (label < 0 || label > 9) throw std::runtime_error("digit labels must be 0 to 9");
    (seen[label]++ % test_every == 0 ? test_index : train_index).push_back(i);
  }
  const auto take = [&](const std::vector<int64_t>& index) {
    const torch::Tensor i = torch::tensor(index, torch::kLong);
    return Digits{digits.images.index_select(0, i), digits.labels.index_select(0, i)};
  };
  return {take(train_index), take(test_index)};
}

}  // namespace convlstm
