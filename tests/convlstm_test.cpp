// The ConvLSTM lab's parts: the cell, learning, the data, the .npy reader and the metrics.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <torch/nn/functional/conv.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>

#include "convlstm/digits.h"
#include "convlstm/metrics.h"
#include "convlstm/model.h"
#include "convlstm/moving_mnist.h"
#include "convlstm/npy.h"
#include "convlstm/patches.h"
#include "convlstm/training.h"
#include "tests/scratch.h"

using namespace convlstm;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using Catch::Matchers::WithinAbs;
namespace F = torch::nn::functional;

namespace {

std::string scratch(const std::string& name) { return scratch_path("convlstm_test", name); }

// 100 distinct random "digits", ten of each label.
Digits fake_digits() {
  torch::manual_seed(1);
  return {torch::randint(1, 256, {100, kDigitSize, kDigitSize}).to(torch::kUInt8),
          torch::arange(10, torch::kLong).repeat(10)};
}

}  // namespace

TEST_CASE("a ConvLSTM cell with the reference update is Shi et al.'s equations") {
  torch::manual_seed(2);
  ConvLSTMCell cell(3, 5, 3, state_update_from_name("reference"));
  const torch::Tensor x = torch::randn({2, 3, 6, 7}), h = torch::randn({2, 5, 6, 7}), c = torch::randn({2, 5, 6, 7});
  torch::Tensor h_next, c_next;
  std::tie(h_next, c_next) = cell(x, h, c);
  // Direct: separate convolutions of x and h, gates in PyTorch's order i, f, g, o.
  const torch::Tensor w = cell->gates->weight, b = cell->gates->bias;
  const torch::Tensor pre = F::conv2d(x, w.narrow(1, 0, 3), F::Conv2dFuncOptions().bias(b).padding(1)) +
                            F::conv2d(h, w.narrow(1, 3, 5), F::Conv2dFuncOptions().padding(1));
  const auto gate = pre.chunk(4, 1);
  const torch::Tensor expected_c = torch::sigmoid(gate[1]) * c + torch::sigmoid(gate[0]) * torch::tanh(gate[2]);
  const torch::Tensor expected_h = torch::sigmoid(gate[3]) * torch::tanh(expected_c);
  CHECK(torch::allclose(c_next, expected_c, 1e-5, 1e-5));
  CHECK(torch::allclose(h_next, expected_h, 1e-5, 1e-5));
  CHECK_THROWS_WITH(ConvLSTMCell(3, 5, 4, state_update_from_name("reference")), Contains("must be odd"));
}

TEST_CASE("with the student stubs the lab says the update is not implemented") {
  ConvLSTMCell cell(1, 2, 3, state_update_from_name("student"));
  CHECK_THROWS_AS(cell(torch::zeros({1, 1, 4, 4}), torch::zeros({1, 2, 4, 4}), torch::zeros({1, 2, 4, 4})),
                  NotImplementedError);
  CHECK_THROWS_WITH(state_update_from_name("mine"), Contains("--update must be student or reference"));
}

TEST_CASE("a tiny predictor overfits one batch, on pixels or on 4x4 patches, drawing or moving: its loss falls "
          "at least tenfold",
          "[learning]") {
  for (const auto& [decoder, patch, head] :
       {std::tuple(Decoder::tutorial, 1, Head::pixels), std::tuple(Decoder::stateful, 1, Head::pixels),
        std::tuple(Decoder::stateful, 4, Head::pixels), std::tuple(Decoder::next_frame, 4, Head::cdna)}) {
    torch::manual_seed(3);
    PredictorOptions options;
    options.hidden = patch == 1 ? 8 : 20;  // the 16-channel patches get more feature maps
    options.layers = 1;
    options.frames_out = 3;
    options.decoder = decoder;
    options.patch = patch;
    options.head = head;
    EncoderDecoder model(options, state_update_from_name("reference"));
    const torch::Tensor clips = moving_mnist(fake_digits(), 4, 0, 2, {6, 32, 1, 0.1}).to(torch::kFloat32) / 255;
    const torch::Tensor seen = clips.narrow(1, 0, 3), future = clips.narrow(1, 3, 3);
    torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-2));
    double first = 0, last = 0;
    for (int step = 0; step < 300; ++step) {
      const torch::Tensor loss = F::mse_loss(model(seen), future);
      adam.zero_grad();
      loss.backward();
      adam.step();
      (step == 0 ? first : last) = loss.item<double>();
    }
    INFO("decoder " << static_cast<int>(decoder) << ", patch " << patch << ", head " << static_cast<int>(head)
                    << ": loss " << first << " -> " << last);
    CHECK(last < first / 10);
  }
}

