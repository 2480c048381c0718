#include "convlstm/dataset.h"

#include "convlstm/npy.h"

namespace convlstm {
namespace {

constexpr int64_t kTestEvery = 5;    // a fifth of the digits are test digits
constexpr uint64_t kSplitSeed = 20;  // which fifth: fixed, so every run tests on the same digits

torch::Tensor as_float(const torch::Tensor& bytes) { return bytes.to(torch::kFloat32).div_(255); }

}  // namespace

void DataOptions::add_flags(CLI::App& app) {
  app.add_option("--digits", digits, "OpenCV's digits.png (Debian: opencv-doc)");
  app.add_option("--mnist-images", mnist_images, "MNIST IDX images, instead of --digits")->check(CLI::ExistingFile);
  app.add_option("--mnist-labels", mnist_labels, "MNIST IDX labels, with --mnist-images")->check(CLI::ExistingFile);
  app.add_option("--test-npy", test_npy, "test on mnist_test_seq.npy instead of generated sequences")
      ->check(CLI::ExistingFile);
  app.add_option("--test-sequences", test_sequences, "size of the generated test set")->check(CLI::PositiveNumber);
  app.add_option("--test-seed", test_seed, "which generated test set");
  app.add_option("--train-seed", train_seed, "which training sequences");
  app.add_option("--frames-in", frames_in, "frames seen")->check(CLI::Range(1, 100));
  app.add_option("--frames-out", frames_out, "frames predicted")->check(CLI::Range(1, 100));
  app.add_option("--digits-per-clip", digits_per_clip, "digits moving in each generated clip")
      ->check(CLI::Range(1, 4));
}

MovingMnistData::MovingMnistData(const DataOptions& options) : options_(options) {
  if (options.mnist_images.empty() != options.mnist_labels.empty())
    throw std::runtime_error("--mnist-images and --mnist-labels go together");
  const Digits all = options.mnist_images.empty() ? load_opencv_digits(options.digits)
                                                  : load_mnist_idx(options.mnist_images, options.mnist_labels);
  digits_ = split_digits(all, kTestEvery, kSplitSeed);
  if (!options.test_npy.empty()) {
    test_npy_ = load_moving_mnist_npy(options.test_npy);
    if (test_npy_.size(1) < options.frames_in + options.frames_out)
      throw std::runtime_error(options.test_npy + ": its sequences are shorter than --frames-in + --frames-out");
  }
}

MovingMnistOptions MovingMnistData::clip_options() const {
  MovingMnistOptions o;
  o.frames = options_.frames_in + options_.frames_out;
  o.digits = options_.digits_per_clip;
  return o;
}

torch::Tensor MovingMnistData::train(int64_t first, int64_t count) const {
  return as_float(moving_mnist(digits_.train, options_.train_seed, first, count, clip_options()));
}

torch::Tensor MovingMnistData::test(int64_t first, int64_t count) const {
  if (test_npy_.defined())
    return as_float(test_npy_.narrow(0, first, count).narrow(1, 0, options_.frames_in + options_.frames_out));
  return as_float(moving_mnist(digits_.test, options_.test_seed, first, count, clip_options()));
}

int64_t MovingMnistData::test_size() const { return test_npy_.defined() ? test_npy_.size(0) : options_.test_sequences; }

}  // namespace convlstm
