// What the MoCoGAN and ConvLSTM programs share (common/): weight files, checkpoints, the
// thread count, durations, and the training chart.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <ATen/Parallel.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include "common/checkpoint.h"
#include "common/image_io.h"
#include "common/plot.h"
#include "common/progress.h"
#include "common/safetensors.h"
#include "common/threads.h"
#include "tests/scratch.h"

using namespace common;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string scratch(const std::string& name) { return scratch_path("common_test", name); }

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A small model with parameters and buffers of two dtypes (BatchNorm counts batches in int64).
torch::nn::Sequential small_model() {
  return torch::nn::Sequential(torch::nn::Linear(3, 4), torch::nn::BatchNorm1d(4));
}

// A weight file of the small model with every tensor random, and its path.
std::string small_weight_file(const std::string& name) {
  torch::manual_seed(3);
  auto model = small_model();
  Safetensors file = module_tensors(*model);
  for (auto& [key, tensor] : file.tensors)
    if (tensor.is_floating_point()) tensor = torch::randn_like(tensor);
  file.metadata = {{"width", "4"}};
  const std::string path = scratch(name);
  save_safetensors(path, file);
  return path;
}

}  // namespace

TEST_CASE("weights round trip bit for bit, with their metadata") {
  const std::string path = small_weight_file("round_trip.safetensors");
  const Safetensors loaded = load_safetensors(path);
  auto model = small_model();
  load_into(*model, loaded, path);
  const Safetensors again = module_tensors(*model);
  REQUIRE(again.tensors.size() == loaded.tensors.size());
  for (const auto& [name, tensor] : loaded.tensors) {
    INFO(name);
    CHECK(again.tensors.at(name).scalar_type() == tensor.scalar_type());
    CHECK(torch::equal(again.tensors.at(name), tensor));
  }
  CHECK(loaded.metadata == std::map<std::string, std::string>{{"width", "4"}});
  save_safetensors(scratch("again.safetensors"), {again.tensors, loaded.metadata});
  CHECK(read_bytes(scratch("again.safetensors")) == read_bytes(path));
}

TEST_CASE("a damaged weight file is refused with the tensor at fault") {
  const std::string path = small_weight_file("good.safetensors");
  const std::string bytes = read_bytes(path);
  const std::string bad = scratch("bad.safetensors");

  write_bytes(bad, bytes.substr(0, bytes.size() - 10));
  CHECK_THROWS_WITH(load_safetensors(bad), Contains("runs past the end of the file (truncated?)") &&
                                               Contains("tensor '"));
  write_bytes(bad, bytes.substr(0, 20));
  CHECK_THROWS_WITH(load_safetensors(bad), Contains("truncated"));
  std::string corrupt = bytes;
  corrupt[8] = '#';  // the header's opening brace
  write_bytes(bad, corrupt);
  CHECK_THROWS_WITH(load_safetensors(bad), Contains("not valid JSON"));
  write_bytes(bad, "");
  CHECK_THROWS_WITH(load_safetensors(bad), Contains("no header length"));
  CHECK_THROWS_WITH(load_safetensors(scratch("missing.safetensors")), Contains("cannot open"));

  Safetensors file = load_safetensors(path);
  auto model = small_model();
  file.tensors.erase("0.bias");
  CHECK_THROWS_WITH(load_into(*model, file, path), Contains("'0.bias' is missing"));
  file = load_safetensors(path);
  file.tensors["0.weight"] = torch::zeros({3, 3});
  CHECK_THROWS_WITH(load_into(*model, file, path), Contains("'0.weight' has shape [3, 3], the model needs [4, 3]"));
  file = load_safetensors(path);
  file.tensors["extra.weight"] = torch::zeros({1});
  CHECK_THROWS_WITH(load_into(*model, file, path), Contains("'extra.weight' is not part of this model"));
}

TEST_CASE("a checkpoint restores the model, the optimiser and where the run stood; other model options are refused") {
  const std::string folder = scratch("checkpoint");  // a save replaces what an earlier run left
  fs::create_directories(folder);
  torch::manual_seed(4);
  auto model = small_model();
  torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-2));
  const auto train_step = [](torch::nn::Sequential& m, torch::optim::Adam& optimizer) {
    optimizer.zero_grad();
    m->forward(torch::ones({2, 3})).pow(2).sum().backward();
    optimizer.step();
  };
  train_step(model, adam);
  const std::map<std::string, std::string> metadata = {{"width", "4"}};
  save_checkpoint(folder, {{{"model", model.get()}}, {{"model", &adam}}}, {1, 2.5}, metadata);

  auto restored = small_model();
  torch::optim::Adam restored_adam(restored->parameters(), torch::optim::AdamOptions(1e-2));
  const RunState state = load_checkpoint(folder, {{{"model", restored.get()}}, {{"model", &restored_adam}}}, metadata);
  CHECK(state.step == 1);
  CHECK(state.seconds == 2.5);
  // The next step from the checkpoint is the next step of the run.
  train_step(model, adam);
  train_step(restored, restored_adam);
  for (const auto& [name, tensor] : module_tensors(*model).tensors) {
    INFO(name);
    CHECK(torch::equal(module_tensors(*restored).tensors.at(name), tensor));
  }

  CHECK_THROWS_WITH(load_checkpoint(folder, {{{"model", restored.get()}}, {}}, {{"width", "8"}}),
                    Contains("model.safetensors: saved with other model options"));
  CHECK_THROWS_WITH(load_checkpoint(scratch("no_checkpoint"), {}, metadata), Contains("holds no checkpoint"));
}

TEST_CASE("--threads sets LibTorch's threads; 0 means OMP_NUM_THREADS, else every CPU allowed") {
  CHECK(use_threads(1) == 1);
  CHECK(at::get_num_threads() == 1);
  CHECK(use_threads(2) == 2);
  CHECK(at::get_num_threads() == 2);
  int64_t threads = 0;
  CLI::App app;
  add_threads_flag(app, threads);
  const char* argv[] = {"program", "--threads", "3"};
  app.parse(3, const_cast<char**>(argv));
  CHECK(threads == 3);
  const char* bad[] = {"program", "--threads", "0"};
  CHECK_THROWS_AS(app.parse(3, const_cast<char**>(bad)), CLI::ValidationError);
}

TEST_CASE("durations read as people say them") {
  CHECK(format_duration(42) == "42 s");
  CHECK(format_duration(185) == "3 min 05 s");
  CHECK(format_duration(3720) == "1 h 02 min");
}

TEST_CASE("a training chart is a PNG of the asked size, drawn by matplotlib; no point at all is refused") {
  Chart chart;
  chart.title = "one point and a level";
  chart.series = {{"test clips", {125}, {47.5}}};
  chart.levels = {{"no model", 60}};
  chart.log_y = true;
  const std::string path = scratch("one_point.png");
  write_line_chart(path, chart, 640, 400);
  const torch::Tensor grey = read_grey_image(path);  // [H, W], uint8
  CHECK(grey.sizes() == torch::IntArrayRef({400, 640}));
  CHECK((grey < 128).sum().item<int64_t>() > 1000);  // axes, ticks, titles and legend drawn in dark ink

  chart.series = {{"test clips", {}, {}}};
  CHECK_THROWS_WITH(write_line_chart(path, chart), Contains("no points to plot"));
}