TEST_CASE("CDNA moves the frame it read: a kernel whose one tap sits 2 up and 3 left of its centre moves ink 2 "
          "down and 3 right") {
  PredictorOptions options;
  options.hidden = 4;
  options.layers = 1;
  options.frames_out = 1;
  options.decoder = Decoder::next_frame;
  options.head = Head::cdna;
  EncoderDecoder model(options, state_update_from_name("reference"));
  {
    // Every kernel the same one-hot (softmax of -30s and one +30), so the masks do not matter.
    const torch::NoGradGuard no_grad;
    model->motion_kernels->weight.zero_();
    const int64_t centre = kMotionKernelSize / 2, tap = (centre - 2) * kMotionKernelSize + (centre - 3);
    model->motion_kernels->bias.view({kMotionKernels, -1}).fill_(-30).select(1, tap).fill_(30);
  }
  torch::Tensor frame = torch::zeros({1, 1, 1, 20, 20});
  frame[0][0][0][10][10] = 1;
  const torch::Tensor next = torch::sigmoid(model->logits(frame)).squeeze();  // frame 2, from frame 1
  torch::Tensor expected = torch::zeros({20, 20});
  expected[12][13] = 1;
  CHECK(torch::allclose(next, expected, 0, 1e-5));
  CHECK_THROWS_WITH(head_from_name("warp"), Contains("--head must be pixels or cdna"));
  options.decoder = Decoder::stateful;
  CHECK_THROWS_WITH(EncoderDecoder(options, state_update_from_name("reference")),
                    Contains("--head cdna needs --decoder next-frame"));
}

TEST_CASE("patches: 4x4 blocks become 16 channels, and unpatching is their exact inverse") {
  torch::manual_seed(5);
  const torch::Tensor frames = torch::rand({2, 3, 1, 64, 64});
  const torch::Tensor patches = to_patches(frames, 4);
  CHECK(patches.sizes() == torch::IntArrayRef({2, 3, 16, 16, 16}));
  // The 16 channels of the coarse pixel (row 2, column 5) are the 4x4 block at (8, 20), row by row.
  CHECK(torch::equal(patches[1][2].select(1, 2).select(1, 5), frames[1][2][0].slice(0, 8, 12).slice(1, 20, 24).flatten()));
  CHECK(torch::equal(from_patches(patches, 4), frames));
  CHECK(torch::equal(to_patches(frames, 1), frames));
  CHECK_THROWS_WITH(check_patch_divides(5, 64, 64), Contains("--patch 5 does not divide the 64x64 frames"));
  CHECK_THROWS_WITH(to_patches(frames, 3), Contains("--patch 3 does not divide"));
}

