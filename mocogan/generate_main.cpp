// mocogan_generate: videos from the pretrained MoCoGAN, with the student's LSTM (or the
// reference's) unrolling the motion. Writes, under --out:
//   video_K/frame_TT.png   each video's frames        video_K.gif   each video, animated
//   contact_sheet.png      rows are videos, columns are time
//   same_content.png       one content code, a different motion in each row
//   same_motion.png        one motion noise, a different content in each row
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "common/cli.h"
#include "common/device.h"
#include "common/image_io.h"
#include "common/threads.h"
#include "mocogan/content_distance.h"
#include "mocogan/shape_motion.h"
#include "mocogan/video_validity.h"
#include "mocogan/training.h"

namespace fs = std::filesystem;
using namespace mocogan;

namespace {

// Videos [B, 3, T, S, S] in [-1, 1] -> images [B, T, 3, S*scale, S*scale] in [0, 1], on the CPU.
torch::Tensor viewable(const torch::Tensor& videos, int64_t scale) {
  return common::enlarge((videos.transpose(1, 2).to(torch::kCPU) + 1) / 2, scale);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Generate videos with MoCoGAN, its motion unrolled by your LSTM."};
  std::string weights = MOCOGAN_DEFAULT_WEIGHTS, out = "build/videos", device_name = "cpu", lstm_name = "student";
  int64_t videos = 8, frames = 0, seed = 0, scale = 2, scored = 256, threads = 0;
  app.add_option("--weights", weights, "a generator written by mocogan_train")->check(CLI::ExistingFile);
  app.add_option("--videos", videos, "how many videos")->check(CLI::Range(1, 1024));
  app.add_option("--frames", frames,
                 "frames per video (default: as many as the weights were trained on; more runs the LSTM on past them)")
      ->check(CLI::Range(2, 1024));
  app.add_option("--seed", seed, "the same seed gives the same videos");
  app.add_option("--out", out, "output folder");
  app.add_option("--device", device_name, "cpu or cuda");
  app.add_option("--lstm", lstm_name, "whose LSTM drives the motion: student or libtorch (LibTorch's own modules)");
  common::add_renamed_flag(app, "--layers", "--lstm student|libtorch");
  app.add_option("--scale", scale, "enlarge the written frames this many times")->check(CLI::Range(1, 16));
  app.add_option("--score-videos", scored,
                 "how many more videos the validity score judges (mocogan/video_validity.h; 0: none)")
      ->check(CLI::Range(0, 65536));
  common::add_threads_flag(app, threads);
  if (const auto exit_status = common::parse_flags(app, "mocogan_generate", argc, argv)) return *exit_status;

  try {
    common::use_threads(threads);
    const torch::Device device = common::device_from_name(device_name);
    VideoGenerator generator = load_generator(weights, motion_lstm_from_name(lstm_name), device);
    if (frames == 0) frames = trained_frames(weights);
    generator->eval();
    torch::NoGradGuard no_grad;
    torch::manual_seed(seed);
    const auto on_device = torch::TensorOptions().device(device);
    const int64_t content_dim = generator->options.content_dim, motion_dim = generator->options.motion_dim;
    const torch::Tensor content = torch::randn({videos, content_dim}, on_device);
    const torch::Tensor noise = torch::randn({std::max(videos, kSamplingBatch), motion_dim}, on_device);

    const auto start = std::chrono::steady_clock::now();
    const torch::Tensor motion = generator->sample_motion_codes(noise, frames).narrow(1, 0, videos);
    const torch::Tensor generated = generator->render(content, motion);
    const torch::Tensor images = viewable(generated, scale);  // waits for the device
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    fs::create_directories(out);
    for (int64_t v = 0; v < videos; ++v) {
      const std::string folder = out + "/video_" + std::to_string(v);
      fs::create_directories(folder);
      for (int64_t t = 0; t < frames; ++t) {
        char name[32];
        std::snprintf(name, sizeof name, "/frame_%02lld.png", static_cast<long long>(t));
        common::write_png(folder + name, images[v][t]);
      }
      common::write_gif(folder + ".gif", images[v]);
    }
    common::write_png(out + "/contact_sheet.png", common::tile(images));
    // The decomposition: the first video's content with every video's motion, and the first
    // video's motion with every video's content.
    const torch::Tensor same_content = generator->render(content.narrow(0, 0, 1).expand_as(content), motion);
    const torch::Tensor same_motion = generator->render(content, motion.narrow(1, 0, 1).expand_as(motion));
    common::write_png(out + "/same_content.png", common::tile(viewable(same_content, scale)));
    common::write_png(out + "/same_motion.png", common::tile(viewable(same_motion, scale)));

    std::printf("wrote %lld videos of %lld frames to %s/ (%s LSTM, %s)\n", static_cast<long long>(videos),
                static_cast<long long>(frames), out.c_str(), lstm_name.c_str(), device_name.c_str());
    std::printf("generated in %.3f s: %.1f videos/s\n", seconds, videos / seconds);
    const torch::Tensor real = shape_motion_videos(std::max<int64_t>(videos, 64), frames, generator->options.image_size);
    if (videos >= 2)
      std::printf("colour spread between videos (decomposed: low for one content, high for one motion): "
                  "one content %.4f, one motion %.4f, real videos %.4f\n",
                  colour_spread(same_content), colour_spread(same_motion), colour_spread(real));
    // The measures over the --score-videos more videos where there are some: over the few
    // written ones, the content distance moves by a third from one seed to the next.
    torch::manual_seed(seed + 1);  // other videos than the ones written
    const torch::Tensor measured = scored > 0 ? generator->sample(scored, frames) : generated;
    const torch::Tensor measured_real =
        scored > 0 ? shape_motion_videos(scored, frames, generator->options.image_size) : real;
    std::printf("average content distance over %lld videos (lower is steadier): generated %.4f, real shape-motion "
                "videos %.4f\n",
                static_cast<long long>(measured.size(0)), average_content_distance(measured),
                average_content_distance(measured_real));
    if (scored > 0)
      std::printf("validity (one object, a palette colour, a circle or square, steady size, a bouncing path):\n"
                  "  generated: %s\n  real:      %s\n",
                  describe(score_videos(measured)).c_str(), describe(score_videos(measured_real)).c_str());
  } catch (const NotImplementedError& e) {
    std::fprintf(stderr,
                 "mocogan_generate: your LSTM is not finished (%s): implement student/submitted.cpp, or see the "
                 "pretrained generator with --lstm libtorch\n",
                 e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mocogan_generate: %s\n", common::one_line(e.what()).c_str());
    return 2;
  }
}
