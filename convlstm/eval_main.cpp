// convlstm_eval: scores a trained ConvLSTM on the test set, step by step into the future, and
// draws its predictions.
#include <cstdio>
#include <fstream>

#include "common/cli.h"
#include "common/device.h"
#include "common/event_file.h"
#include "common/image_io.h"
#include "common/progress.h"
#include "common/safetensors.h"
#include "common/threads.h"
#include "convlstm/evaluation.h"
#include "convlstm/training.h"

using namespace convlstm;


int main(int argc, char** argv) {
  CLI::App app{"Score a trained ConvLSTM on the Moving MNIST test set."};
  DataOptions data_options;
  data_options.add_flags(app);
  std::string weights, update_name = "student", device_name = "cpu", out = "build/convlstm-eval";
  int64_t sequences = 1000, batch = 32;
  app.add_option("--weights", weights, "model.safetensors from convlstm_train")->required()->check(CLI::ExistingFile);
  app.add_option("--update", update_name, "whose LSTM update the cells run: student or reference");
  app.add_option("--sequences", sequences, "test sequences to score (at most the test set)")->check(CLI::PositiveNumber);
  app.add_option("--batch", batch, "sequences per batch")->check(CLI::Range(1, 4096));
  app.add_option("--device", device_name, "cpu or cuda");
  app.add_option("--out", out, "folder for per_step.csv, predictions.png and TensorBoard's events");
  int64_t threads = 0;
  common::add_threads_flag(app, threads);
  if (const auto exit_status = common::parse_flags(app, "convlstm_eval", argc, argv)) return *exit_status;

  try {
    common::use_threads(threads);
    const torch::Device device = common::device_from_name(device_name);
    const common::Safetensors file = common::load_safetensors(weights);
    // What the model is, and how it was trained: its steps and the fewest that mean something
    // (models from before --min-steps have no minimum).
    PredictorOptions options;
    int64_t steps = 0;
    Pace pace;
    try {
      options = PredictorOptions::from_metadata(file.metadata);
      // Test on clips like those it learned from, unless told otherwise.
      if (app.count("--digits-per-clip") == 0) data_options.digits_per_clip = metadata_int(file.metadata, "digits_per_clip");
      steps = metadata_int(file.metadata, "steps");
      if (file.metadata.count("min_steps")) pace.min_steps = metadata_int(file.metadata, "min_steps");
    } catch (const std::exception& e) {
      throw std::runtime_error(weights + ": " + e.what());
    }
    data_options.frames_out = options.frames_out;
    const MovingMnistData data(data_options);
    EncoderDecoder model(options, state_update_from_name(update_name));
    common::load_into(*model, file, weights);
    model->to(device);
    sequences = std::min(sequences, data.test_size());
    common::EventFile events(out);  // before the scoring, so an unwritable folder stops it at once

    common::Progress progress("convlstm_eval", 0, sequences);
    const StepMetrics m = evaluate(model, data, sequences, batch, device, [&](int64_t done) { progress.update(done); });
    progress.finish();
    std::ofstream csv(out + "/per_step.csv");
    csv << "step,mse,mae,ssim,psnr\n";
    std::printf("%lld test sequences; per frame: MSE and MAE summed over its pixels\n", static_cast<long long>(sequences));
    std::printf("%6s %9s %9s %7s %7s\n", "step", "MSE", "MAE", "SSIM", "PSNR");
    for (int64_t t = 0; t < options.frames_out; ++t) {
      const double mse = m.mse[t].item<double>(), mae = m.mae[t].item<double>();
      const double ssim = m.ssim[t].item<double>(), psnr = m.psnr[t].item<double>();
      csv << t + 1 << "," << mse << "," << mae << "," << ssim << "," << psnr << "\n";
      // TensorBoard's step axis is the predicted frame here, 1 to frames_out.
      events.add_scalar("eval/mse_per_frame", mse, t + 1);
      events.add_scalar("eval/mae_per_frame", mae, t + 1);
      events.add_scalar("eval/ssim", ssim, t + 1);
      events.add_scalar("eval/psnr", psnr, t + 1);
      std::printf("%6lld %9.2f %9.2f %7.4f %7.2f\n", static_cast<long long>(t + 1), mse, mae, ssim, psnr);
    }
    std::printf("%6s %9.2f %9.2f %7.4f %7.2f\n", "mean", m.mse.mean().item<double>(), m.mae.mean().item<double>(),
                m.ssim.mean().item<double>(), m.psnr.mean().item<double>());
    const Baselines baselines = score_baselines(data, sequences, options.frames_out, batch);
    for (const auto& [name, b] : {std::make_pair("black frames", &baselines.black),
                                  std::make_pair("last frame seen", &baselines.last_frame)})
      std::printf("%-6s %9.2f %9.2f %7.4f %7.2f   (baseline: %s)\n", "", b->mse.mean().item<double>(),
                  b->mae.mean().item<double>(), b->ssim.mean().item<double>(), b->psnr.mean().item<double>(), name);
    const Predictions predictions = predict_test_sequences(model, data, std::min<int64_t>(8, sequences), device);
    log_predictions(events, predictions, 0);
    common::write_png(out + "/predictions.png", prediction_sheet(predictions));
    if (const std::string verdict = pace.verdict(steps); !verdict.empty())
      std::printf("%s\n", verdict.c_str());
    std::printf("wrote %s/per_step.csv, %s/predictions.png and TensorBoard's events\n", out.c_str(), out.c_str());
  } catch (const NotImplementedError& e) {
    std::fprintf(stderr, "convlstm_eval: %s: finish student/submitted.cpp first\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "convlstm_eval: %s\n", common::one_line(e.what()).c_str());
    return 2;
  }
}