TEST_CASE("bf16 autocast runs convolutions in bfloat16 inside its scope only, and nests") {
  const torch::Tensor image = torch::rand({1, 2, 5, 5}), kernel = torch::rand({3, 2, 3, 3});
  CHECK(F::conv2d(image, kernel).scalar_type() == torch::kFloat);
  {
    const common::Autocast fp32(torch::kCPU, common::Precision::fp32);
    CHECK(F::conv2d(image, kernel).scalar_type() == torch::kFloat);
  }
  {
    const common::Autocast outer(torch::kCPU, common::Precision::bf16);
    CHECK(F::conv2d(image, kernel).scalar_type() == torch::kBFloat16);
    {
      const common::Autocast inner(torch::kCPU, common::Precision::bf16);
      CHECK(F::conv2d(image, kernel).scalar_type() == torch::kBFloat16);
    }
    CHECK(F::conv2d(image, kernel).scalar_type() == torch::kBFloat16);  // the inner scope left it on
  }
  CHECK(F::conv2d(image, kernel).scalar_type() == torch::kFloat);
  CHECK_THROWS_WITH(common::precision_from_name("fp16", torch::kCPU), Contains("--precision must be fp32, bf16 or auto"));
}

TEST_CASE("a bf16 training step gives nearly the float32 loss and keeps the weights float32", "[learning]") {
  PredictorOptions options;
  options.hidden = 8;
  options.layers = 1;
  options.frames_out = 3;
  const torch::Tensor clips = moving_mnist(fake_digits(), 4, 0, 2, {6, 32, 1, 0.1}).to(torch::kFloat32) / 255;
  std::map<common::Precision, double> first_loss;
  for (const auto precision : {common::Precision::fp32, common::Precision::bf16}) {
    torch::manual_seed(4);
    EncoderDecoder model(options, state_update_from_name("reference"));
    torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-2));
    const torch::Tensor before = model->head->weight.clone();
    first_loss[precision] = train_step(model, adam, clips, 3, precision).item<double>();
    for (int step = 0; step < 5; ++step) CHECK(std::isfinite(train_step(model, adam, clips, 3, precision).item<double>()));
    for (const auto& parameter : model->parameters()) CHECK(parameter.scalar_type() == torch::kFloat);
    CHECK_FALSE(torch::equal(before, model->head->weight));  // the step did update
  }
  INFO("fp32 " << first_loss[common::Precision::fp32] << ", bf16 " << first_loss[common::Precision::bf16]);
  // bfloat16 keeps 8 bits of mantissa: the first loss agrees to about 1%, not exactly.
  CHECK(first_loss[common::Precision::bf16] == Approx(first_loss[common::Precision::fp32]).epsilon(0.02));
  CHECK(first_loss[common::Precision::bf16] != first_loss[common::Precision::fp32]);
}

TEST_CASE("the cosine schedule falls from the peak through half of it to zero; constant stays") {
  CHECK(scheduled_learning_rate(Schedule::cosine, 2e-3, 0) == Approx(2e-3));
  CHECK(scheduled_learning_rate(Schedule::cosine, 2e-3, 0.25) == Approx(1e-3 * (1 + std::sqrt(0.5))));
  CHECK(scheduled_learning_rate(Schedule::cosine, 2e-3, 0.5) == Approx(1e-3));
  CHECK(scheduled_learning_rate(Schedule::cosine, 2e-3, 1) == Approx(0).margin(1e-12));
  CHECK(scheduled_learning_rate(Schedule::cosine, 2e-3, 1.5) == Approx(0).margin(1e-12));  // a budget overrun
  CHECK(scheduled_learning_rate(Schedule::constant, 2e-3, 0.9) == 2e-3);
  CHECK_THROWS_WITH(schedule_from_name("linear"), Contains("--lr-schedule must be constant or cosine"));
}

