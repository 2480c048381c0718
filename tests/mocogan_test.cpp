// MoCoGAN's parts: the motion network, the data, the content distance, the validity score and
// a few training updates (weight files and checkpoints: tests/common_test.cpp). The
// command-line programs are tested in tests/areas/mocogan.cmake.
#include <catch2/catch.hpp>

#include "common/image_io.h"
#include "common/safetensors.h"
#include "mocogan/content_distance.h"
#include "mocogan/libtorch_lstm.h"
#include "mocogan/shape_motion.h"
#include "mocogan/spectral_conv.h"
#include "mocogan/training.h"
#include "mocogan/video_validity.h"
#include "tests/scratch.h"

using namespace mocogan;
using namespace common;
using Catch::Matchers::Contains;

namespace {

std::string scratch(const std::string& name) { return scratch_path("mocogan_test", name); }

ModelOptions tiny() {
  ModelOptions o;
  o.image_size = 16;
  o.base_channels = 4;
  return o;
}

// One update from the same weights and data under `recipe`, so recipes compare in pairs: its
// losses and the video discriminator's first weight after it.
std::pair<Losses, torch::Tensor> one_update(const GanRecipe& recipe) {
  torch::manual_seed(12);
  GanTraining run(tiny(), MotionLstm::libtorch, torch::kCPU, recipe);
  const torch::Tensor real = shape_motion_videos(4, 4, 16);
  torch::manual_seed(13);
  const Losses losses = run.step(real);
  return {losses, run.video_discriminator->parameters()[0].clone()};
}

}  // namespace

TEST_CASE("the reference motion network is the course's LSTM, to the last bit of its weights") {
  torch::manual_seed(5);
  LibTorchLSTM libtorch(10, 100);
  libtorch->init_weight(1.0);
  reference::LSTM course(10, 100);
  const std::string path = scratch("motion.safetensors");
  save_safetensors(path, module_tensors(*libtorch));
  load_into(*course, load_safetensors(path), path);
  const torch::Tensor noise = torch::randn({6, 10});
  libtorch->init_hidden(6);
  course->init_hidden(6);
  CHECK(torch::allclose(libtorch->forward(noise, 12), course->forward(noise, 12), 1e-5, 1e-6));
}

TEST_CASE("with the course's LSTM as its motion network, the shipped generator draws LibTorch's videos to the byte") {
  // What `make videos` promises a student with a correct LSTM: the same files as --lstm libtorch.
  const std::string path = MOCOGAN_WEIGHTS;
  VideoGenerator generator = load_generator(path, MotionLstm::libtorch, torch::kCPU);
  generator->eval();
  const ModelOptions& o = generator->options;
  reference::LSTM course(o.motion_dim, o.hidden_size);
  Safetensors motion;  // the generator's `motion.*` tensors, named as the course's LSTM names them
  const std::string prefix = "motion.";
  for (const auto& [name, tensor] : load_safetensors(path).tensors)
    if (name.rfind(prefix, 0) == 0) motion.tensors[name.substr(prefix.size())] = tensor;
  load_into(*course, motion, path);
  course->train();  // sampling normalises each frame's codes over the batch, as in training

  torch::NoGradGuard no_grad;
  torch::manual_seed(0);
  const torch::Tensor content = torch::randn({kSamplingBatch, o.content_dim});
  const torch::Tensor noise = torch::randn({kSamplingBatch, o.motion_dim});
  const int64_t frames = trained_frames(path);
  const torch::Tensor libtorch_codes = generator->sample_motion_codes(noise, frames);
  course->init_hidden(kSamplingBatch);
  const torch::Tensor course_codes = course->forward(noise, frames);
  CHECK(torch::equal(course_codes, libtorch_codes));
  // The contact sheet's PNG bytes, as mocogan_generate writes them.
  const auto sheet = [&](const torch::Tensor& codes) {
    return encode_png(tile((generator->render(content, codes).transpose(1, 2) + 1) / 2)).bytes;
  };
  CHECK(sheet(course_codes) == sheet(libtorch_codes));
  CHECK(sheet(course_codes) != sheet(libtorch_codes.flip(0)));  // the bytes do tell motions apart
}

