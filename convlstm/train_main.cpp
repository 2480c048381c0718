// convlstm_train: trains the encoder-decoder ConvLSTM to predict Moving MNIST's next frames,
// with the student's LSTM update (or the reference's) inside every cell.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <ATen/Context.h>
#include <torch/optim/adam.h>

#include "common/checkpoint.h"
#include "common/cli.h"
#include "common/device.h"
#include "common/event_file.h"
#include "common/image_io.h"
#include "common/plot.h"
#include "common/progress.h"
#include "common/safetensors.h"
#include "common/threads.h"
#include "convlstm/evaluation.h"
#include "convlstm/model_flags.h"
#include "convlstm/presets.h"
#include "convlstm/training.h"

namespace fs = std::filesystem;
using namespace convlstm;

namespace {

// The curve of metrics.csv (all of it, so a resumed run draws its whole history), with the
// two no-model baselines as levels the test curve has to get under.
void write_training_curve(const std::string& csv_path, const std::string& png_path, const Baselines& baselines) {
  std::ifstream csv(csv_path);
  std::string line;
  std::getline(csv, line);  // the header
  common::Chart chart;
  chart.title = "convlstm_train: MSE per frame, summed over its pixels";
  chart.x_title = "training step";
  chart.y_title = "MSE per frame (log scale)";
  chart.log_y = true;
  chart.series = {{"training clips", {}, {}}, {"test clips", {}, {}}};
  while (std::getline(csv, line)) {
    double step = 0, train_mse = 0, test_mse = 0;
    if (std::sscanf(line.c_str(), "%lf,%lf,%lf", &step, &train_mse, &test_mse) != 3) continue;
    chart.series[0].x.push_back(step), chart.series[0].y.push_back(train_mse);
    chart.series[1].x.push_back(step), chart.series[1].y.push_back(test_mse);
  }
  chart.levels = {{"no model: black frames", baselines.black.mse.mean().item<double>()},
                  {"no model: last frame seen", baselines.last_frame.mse.mean().item<double>()}};
  common::write_line_chart(png_path, chart);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train a ConvLSTM to predict Moving MNIST's next frames."};
  DataOptions data_options;
  data_options.add_flags(app);
  ModelFlags model_flags;
  model_flags.add_to(app);
  std::string preset = "lab", loss_name = "mse", schedule_name = "constant", device_name = "cpu",
              precision_name = "fp32", out = "build/convlstm-run";
  int64_t batch = 16, epochs = 1, epoch_sequences = 10000, eval_every = 200, eval_sequences = 256, seed = 1,
          min_steps = 0;
  double learning_rate = 1e-4, budget_minutes = 0;
  bool resume = false;
  app.add_option("--batch", batch, "sequences per step")->check(CLI::Range(1, 4096));
  app.add_option("--epochs", epochs, "passes of --epoch-sequences fresh sequences")->check(CLI::PositiveNumber);
  app.add_option("--epoch-sequences", epoch_sequences, "sequences per epoch")->check(CLI::PositiveNumber);
  app.add_option("--loss", loss_name, "mse (the tutorial's) or bce: cross-entropy (see convlstm/training.h)");
  app.add_option("--lr", learning_rate, "Adam's learning rate (betas 0.9, 0.98), the peak of --lr-schedule")
      ->check(CLI::PositiveNumber);
  app.add_option("--lr-schedule", schedule_name,
                 "constant, or cosine: down to zero at the end of the run's steps or budget, whichever is nearer");
  app.add_option("--eval-every", eval_every, "steps between test scores and prediction sheets")
      ->check(CLI::PositiveNumber);
  app.add_option("--eval-sequences", eval_sequences, "test sequences scored during training")
      ->check(CLI::PositiveNumber);
  app.add_option("--budget-minutes", budget_minutes,
                 "stop after this much training time, a resumed run's earlier time included (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--min-steps", min_steps,
                 "the fewest steps whose result means something: a shorter run is marked too short to judge, and "
                 "with --budget-minutes a step rate that will not reach them is warned of (0: no minimum)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", seed, "seed for the weights");
  app.add_option("--device", device_name, "cpu or cuda");
  app.add_option("--precision", precision_name,
                 "fp32, bf16 (the forward under bfloat16 autocast), or auto: bf16 where the hardware has it");
  app.add_option("--out", out,
                 "the run's folder: model.safetensors, metrics.csv, TensorBoard's events, samples/, checkpoint/");
  app.add_flag("--resume", resume, "continue from the run's checkpoint");
  int64_t threads = 0;
  common::add_threads_flag(app, threads);
  if (const auto exit_status = parse_flags_with_preset(app, preset, "convlstm_train", argc, argv))
    return *exit_status;

  try {
    threads = common::use_threads(threads);
    const torch::Device device = common::device_from_name(device_name);
    const common::Precision precision = common::precision_from_name(precision_name, device);
    const Loss loss_kind = loss_from_name(loss_name);
    const Schedule schedule = schedule_from_name(schedule_name);
    at::globalContext().setBenchmarkCuDNN(true);  // the fastest convolution for these fixed shapes
    const MovingMnistData data(data_options);
    torch::manual_seed(seed);
    EncoderDecoder model = model_flags.build(data_options.frames_out, data.frame_size());
    const PredictorOptions& model_options = model->options;
    model->to(device);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(learning_rate).betas({0.9, 0.98}));
    const std::string checkpoint = out + "/checkpoint";
    std::error_code cannot_create;
    for (const std::string& folder : {out + "/samples", checkpoint})
      if (!cannot_create) fs::create_directories(folder, cannot_create);
    if (cannot_create) throw std::runtime_error("cannot create the run's folder " + out + ": " + cannot_create.message());
    common::EventFile events(out);  // `tensorboard --logdir` on the run's folder shows it
    const common::CheckpointParts parts{{{"model", model.get()}}, {{"model", &optimizer}}};
    const common::RunState earlier =
        resume ? common::load_checkpoint(checkpoint, parts, model_options.to_metadata()) : common::RunState{};
    const int64_t done = earlier.step;
    const double earlier_seconds = earlier.seconds;  // training time before a resume
    std::ofstream metrics_csv(out + "/metrics.csv", resume ? std::ios::app : std::ios::trunc);
    metrics_csv.precision(9);  // float32's digits, so the CSV and the event file agree
    if (!resume) metrics_csv << "step,train_mse_per_frame,test_mse_per_frame,test_ssim,test_ssim_first_predicted_frame\n";

    const int64_t scored_sequences = std::min(eval_sequences, data.test_size());
    const Baselines baselines = score_baselines(data, scored_sequences, data_options.frames_out, batch);
    const int64_t steps = epochs * ((epoch_sequences + batch - 1) / batch);
    const int64_t frames_in = data_options.frames_in;
    common::Progress progress("convlstm_train", done, steps,
                              budget_minutes > 0 ? std::max(1.0, 60 * budget_minutes - earlier_seconds) : 0);
    double running = 0;  // mean training MSE per frame since the last report
    int64_t running_count = 0;
    const auto start = std::chrono::steady_clock::now();
    const auto seconds = [&] {
      return earlier_seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    const auto out_of_time = [&] { return budget_minutes > 0 && seconds() > 60 * budget_minutes; };
    const Pace pace{min_steps, 60 * budget_minutes, threads};
    // The pace is first judged after half a minute, then every two, while the run can still act on it.
    double next_pace_check = 30;
    // The fraction of the run done: of its steps, or of its budget when that ends it sooner.
    const auto progress_done = [&](int64_t step) {
      const double by_steps = static_cast<double>(step - 1) / steps;
      return budget_minutes > 0 ? std::max(by_steps, seconds() / (60 * budget_minutes)) : by_steps;
    };
    int64_t last_step = done;
    for (int64_t step = done + 1; step <= steps; ++step) {
      last_step = step;
      const torch::Tensor clips = data.train((step - 1) * batch, batch).to(device);
      const double lr = scheduled_learning_rate(schedule, learning_rate, progress_done(step));
      for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
      const torch::Tensor loss = train_step(model, optimizer, clips, frames_in, precision, loss_kind);
      const double pixels = static_cast<double>(clips.size(2) * clips.size(3) * clips.size(4));
      const double frame_mse = loss.item<double>() * pixels;  // summed over a frame, as reported
      if (!std::isfinite(frame_mse)) throw std::runtime_error("training diverged: the loss is not finite");
      running += frame_mse;
      ++running_count;
      events.add_scalar("train/mse_per_frame", frame_mse, step);
      events.add_scalar("train/learning_rate", lr, step);
      char numbers[64];
      std::snprintf(numbers, sizeof numbers, "MSE/frame %.1f", frame_mse);
      progress.update(step, numbers);
      const double this_run = seconds() - earlier_seconds;
      if (this_run >= next_pace_check) {
        next_pace_check = this_run + 120;
        const std::string warning = pace.warning(done, step, this_run, 60 * budget_minutes - seconds());
        if (!warning.empty()) progress.note(warning);
      }
      const bool stopping = step == steps || out_of_time();
      if (step % eval_every == 0 || stopping) {
        const StepMetrics test = evaluate(model, data, scored_sequences, batch, device);
        const double test_mse = test.mse.mean().item<double>(), test_ssim = test.ssim.mean().item<double>();
        const double first_ssim = test.ssim[0].item<double>();
        metrics_csv << step << "," << running / running_count << "," << test_mse << "," << test_ssim << ","
                    << first_ssim << "\n" << std::flush;
        running = 0;
        running_count = 0;
        events.add_scalar("test/mse_per_frame", test_mse, step);
        events.add_scalar("test/ssim", test_ssim, step);
        events.add_scalar("test/ssim_first_predicted_frame", first_ssim, step);
        try {  // the curve is for looking at; training goes on without it
          write_training_curve(out + "/metrics.csv", out + "/training_curve.png", baselines);
        } catch (const std::exception& e) {
          progress.note(e.what());
        }
        const Predictions predictions = predict_test_sequences(model, data, 4, device);
        log_predictions(events, predictions, step);
        char name[64];
        std::snprintf(name, sizeof name, "/samples/step_%07lld.png", static_cast<long long>(step));
        common::write_png(out + name, prediction_sheet(predictions));
        common::save_checkpoint(checkpoint, parts, {step, seconds()}, model_options.to_metadata());
      }
      if (stopping) break;
    }
    progress.finish();
    if (const std::string verdict = pace.verdict(last_step); !verdict.empty())
      std::printf("convlstm_train: %s\n", verdict.c_str());
    auto weights = common::module_tensors(*model);
    weights.metadata = model_options.to_metadata();
    // How it was trained, beside what it is: convlstm_eval reads the data and the steps.
    weights.metadata.insert({{"digits_per_clip", std::to_string(data_options.digits_per_clip)},
                             {"steps", std::to_string(last_step)}, {"min_steps", std::to_string(min_steps)},
                             {"batch", std::to_string(batch)}, {"device", device_name},
                             {"threads", std::to_string(threads)}, {"precision", common::precision_name(precision)},
                             {"preset", preset}, {"loss", loss_name}, {"lr", std::to_string(learning_rate)},
                             {"lr_schedule", schedule_name}});
    common::save_safetensors(out + "/model.safetensors", weights);
    std::printf("wrote %s/model.safetensors, metrics.csv, training_curve.png, samples/ and TensorBoard's %s\n",
                out.c_str(), fs::path(events.path()).filename().c_str());
  } catch (const NotImplementedError& e) {
    std::fprintf(stderr, "convlstm_train: %s: finish student/submitted.cpp first\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "convlstm_train: %s\n", common::one_line(e.what()).c_str());
    return 2;
  }
}
