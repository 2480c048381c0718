// convlstm_benchmark: training throughput of the lab's model, in sequences a second, for one
// device, batch and precision. It times train_step, the very step convlstm_train runs, on
// random clips made before the clock starts, so only the model, its backward and Adam count.
// scripts/benchmark_convlstm.py runs it beside an eager PyTorch copy of the same model.
#include <chrono>
#include <cstdio>

#include <ATen/Context.h>
#include <nlohmann/json.hpp>
#include <torch/cuda.h>
#include <torch/optim/adam.h>

#include "common/cli.h"
#include "common/device.h"
#include "common/threads.h"
#include "convlstm/model_flags.h"
#include "convlstm/training.h"

using namespace convlstm;

int main(int argc, char** argv) {
  CLI::App app{"Time the ConvLSTM's training steps."};
  ModelFlags model_flags;
  model_flags.add_to(app);
  std::string device_name = "cpu", precision_name = "fp32", loss_name = "mse";
  int64_t batch = 16, warmup = 3, steps = 20, frames_in = 10, frames_out = 10, size = 64;
  bool json = false;
  app.add_option("--frames-in", frames_in, "frames the model sees")->check(CLI::Range(1, 100));
  app.add_option("--frames-out", frames_out, "frames it predicts")->check(CLI::Range(1, 100));
  app.add_option("--size", size, "frame height and width")->check(CLI::Range(4, 1024));
  app.add_option("--batch", batch, "sequences per step")->check(CLI::Range(1, 4096));
  app.add_option("--warmup", warmup, "untimed steps first (allocator, cuDNN's algorithm search)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--steps", steps, "timed steps")->check(CLI::PositiveNumber);
  app.add_option("--device", device_name, "cpu or cuda");
  app.add_option("--precision", precision_name, "fp32, bf16 (the forward under bfloat16 autocast) or auto");
  app.add_option("--loss", loss_name, "mse or bce, as convlstm_train's");
  app.add_flag("--json", json, "print one JSON object instead of a sentence");
  int64_t threads = 0;
  common::add_threads_flag(app, threads);
  if (const auto exit_status = common::parse_flags(app, "convlstm_benchmark", argc, argv)) return *exit_status;

  try {
    threads = common::use_threads(threads);
    const torch::Device device = common::device_from_name(device_name);
    const common::Precision precision = common::precision_from_name(precision_name, device);
    const Loss loss_kind = loss_from_name(loss_name);
    // Both sides of the comparison let cuDNN pick its fastest convolution for these shapes.
    at::globalContext().setBenchmarkCuDNN(true);
    torch::manual_seed(0);
    EncoderDecoder model = model_flags.build(frames_out, size);
    model->to(device);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-4).betas({0.9, 0.98}));
    const torch::Tensor clips = torch::rand({batch, frames_in + frames_out, 1, size, size}, device);
    const auto wait_for_device = [&] {
      if (device.is_cuda()) torch::cuda::synchronize();
    };

    for (int64_t i = 0; i < warmup; ++i) train_step(model, optimizer, clips, frames_in, precision, loss_kind);
    wait_for_device();
    const auto start = std::chrono::steady_clock::now();
    torch::Tensor loss;
    for (int64_t i = 0; i < steps; ++i) loss = train_step(model, optimizer, clips, frames_in, precision, loss_kind);
    wait_for_device();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!std::isfinite(loss.item<double>())) throw std::runtime_error("the loss is not finite");

    const double per_second = steps * batch / seconds;
    if (json) {
      // What was timed, so scripts/benchmark_convlstm.py can check that its model is this one.
      int64_t parameters = 0;
      for (const auto& p : model->parameters()) parameters += p.numel();
      const nlohmann::json report = {{"implementation", "libtorch"}, {"device", device_name},
                                     {"precision", common::precision_name(precision)}, {"batch", batch},
                                     {"warmup", warmup}, {"steps", steps}, {"parameters", parameters},
                                     {"threads", threads},
                                     {"seconds", seconds}, {"sequences_per_second", per_second}};
      std::printf("%s\n", report.dump().c_str());
    } else {
      std::printf("convlstm_benchmark: %.2f sequences/s (%lld steps of %lld sequences in %.2f s, %s, %s, "
                  "%lld threads)\n",
                  per_second, static_cast<long long>(steps), static_cast<long long>(batch), seconds,
                  device_name.c_str(), common::precision_name(precision).c_str(), static_cast<long long>(threads));
    }
  } catch (const NotImplementedError& e) {
    std::fprintf(stderr, "convlstm_benchmark: %s: finish student/submitted.cpp first\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "convlstm_benchmark: %s\n", common::one_line(e.what()).c_str());
    return 2;
  }
}