TEST_CASE("shape-motion videos: one steady shape inside the frame, moving") {
  torch::manual_seed(7);
  const torch::Tensor videos = shape_motion_videos(32, 12, 32);
  REQUIRE(videos.sizes() == torch::IntArrayRef({32, 3, 12, 32, 32}));
  CHECK(videos.min().item<float>() >= -1);
  CHECK(videos.max().item<float>() <= 1);
  // The whole shape stays in the frame: its area never shrinks against an edge.
  const torch::Tensor area = ((videos + 1).amax(1) / 2).sum({2, 3});  // [N, T], in pixels
  CHECK((area.amax(1) - area.amin(1)).max().item<float>() < 0.05 * area.min().item<float>());
  CHECK(area.min().item<float>() > 0.1 * 32 * 32 * 0.1);
  // Each video moves: some step changes a pixel by most of the range.
  CHECK((videos.narrow(2, 1, 11) - videos.narrow(2, 0, 11)).abs().amax({1, 2, 3, 4}).min().item<float>() > 0.5);
  // Real videos keep their colour: a small content distance (the anti-aliased edge moves
  // about); swapping colour channels halfway adds a jump.
  CHECK(average_content_distance(videos) < 0.05);
  torch::Tensor recoloured = videos.clone();
  recoloured.narrow(2, 6, 6).copy_(recoloured.narrow(2, 6, 6).index({torch::indexing::Slice(), torch::tensor({1, 2, 0})}));
  CHECK(average_content_distance(recoloured) > average_content_distance(videos) + 0.05);
}

TEST_CASE("the validity score passes real shape-motion videos and rejects broken ones for their fault") {
  torch::manual_seed(7);
  for (const int64_t size : {32, 64}) {  // the shipped generator's and the paper's
    const ValidityScore score = score_videos(shape_motion_videos(256, 16, size));
    INFO(size << "x" << size << ": " << describe(score));
    CHECK(score.valid >= 0.98);
  }
  const torch::Tensor real = shape_motion_videos(64, 16, 64);

  // Each breakage below spoils one criterion of a video that passes them all.
  int64_t v = 0;
  while (!check_video(real[v]).valid()) ++v;
  const torch::Tensor video = real[v];

  // A second object: a speck-sized square lit in the corner darkest in frame 3.
  torch::Tensor two_objects = video.clone();
  const int64_t corner = 58;  // the block [corner, corner + 6) or [0, 6) on each axis
  int64_t best_x = 0, best_y = 0;
  double darkest = INFINITY;
  for (const int64_t y : {int64_t{0}, corner})
    for (const int64_t x : {int64_t{0}, corner}) {
      const double light = two_objects.select(1, 3).narrow(1, y, 6).narrow(2, x, 6).max().item<double>();
      if (light < darkest) darkest = light, best_x = x, best_y = y;
    }
  two_objects.select(1, 3).narrow(1, best_y, 6).narrow(2, best_x, 6).fill_(1);
  const VideoVerdict extra = check_video(two_objects);
  CHECK_FALSE(extra.one_object);
  CHECK_FALSE(extra.valid());

  // The colour turns into another of the palette's halfway (RGB -> BRG maps the palette to itself).
  torch::Tensor recoloured = video.clone();
  const int64_t half = video.size(1) / 2;
  recoloured.narrow(1, half, half).copy_(video.narrow(1, half, half).index_select(0, torch::tensor({2, 0, 1})));
  const VideoVerdict colour = check_video(recoloured);
  CHECK(colour.one_object);
  CHECK(colour.shape);
  CHECK(colour.motion);
  CHECK_FALSE(colour.colour);

  // The second half played first: the object jumps.
  const torch::Tensor jumping = torch::cat({video.narrow(1, half, half), video.narrow(1, 0, half)}, 1);
  const VideoVerdict motion = check_video(jumping);
  CHECK(motion.one_object);
  CHECK(motion.colour);
  CHECK(motion.size);
  CHECK_FALSE(motion.motion);

  // Frozen: the first frame held.
  const VideoVerdict frozen = check_video(video.narrow(1, 0, 1).expand_as(video));
  CHECK(frozen.shape);
  CHECK_FALSE(frozen.motion);

  // Blank frames: no object at all.
  CHECK_FALSE(check_video(-torch::ones_like(video)).one_object);
}

