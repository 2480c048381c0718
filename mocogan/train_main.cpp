// mocogan_train: trains MoCoGAN on freshly drawn shape-motion videos, writing sample sheets,
// a loss log and checkpoints as it goes, and the generator's weights at the end.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/cli.h"
#include "common/device.h"
#include "common/image_io.h"
#include "common/plot.h"
#include "common/progress.h"
#include "common/threads.h"
#include "mocogan/shape_motion.h"
#include "mocogan/training.h"
#include "mocogan/video_validity.h"

namespace fs = std::filesystem;
using namespace mocogan;

namespace {

// Looking at a generator while it trains: sampling runs the motion network's BatchNorm on
// batch statistics, which moves its running averages. This puts them back when it goes, so
// sheets and scores leave the weights a run that writes none has (and the trained generator
// the same whether or not a moving average samples).
class BuffersKept {
 public:
  explicit BuffersKept(VideoGenerator& generator) : generator_(generator) {
    for (const torch::Tensor& buffer : generator->buffers()) saved_.push_back(buffer.clone());
  }
  ~BuffersKept() {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> now = generator_->buffers();
    for (size_t b = 0; b < now.size(); ++b) now[b].copy_(saved_[b]);
  }

 private:
  VideoGenerator& generator_;
  std::vector<torch::Tensor> saved_;
};

// A sheet of a fixed set of samples, so sheets from different iterations compare directly:
// one row per video (the first `content`'s count), one column per frame.
void write_sample_sheet(VideoGenerator& generator, const torch::Tensor& content, const torch::Tensor& noise,
                        int64_t frames, const std::string& path) {
  const BuffersKept kept(generator);
  torch::NoGradGuard no_grad;
  generator->eval();
  const torch::Tensor motion = generator->sample_motion_codes(noise, frames).narrow(1, 0, content.size(0));
  const torch::Tensor videos = generator->render(content, motion);  // [B, 3, T, S, S]
  generator->train();
  common::write_png(path, common::tile((videos.transpose(1, 2) + 1) / 2));
}

// The validity score of `count` fresh videos, the same draws each time it is called with the
// same seed.
ValidityScore score_generator(VideoGenerator& generator, int64_t count, int64_t frames, int64_t seed) {
  const BuffersKept kept(generator);
  torch::manual_seed(seed);  // the updates reseed, so this changes no later draw
  generator->eval();
  const ValidityScore score = score_videos(generator->sample(count, frames));
  generator->train();
  return score;
}

// A resumed run's log keeps the header and the rows up to its checkpoint's update: the rows
// an interrupted leg wrote after it are written again by the resumed one.
void keep_rows_up_to(const std::string& path, int64_t update) {
  std::ifstream in(path);
  std::string line, kept;
  for (bool header = true; std::getline(in, line); header = false) {
    try {
      if (header || std::stoll(line) <= update) kept += line + "\n";
    } catch (const std::exception&) {
      // a line cut short when the run was stopped
    }
  }
  in.close();
  std::ofstream(path, std::ios::trunc) << kept;
}

// validity.png: for the generator that samples (`which`: the average when there is one), the
// valid fraction and each criterion's rate against updates, from the run's validity.csv (so a
// resumed run's chart holds its earlier legs too); beside the average's, the trained
// generator's valid fraction, so the two compare.
void write_validity_chart(const std::string& csv_path, const std::string& png_path, const std::string& which) {
  const std::vector<std::string> columns = {"valid", "one object", "colour", "shape", "size", "motion"};
  std::vector<common::Series> series;
  for (const auto& column : columns) series.push_back({column, {}, {}});
  common::Series trained_valid{"valid, trained generator", {}, {}};
  std::ifstream csv(csv_path);
  std::string line;
  std::getline(csv, line);  // the header: iteration, generator, then the columns above
  while (std::getline(csv, line)) {
    std::istringstream fields(line);
    std::string iteration, generator, value;
    std::getline(fields, iteration, ',');
    std::getline(fields, generator, ',');
    try {
      const double x = std::stod(iteration);
      if (generator == which) {
        for (auto& s : series) {
          std::getline(fields, value, ',');
          s.y.push_back(100 * std::stod(value));
          s.x.push_back(x);
        }
      } else if (generator == "trained") {
        std::getline(fields, value, ',');
        trained_valid.y.push_back(100 * std::stod(value));
        trained_valid.x.push_back(x);
      }
    } catch (const std::exception&) {
      continue;  // a line cut short when a run was stopped
    }
  }
  if (!trained_valid.x.empty()) series.push_back(trained_valid);
  common::Chart chart{"Validity of the videos of the " + which + " generator", "generator updates",
                      "videos (%)", series, {{"the goal for valid", 90}}};
  common::write_line_chart(png_path, chart);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train MoCoGAN on shape-motion videos."};
  ModelOptions model;
  int64_t iterations = 3000, batch = 16, frames = 8, sample_every = 250, checkpoint_every = 250, seed = 1,
          scored = 256, threads = 0;
  std::string out = "build/mocogan-run", device_name = "cpu", lstm_name = "libtorch";
  GanRecipe recipe;
  recipe.instance_noise = 0.1;
  recipe.ema_decay = 0.999;
  std::string loss_name = "bce";
  bool resume = false;
  app.add_option("--iterations", iterations, "generator updates in all")->check(CLI::PositiveNumber);
  app.add_option("--batch", batch, "videos per update")->check(CLI::Range(2, 4096));
  app.add_option("--frames", frames, "frames per training video")->check(CLI::Range(2, 256));
  app.add_option("--image-size", model.image_size, "frame size: 16, 32, 64, ...")->check(CLI::Range(16, 1024));
  app.add_option("--base-channels", model.base_channels, "width of the networks")->check(CLI::Range(4, 1024));
  app.add_option("--sample-every", sample_every, "write a sample sheet every this many updates")
      ->check(CLI::PositiveNumber);
  app.add_option("--checkpoint-every", checkpoint_every, "checkpoint every this many updates")
      ->check(CLI::PositiveNumber);
  app.add_option("--instance-noise", recipe.instance_noise,
                 "std of the noise added to what the discriminators see (MoCoGAN's noise_sigma)")
      ->check(CLI::Range(0.0, 10.0));
  app.add_option("--loss", loss_name,
                 "bce (the paper's, batch-norm discriminators) or hinge (spectrally normalised discriminators)");
  app.add_option("--r1-gamma", recipe.r1_gamma, "weight of the R1 penalty on real inputs (0: none)")
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--ema-decay", recipe.ema_decay,
                 "decay of the moving average of the generator that samples and the saved weights use (0: none)")
      ->check(CLI::Range(0.0, 0.99999));
  app.add_option("--seed", seed, "seed for the weights and the data");
  app.add_option("--out", out, "the run's folder: samples/, checkpoint/, losses.csv, generator.safetensors");
  app.add_option("--device", device_name, "cpu or cuda");
  app.add_option("--lstm", lstm_name, "whose LSTM is the motion network: libtorch (LibTorch's own modules) or student");
  common::add_renamed_flag(app, "--layers", "--lstm libtorch|student");
  app.add_option("--score-videos", scored,
                 "with each sample sheet, judge this many fresh videos by the validity score into validity.csv "
                 "(mocogan/video_validity.h; 0: none)")
      ->check(CLI::Range(0, 65536));
  app.add_flag("--resume", resume, "continue from the run's checkpoint");
  common::add_threads_flag(app, threads);
  if (const auto exit_status = common::parse_flags(app, "mocogan_train", argc, argv)) return *exit_status;