TEST_CASE("the pace check warns when a time budget will end short of the steps a run needs, and judges the result") {
  const Pace pace{1500, 720, 2};  // the lab preset's: 1500 steps in 12 minutes, on two threads
  // 2 steps/s after 30 s: about 60 + 2 * 690 = 1440 steps by the end, short of 1500.
  const std::string warning = pace.warning(0, 60, 30, 690);
  CHECK_THAT(warning, Contains("2.00 steps/s") && Contains("about 1440 of the 1500 steps") &&
                          Contains("2.1 steps/s would do") && Contains("--threads, now 2") && Contains("--device cuda"));
  CHECK(pace.warning(0, 120, 30, 690).empty());     // 4 steps/s: 2880 steps
  // A resumed run's rate counts its own steps only, from step 1000.
  CHECK(pace.warning(1000, 1300, 30, 300).empty());        // 10 steps/s: 4300
  CHECK_FALSE(pace.warning(1000, 1010, 30, 100).empty());  // 1/3 step/s: 1043
  CHECK(Pace{0, 720, 2}.warning(0, 1, 30, 690).empty());   // no minimum: nothing to warn of
  CHECK(Pace{1500, 0, 2}.warning(0, 1, 30, 0).empty());    // no budget: the run does its steps
  CHECK_THAT(pace.verdict(125), StartsWith("too short to judge: 125 training steps of the 1500"));
  CHECK(pace.verdict(1500).empty());
  CHECK(Pace{}.verdict(1).empty());
}

TEST_CASE("Moving MNIST: digits bounce inside the canvas at a constant speed") {
  MovingMnistOptions o;
  int bounces = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const torch::Tensor corners = digit_trajectory(seed, o);
    CHECK(corners.min().item<int64_t>() >= 0);
    CHECK(corners.max().item<int64_t>() <= o.size - kDigitSize);
    // Away from the edges a digit moves 0.1 * 36 = 3.6 px a frame (integer corners: +-1 each way).
    const torch::Tensor step = (corners.narrow(0, 1, o.frames - 1) - corners.narrow(0, 0, o.frames - 1)).to(torch::kFloat);
    CHECK(step.norm(2, 1).max().item<float>() < 3.6 + 1.5);
    const torch::Tensor direction = step.sign();
    bounces += (direction.narrow(0, 1, o.frames - 2) * direction.narrow(0, 0, o.frames - 2) < 0).any().item<bool>();
  }
  CHECK(bounces > 50);  // in 20 frames of 3.6 px on a 36 px track, most digits meet a wall

  const Digits digits = fake_digits();
  const torch::Tensor a = moving_mnist(digits, 9, 10, 3), b = moving_mnist(digits, 9, 0, 13).narrow(0, 10, 3);
  CHECK(a.sizes() == torch::IntArrayRef({3, 20, 1, 64, 64}));
  CHECK(torch::equal(a, b));  // sequence i is the same whichever batch draws it
  CHECK_FALSE(torch::equal(a, moving_mnist(digits, 10, 10, 3)));
  CHECK((a.amax({2, 3, 4}) > 0).all().item<bool>());  // a digit in every frame
}

TEST_CASE("the digit split is disjoint, stratified and fixed") {
  const Digits digits = fake_digits();
  const DigitSplit split = split_digits(digits, 5, 20);
  CHECK(split.train.images.size(0) == 80);
  CHECK(split.test.images.size(0) == 20);
  CHECK(torch::equal(split.test.labels.bincount(), torch::full({10}, 2, torch::kLong)));
  std::set<std::string> train;
  for (int64_t i = 0; i < 80; ++i)
    train.insert(std::string(static_cast<const char*>(split.train.images[i].contiguous().data_ptr()), 784));
  for (int64_t i = 0; i < 20; ++i)
    CHECK(train.count(std::string(static_cast<const char*>(split.test.images[i].contiguous().data_ptr()), 784)) == 0);
  CHECK(torch::equal(split_digits(digits, 5, 20).test.images, split.test.images));
}

