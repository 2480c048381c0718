// make_fixtures --set visible|hidden --out FILE
//
// Writes a fixture file: random inputs and the reference implementation's outputs for every
// graded task, as the graded layers describe them (grader/common/graded_layer.h), computed by
// the same task code that probes a submission. Deterministic: the same set gives the same
// bytes on every run.
#include "grader/common/json_file.h"
#include "grader/common/graded_layer.h"
#include "grader/probe/task_registry.h"
#include "grader/probe/torch_json.h"
#include "reference/hidden_set.h"

#include <torch/utils.h>

#include <CLI/CLI.hpp>

#include <cmath>
#include <iostream>
#include <map>
#include <stdexcept>

namespace {

using grading::Draw;
using grading::GradedLayer;
using nlohmann::json;

struct FixtureSet {
  uint64_t seed;
  bool hidden;  // values from reference/hidden_set.cpp instead of the descriptions' visible ones
};
const FixtureSet kVisible{417, false}, kHidden{20261122, true};

// The value of a size or setting in `set`.
json value_in(const FixtureSet& set, const std::string& key, const json& visible) {
  if (!set.hidden) return visible;
  const auto& hidden = reference::hidden_set_values();
  const auto found = hidden.find(key);
  if (found == hidden.end()) throw std::runtime_error("reference/hidden_set.cpp has no value for '" + key + "'");
  return found->second;
}

std::vector<int64_t> dimensions(const std::string& shape, const std::map<std::string, int64_t>& sizes) {
  std::vector<int64_t> dims;
  for (const auto& dimension : grading::dimensions_of(shape)) dims.push_back(dimension.factor * sizes.at(dimension.size));
  return dims;
}

torch::Tensor draw(const Draw& how, const std::vector<int64_t>& shape) {
  switch (how.kind) {
    case Draw::Kind::weight: return torch::randn(shape) / std::sqrt(static_cast<double>(shape.back()));
    case Draw::Kind::normal: return torch::randn(shape) * how.a;
    case Draw::Kind::uniform: return torch::rand(shape) * (how.b - how.a) + how.a;
    case Draw::Kind::computed: break;
  }
  throw std::logic_error("an expected output is computed, not drawn");
}

// Every layer's sizes and settings, then the inputs, layer by layer in the order of
// graded_layers(): each layer's own in the order its description lists them, then any tensor
// drawn after it (graded_layer.h says why).
json random_inputs(const FixtureSet& set) {
  json f;
  std::map<std::string, int64_t> sizes;
  for (const GradedLayer& layer : grading::graded_layers()) {
    for (const auto& size : layer.sizes) {
      sizes[size.key] = value_in(set, size.key, size.visible).get<int64_t>();
      if (size.written) f[size.key] = sizes[size.key];
    }
    for (const auto& setting : layer.settings) f[setting.key] = value_in(set, setting.key, setting.visible);
  }
  const auto draw_where = [&](const GradedLayer& layer, const std::string& drawn_after) {
    for (const auto& tensor : layer.tensors)
      if (tensor.draw.kind != Draw::Kind::computed && tensor.drawn_after == drawn_after)
        f[tensor.key] = grading::tensor_to_json(draw(tensor.draw, dimensions(tensor.shape, sizes)));
  };
  for (const GradedLayer& layer : grading::graded_layers()) {
    draw_where(layer, "");
    for (const GradedLayer& earlier : grading::graded_layers()) draw_where(earlier, layer.name);
  }
  return f;
}

// Runs every task that has expected outputs and stores them under their fixture keys.
void add_reference_outputs(json& fixtures) {
  for (const auto& spec : grading::task_specs()) {
    if (spec.outputs.empty()) continue;
    json inputs;
    for (const auto& key : spec.inputs) inputs[key] = fixtures.at(key);
    const grading::TaskResult result = grading::task_registry().at(spec.name)(inputs);
    for (const auto& output : spec.outputs)
      fixtures[output.second] = grading::tensor_to_json(result.outputs.at(output.first));
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Write a fixture file from the reference implementation."};
  std::string set_name;
  std::string out_path;
  app.add_option("--set", set_name, "which fixture set")->required()->check(
      CLI::IsMember({"visible", "hidden"}));
  app.add_option("--out", out_path, "where to write it")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    torch::set_num_threads(1);
    const FixtureSet& set = set_name == "visible" ? kVisible : kHidden;
    torch::manual_seed(set.seed);
    json fixtures = random_inputs(set);
    add_reference_outputs(fixtures);
    grading::write_one_key_per_line(fixtures, out_path);
    std::cout << "wrote " << out_path << " (" << fixtures.size() << " keys, seed " << set.seed
              << ")\n";
  } catch (const std::exception& e) {
    std::cerr << "make_fixtures: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