TEST_CASE("colour spread: near 0 for videos of one colour, large for independent ones, blanks left out") {
  torch::manual_seed(8);
  const torch::Tensor videos = shape_motion_videos(24, 6, 32);
  // Six colours drawn independently: most pairs differ by a whole channel or more.
  const double independent = colour_spread(videos);
  CHECK(independent > 0.5);
  // The same shapes and motions, all painted red: what is left is the anti-aliased edges,
  // whose share of a shape's pixels depends on its size.
  const torch::Tensor shape = (videos.amax(1, true) + 1) / 2;  // [N, 1, T, S, S] in [0, 1]
  const torch::Tensor red = torch::cat({shape, torch::zeros_like(shape), torch::zeros_like(shape)}, 1) * 2 - 1;
  CHECK(colour_spread(red) < 0.1);
  // A video that shows nothing has no colour: it neither adds nor removes distance.
  const torch::Tensor with_blank = torch::cat({videos, -torch::ones_like(videos.narrow(0, 0, 1))});
  CHECK(colour_spread(with_blank) == Approx(independent).epsilon(1e-5));
  CHECK_THROWS_WITH(colour_spread(videos.narrow(0, 0, 1)), Contains("at least two videos"));
}

TEST_CASE("a few training updates run, change the weights and stay finite") {
  torch::manual_seed(11);
  GanTraining run(tiny(), MotionLstm::libtorch, torch::kCPU);
  const torch::Tensor before = run.generator->image->parameters()[0].clone();
  for (int i = 0; i < 3; ++i) {
    const Losses losses = run.step(shape_motion_videos(4, 4, 16));
    CHECK(std::isfinite(losses.generator));
    CHECK(losses.image_discriminator > 0);
    CHECK(losses.video_discriminator > 0);
  }
  CHECK_FALSE(torch::equal(before, run.generator->image->parameters()[0]));
  for (auto* module : std::initializer_list<torch::nn::Module*>{run.generator.get(), run.image_discriminator.get(),
                                                                run.video_discriminator.get()})
    for (const auto& p : module->parameters()) CHECK(torch::isfinite(p).all().item<bool>());
  const torch::Tensor videos = generate_videos(run.generator, torch::randn({2, 50}), torch::randn({2, 10}), 20);
  CHECK(videos.sizes() == torch::IntArrayRef({2, 3, 20, 16, 16}));
}

TEST_CASE("a spectral convolution's weight has a largest singular value of 1, estimated in training only") {
  torch::manual_seed(16);
  SpectralConv conv(SpectralConvOptions{3, 8, {4, 4}, {2, 2}, {1, 1}});
  torch::NoGradGuard no_grad;
  conv->weight.mul_(5);  // far from 1 to start with
  const auto top_singular_value = [](const torch::Tensor& w) {
    return std::get<1>(torch::svd(w.reshape({w.size(0), -1})))[0].item<double>();
  };
  for (int i = 0; i < 50; ++i) conv->normalised_weight();  // power iterations
  CHECK(top_singular_value(conv->normalised_weight()) == Approx(1).epsilon(1e-3));
  const torch::Tensor x = torch::randn({2, 3, 16, 16});
  const torch::Tensor y = conv(x);
  CHECK(y.sizes() == torch::IntArrayRef({2, 8, 8, 8}));
  // In eval mode the estimate stands still, and the layer is a plain convolution by W / sigma.
  conv->eval();
  const torch::Tensor u = conv->u.clone();
  CHECK(torch::allclose(conv(x), torch::conv2d(x, conv->normalised_weight(), conv->bias, 2, 1), 1e-5, 1e-6));
  CHECK(torch::equal(u, conv->u));
  // Videos: a kernel of three numbers is a 3-D convolution.
  SpectralConv video(SpectralConvOptions{3, 4, {3, 4, 4}, {1, 2, 2}, {1, 1, 1}});
  CHECK(video(torch::randn({1, 3, 5, 16, 16})).sizes() == torch::IntArrayRef({1, 4, 5, 8, 8}));
}

TEST_CASE("the hinge recipe trains spectrally normalised discriminators without batch norm") {
  torch::manual_seed(17);
  GanRecipe recipe;
  recipe.loss = GanRecipe::Loss::hinge;
  GanTraining run(tiny(), MotionLstm::libtorch, torch::kCPU, recipe);
  for (const auto& named : run.video_discriminator->named_modules()) CHECK(named.value()->name().find("BatchNorm") == std::string::npos);
  CHECK(run.image_discriminator->named_buffers().contains("layers.0.u"));
  const Losses losses = run.step(shape_motion_videos(4, 4, 16));
  // At the start every logit is near 0, so each discriminator pays its margin twice: about 2.
  CHECK(losses.image_discriminator == Approx(2).margin(0.5));
  CHECK(losses.video_discriminator == Approx(2).margin(0.5));
  CHECK(std::isfinite(losses.generator));
}