TEST_CASE("OpenCV's digit sheet gives 5000 digits, 500 of each, at MNIST's size") {
  if (!std::filesystem::exists(kOpenCvDigits)) FAIL("missing " << kOpenCvDigits << " (install opencv-doc)");
  const Digits digits = load_opencv_digits(kOpenCvDigits);
  CHECK(digits.images.sizes() == torch::IntArrayRef({5000, 28, 28}));
  CHECK(torch::equal(digits.labels.bincount(), torch::full({10}, 500, torch::kLong)));
  // MNIST fits each digit into 20x20 of its 28x28 and its mean intensity is 33.3 of 255; the
  // sheet's 20x20 cells copied unscaled would give digits 15 rows tall and a mean of 17.
  const torch::Tensor ink_rows = (digits.images > 30).any(2).sum(1).to(torch::kFloat);
  CHECK_THAT(ink_rows.mean().item<double>(), WithinAbs(20.5, 1.5));
  CHECK_THAT(digits.images.to(torch::kFloat).mean().item<double>(), WithinAbs(33.3, 3.0));
  CHECK_THROWS_WITH(load_opencv_digits("/nonexistent.png"), Contains("cannot read the image"));
}

TEST_CASE(".npy files: what is written reads back; a bad one is refused with the reason") {
  const torch::Tensor array = torch::randint(0, 256, {20, 3, 8, 8}).to(torch::kUInt8);
  const std::string path = scratch("seq.npy");
  save_npy_uint8(path, array);
  CHECK(torch::equal(load_npy_uint8(path), array));
  const torch::Tensor sequences = load_moving_mnist_npy(path);
  CHECK(sequences.sizes() == torch::IntArrayRef({3, 20, 1, 8, 8}));
  CHECK(torch::equal(sequences[2][5][0], array[5][2]));

  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string bad = scratch("bad.npy");
  std::ofstream(bad, std::ios::binary) << bytes.substr(0, bytes.size() - 1);
  CHECK_THROWS_WITH(load_npy_uint8(bad), Contains("truncated"));
  std::string floats = bytes;
  floats.replace(floats.find("|u1"), 3, "<f4");
  std::ofstream(bad, std::ios::binary) << floats;
  CHECK_THROWS_WITH(load_npy_uint8(bad), Contains("holds <f4, not uint8"));
  std::ofstream(bad, std::ios::binary) << "PK\x03\x04 a zip file";
  CHECK_THROWS_WITH(load_npy_uint8(bad), Contains("not a .npy file"));
  save_npy_uint8(bad, torch::zeros({5, 5}, torch::kUInt8));
  CHECK_THROWS_WITH(load_moving_mnist_npy(bad), Contains("expected [frames, sequences, H, W]"));
}

TEST_CASE("metrics match values computed by hand") {
  // Two sequences of two 1-channel 12x12 frames: prediction 0.5 everywhere, truth 0 and 1.
  const torch::Tensor predicted = torch::full({2, 2, 1, 12, 12}, 0.5);
  torch::Tensor truth = torch::zeros({2, 2, 1, 12, 12});
  truth.select(1, 1).fill_(1);
  StepMetrics m;
  m.add(predicted, truth);
  CHECK(m.mse[0].item<double>() == Approx(144 * 0.25));  // summed over the frame's pixels
  CHECK(m.mae[1].item<double>() == Approx(144 * 0.5));
  CHECK(m.psnr[0].item<double>() == Approx(10 * std::log10(1 / 0.25)));
  // Constant images: SSIM = (2ab + C1) / (a^2 + b^2 + C1), the contrast term being 1.
  const double c1 = 1e-4;
  CHECK(m.ssim[0].item<double>() == Approx(c1 / (0.25 + c1)));
  CHECK(m.ssim[1].item<double>() == Approx((1 + c1) / (1.25 + c1)));
  // Adding the same batch again leaves the means alone; identical images score SSIM 1.
  m.add(predicted, truth);
  CHECK(m.sequences == 4);
  CHECK(m.mse[0].item<double>() == Approx(36));
  const torch::Tensor image = torch::rand({3, 1, 16, 16});
  CHECK(ssim(image, image).min().item<double>() == Approx(1));
  CHECK(ssim(image, 1 - image).max().item<double>() < 0.5);
}