  try {
    common::use_threads(threads);
    const torch::Device device = common::device_from_name(device_name);
    torch::manual_seed(seed);
    recipe.loss = gan_loss_from_name(loss_name);
    GanTraining run(model, motion_lstm_from_name(lstm_name), device, recipe);
    fs::create_directories(out + "/samples");
    fs::create_directories(out + "/checkpoint");
    const common::RunState earlier = resume ? run.load_checkpoint(out + "/checkpoint") : common::RunState{};
    const int64_t done = earlier.step;
    const auto start = std::chrono::steady_clock::now();
    const auto seconds = [&] {  // training time, a resumed run's earlier legs included
      return earlier.seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    if (resume)
      for (const char* log : {"/losses.csv", "/validity.csv"}) keep_rows_up_to(out + log, done);
    std::ofstream losses(out + "/losses.csv", resume ? std::ios::app : std::ios::trunc);
    if (!resume) losses << "iteration,image_discriminator,video_discriminator,generator\n";
    std::ofstream validity(out + "/validity.csv", resume ? std::ios::app : std::ios::trunc);
    // One row per scored generator: the trained one, and its moving average when there is one,
    // scored on the same draws, so the two compare in pairs.
    if (!resume) validity << "iteration,generator,valid,one_object,colour,shape,size,motion\n";

    const auto on_device = torch::TensorOptions().device(device);
    torch::manual_seed(seed + 1);
    const torch::Tensor sample_content = torch::randn({8, model.content_dim}, on_device);
    const torch::Tensor sample_noise = torch::randn({kSamplingBatch, model.motion_dim}, on_device);
    common::Progress progress("mocogan_train", done, iterations);
    for (int64_t iteration = done + 1; iteration <= iterations; ++iteration) {
      // Seeding each update from its number makes a resumed run draw what an unbroken one would.
      torch::manual_seed(seed * 1000003 + iteration);
      const torch::Tensor real = shape_motion_videos(batch, frames, model.image_size).to(device);
      const Losses l = run.step(real);
      losses << iteration << "," << l.image_discriminator << "," << l.video_discriminator << "," << l.generator << "\n";
      char numbers[96];
      std::snprintf(numbers, sizeof numbers, "D_I %.3f  D_V %.3f  G %.3f", l.image_discriminator,
                    l.video_discriminator, l.generator);
      progress.update(iteration, numbers);
      if (iteration % sample_every == 0 || iteration == iterations) {
        char name[64];
        std::snprintf(name, sizeof name, "/samples/iteration_%06lld.png", static_cast<long long>(iteration));
        write_sample_sheet(run.sampler(), sample_content, sample_noise, frames, out + name);
        if (scored > 0) {
          std::vector<std::pair<std::string, VideoGenerator*>> scored_generators{{"trained", &run.generator}};
          if (run.average_generator) scored_generators.emplace_back("average", &run.average_generator);
          for (const auto& [which, generator] : scored_generators) {
            const ValidityScore score = score_generator(*generator, scored, frames, seed + 2);
            validity << iteration << "," << which << "," << score.valid << "," << score.one_object << ","
                     << score.colour << "," << score.shape << "," << score.size << "," << score.motion << "\n"
                     << std::flush;
            progress.note("iteration " + std::to_string(iteration) + ", " + which + " generator: " + describe(score));
          }
          try {  // the chart is for looking at; training goes on without it
            write_validity_chart(out + "/validity.csv", out + "/validity.png", scored_generators.back().first);
          } catch (const std::exception& e) {
            progress.note(e.what());
          }
        }
      }
      if (iteration % checkpoint_every == 0 || iteration == iterations) {
        losses.flush();
        run.save_checkpoint(out + "/checkpoint", {iteration, seconds()});
      }
    }
    progress.finish();
    auto provenance = recipe.to_metadata();
    provenance.insert({{"data", "shape_motion"}, {"iterations", std::to_string(iterations)},
                       {"batch", std::to_string(batch)}, {"frames", std::to_string(frames)},
                       {"device", device_name}, {"seed", std::to_string(seed)},
                       {"weights", run.average_generator ? "moving average" : "trained"}});
    save_generator(out + "/generator.safetensors", run.sampler(), provenance);
    std::printf("wrote %s/generator.safetensors\n", out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mocogan_train: %s\n", common::one_line(e.what()).c_str());
    return 2;
  }
}