TEST_CASE("the R1 penalty changes the discriminators' update, not the losses reported") {
  GanRecipe with_r1;
  with_r1.r1_gamma = 10;
  const auto [losses, weights] = one_update({});
  const auto [r1_losses, r1_weights] = one_update(with_r1);
  CHECK(losses.video_discriminator == Approx(r1_losses.video_discriminator).epsilon(1e-6));
  CHECK_FALSE(torch::allclose(weights, r1_weights, 0, 1e-7));
}

TEST_CASE("the generator's moving average starts as the generator and follows it with the warm-up's decay") {
  torch::manual_seed(20);
  GanRecipe recipe;
  recipe.ema_decay = 0.999;
  GanTraining run(tiny(), MotionLstm::libtorch, torch::kCPU, recipe);
  const auto first = [](VideoGenerator& g) { return g->image->parameters()[0].clone(); };
  const torch::Tensor before = first(run.generator);
  CHECK(torch::equal(before, first(run.average_generator)));
  CHECK(run.sampler().get() == run.average_generator.get());
  run.step(shape_motion_videos(4, 4, 16));
  // After the first update the warm-up's decay is (1 + 0) / (10 + 0) = 0.1, not 0.999.
  const torch::Tensor expected = 0.1 * before + 0.9 * first(run.generator);
  CHECK(torch::allclose(first(run.average_generator), expected, 1e-5, 1e-7));
  CHECK_FALSE(torch::allclose(first(run.average_generator), first(run.generator), 0, 1e-7));
  CHECK_FALSE(first(run.average_generator).requires_grad());
  GanTraining plain(tiny(), MotionLstm::libtorch, torch::kCPU);
  CHECK(plain.sampler().get() == plain.generator.get());
}

TEST_CASE("instance noise reaches the discriminators") {
  GanRecipe noisy;
  noisy.instance_noise = 0.5;
  CHECK(one_update({}).first.image_discriminator != Approx(one_update(noisy).first.image_discriminator).epsilon(1e-4));
}

TEST_CASE("sampled motion normalises every frame over the batch, even from an eval-mode generator") {
  torch::manual_seed(14);
  VideoGenerator generator(tiny(), MotionLstm::libtorch);
  generator->init_motion_weights();
  generator->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor codes = generator->sample_motion_codes(torch::randn({kSamplingBatch, 10}), 6);  // [T, B, 10]
  CHECK(codes.sizes() == torch::IntArrayRef({6, kSamplingBatch, 10}));
  CHECK(codes.mean(1).abs().max().item<double>() < 1e-4);                 // batch norm's per-frame mean ...
  // ... and variance: 1, less what batch norm's eps takes from codes this small
  CHECK(codes.var(1, /*unbiased=*/false).sub(1).abs().max().item<double>() < 0.05);
  CHECK_FALSE(generator->is_training());
  // The running averages (all the eval-mode motion network has) do not normalise each frame.
  const torch::Tensor running = generator->motion_codes(torch::randn({kSamplingBatch, 10}), 6);
  CHECK(running.mean(1).abs().max().item<double>() > 1e-2);
  CHECK_THROWS_WITH(generator->sample_motion_codes(torch::randn({2, 10}), 6),
                    Contains("at least " + std::to_string(kSamplingBatch) + " videos"));
}

TEST_CASE("a motion code that stays the same for the whole clip changes nothing; its changes move the video") {
  torch::manual_seed(15);
  VideoGenerator generator(tiny(), MotionLstm::libtorch);
  generator->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor content = torch::randn({2, 50});
  const torch::Tensor moving = torch::randn({5, 2, 10});  // z_M [T, B, 10]
  const torch::Tensor still = generator->render(content, torch::zeros({5, 2, 10}));
  const torch::Tensor shifted_still = generator->render(content, torch::randn({1, 2, 10}).expand({5, 2, 10}));
  const torch::Tensor moved = generator->render(content, moving);
  CHECK(torch::allclose(still, shifted_still, 0, 1e-6));
  CHECK(torch::allclose(moved, generator->render(content, moving + 3), 0, 1e-5));
  CHECK_FALSE(torch::allclose(moved, still, 0, 1e-3));
}
