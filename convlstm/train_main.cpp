// convlstm_train: trains the encoder-decoder ConvLSTM to predict Moving MNIST's next frames,
// with the student's LSTM update (or the reference's) inside every cell.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <ATen/Context.h>
#include <nlohmann/json.hpp>
#include <torch/optim/adam.h>
#include <torch/serialize.h>

#include "common/cli.h"
#include "common/device.h"
#include "common/image_io.h"
#include "common/plot.h"
#include "common/progress.h"
#include "common/safetensors.h"
#include "convlstm/evaluation.h"
#include "convlstm/model_flags.h"
#include "convlstm/training.h"

namespace fs = std::filesystem;
using namespace convlstm;

namespace {

// The curve of metrics.csv (all of it, so a resumed run draws its whole history).
void write_training_curve(const std::string& csv_path, const std::string& png_path) {
  std::ifstream csv(csv_path);
  std::string line;
  std::getline(csv, line);  // the header
  common::Series train{"train mse per frame", {}, {}}, test{"test mse per frame", {}, {}};
  while (std::getline(csv, line)) {
    double step = 0, train_mse = 0, test_mse = 0;
    if (std::sscanf(line.c_str(), "%lf,%lf,%lf", &step, &train_mse, &test_mse) != 3) continue;
    train.x.push_back(step), train.y.push_back(train_mse);
    test.x.push_back(step), test.y.push_back(test_mse);
  }
  common::write_line_chart(png_path, {train, test}, /*log_y=*/true);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train a ConvLSTM to predict Moving MNIST's next frames."};
  DataOptions data_options;
  data_options.add_flags(app);
  ModelFlags model_flags;
  model_flags.add_to(app);
  std::string device_name = "cpu", precision_name = "fp32", out = "build/convlstm-run";
  int64_t batch = 16, epochs = 1, epoch_sequences = 10000, eval_every = 200, eval_sequences = 256, seed = 1;
  double learning_rate = 1e-4, budget_minutes = 0;
  bool resume = false;
  app.add_option("--batch", batch, "sequences per step")->check(CLI::Range(1, 4096));
  app.add_option("--epochs", epochs, "passes of --epoch-sequences fresh sequences")->check(CLI::PositiveNumber);
  app.add_option("--epoch-sequences", epoch_sequences, "sequences per epoch")->check(CLI::PositiveNumber);
  app.add_option("--lr", learning_rate, "Adam's learning rate (betas 0.9, 0.98)")->check(CLI::PositiveNumber);
  app.add_option("--eval-every", eval_every, "steps between test scores and prediction sheets")
      ->check(CLI::PositiveNumber);
  app.add_option("--eval-sequences", eval_sequences, "test sequences scored during training")
      ->check(CLI::PositiveNumber);
  app.add_option("--budget-minutes", budget_minutes, "stop after this much training time (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", seed, "seed for the weights");
  app.add_option("--device", device_name, "cpu or cuda");
  app.add_option("--precision", precision_name, "fp32, or bf16: the forward under bfloat16 autocast");
  app.add_option("--out", out, "the run's folder: model.safetensors, metrics.csv, samples/, checkpoint/");
  app.add_flag("--resume", resume, "continue from the run's checkpoint");
  if (const auto exit_status = common::parse_flags(app, "convlstm_train", argc, argv)) return *exit_status;

  try {
    const torch::Device device = common::device_from_name(device_name);
    const common::Precision precision = common::precision_from_name(precision_name);
    at::globalContext().setBenchmarkCuDNN(true);  // the fastest convolution for these fixed shapes
    const MovingMnistData data(data_options);
    torch::manual_seed(seed);
    EncoderDecoder model = model_flags.build(data_options.frames_out);
    const PredictorOptions& model_options = model->options;
    model->to(device);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(learning_rate).betas({0.9, 0.98}));
    fs::create_directories(out + "/samples");
    fs::create_directories(out + "/checkpoint");
    const std::string checkpoint = out + "/checkpoint";
    int64_t done = 0;
    if (resume) {
      std::ifstream state(checkpoint + "/state.json");
      if (!state) throw std::runtime_error(checkpoint + " holds no checkpoint (no state.json)");
      done = nlohmann::json::parse(state).at("step").get<int64_t>();
      common::load_into(*model, common::load_safetensors(checkpoint + "/model.safetensors"),
                        checkpoint + "/model.safetensors");
      torch::load(optimizer, checkpoint + "/adam.pt");
    }
    std::ofstream metrics_csv(out + "/metrics.csv", resume ? std::ios::app : std::ios::trunc);
    if (!resume) metrics_csv << "step,train_mse_per_frame,test_mse_per_frame,test_ssim\n";

    const int64_t steps = epochs * ((epoch_sequences + batch - 1) / batch);
    const int64_t frames_in = data_options.frames_in;
    common::Progress progress("convlstm_train", done, steps, 60 * budget_minutes);
    double running = 0;  // mean training MSE per frame since the last report
    int64_t running_count = 0;
    const auto start = std::chrono::steady_clock::now();
    const auto out_of_time = [&] {
      return budget_minutes > 0 &&
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > 60 * budget_minutes;
    };
    int64_t last_step = done;
    for (int64_t step = done + 1; step <= steps; ++step) {
      last_step = step;
      const torch::Tensor clips = data.train((step - 1) * batch, batch).to(device);
      const torch::Tensor loss = train_step(model, optimizer, clips, frames_in, precision);
      const double pixels = static_cast<double>(clips.size(2) * clips.size(3) * clips.size(4));
      const double frame_mse = loss.item<double>() * pixels;  // summed over a frame, as reported
      if (!std::isfinite(frame_mse)) throw std::runtime_error("training diverged: the loss is not finite");
      running += frame_mse;
      ++running_count;
      char numbers[64];
      std::snprintf(numbers, sizeof numbers, "MSE/frame %.1f", frame_mse);
      progress.update(step, numbers);
      const bool stopping = step == steps || out_of_time();
      if (step % eval_every == 0 || stopping) {
        const StepMetrics test = evaluate(model, data, std::min(eval_sequences, data.test_size()), batch, device);
        metrics_csv << step << "," << running / running_count << "," << test.mse.mean().item<double>() << ","
                    << test.ssim.mean().item<double>() << "\n" << std::flush;
        running = 0;
        running_count = 0;
        write_training_curve(out + "/metrics.csv", out + "/training_curve.png");
        char name[64];
        std::snprintf(name, sizeof name, "/samples/step_%07lld.png", static_cast<long long>(step));
        common::write_png(out + name, prediction_sheet(model, data, 4, device));
        common::save_safetensors(checkpoint + "/model.safetensors", common::module_tensors(*model));
        torch::save(optimizer, checkpoint + "/adam.pt");
        std::ofstream(checkpoint + "/state.json") << nlohmann::json{{"step", step}}.dump() << "\n";
      }
      if (stopping) break;
    }
    progress.finish();
    auto weights = common::module_tensors(*model);
    weights.metadata = {{"hidden", std::to_string(model_options.hidden)}, {"kernel", std::to_string(model_options.kernel)},
                        {"layers", std::to_string(model_options.layers)}, {"decoder", model_flags.decoder},
                        {"frames_out", std::to_string(model_options.frames_out)}, {"steps", std::to_string(last_step)},
                        {"batch", std::to_string(batch)}, {"device", device_name},
                        {"precision", precision_name}};
    common::save_safetensors(out + "/model.safetensors", weights);
    std::printf("wrote %s/model.safetensors, metrics.csv and samples/\n", out.c_str());
  } catch (const NotImplementedError& e) {
    std::fprintf(stderr, "convlstm_train: %s: finish student/submitted.cpp first\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "convlstm_train: %s\n", common::one_line(e.what()).c_str());
    return 2;
  }
}
