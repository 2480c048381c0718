#include "grader/common/fixture_shapes.h"

#include "grader/common/flat_tensor.h"
#include "grader/common/graded_layer.h"

#include <stdexcept>

namespace grading {
namespace {

// Each fixture tensor's shape, from the graded layers' descriptions (graded_layer.h).
const std::map<std::string, std::string>& shape_rules() {
  static const std::map<std::string, std::string> rules = [] {
    std::map<std::string, std::string> r;
    for (const GradedLayer& layer : graded_layers())
      for (const FixtureTensor& tensor : layer.tensors) r[tensor.key] = tensor.shape;
    return r;
  }();
  return rules;
}

}  // namespace

std::vector<std::string> shaped_fixture_keys() {
  std::vector<std::string> keys;
  for (const auto& rule : shape_rules()) keys.push_back(rule.first);
  return keys;
}

void check_fixture_shape(const std::string& key, const std::vector<int64_t>& shape,
                         const nlohmann::json& fixtures, std::map<std::string, int64_t>& bound) {
  const auto rule = shape_rules().find(key);
  if (rule == shape_rules().end()) throw std::runtime_error("no shape rule for '" + key + "'");
  const std::vector<Dimension> dimensions = dimensions_of(rule->second);
  std::string expected;
  for (const auto& dimension : dimensions) expected += (expected.empty() ? "" : ", ") + dimension.spelled;
  const auto refuse = [&](const std::string& why) {
    throw std::runtime_error("'" + key + "' has shape " + shape_string(shape) + ", expected [" +
                             expected + "]: " + why);
  };
  if (dimensions.size() != shape.size()) refuse(std::to_string(dimensions.size()) + " dimensions");
  for (size_t i = 0; i < dimensions.size(); ++i) {
    const std::string& name = dimensions[i].size;
    const int64_t factor = dimensions[i].factor;
    if (fixtures.contains(name) && fixtures.at(name).is_number_integer()) {
      const int64_t want = factor * fixtures.at(name).get<int64_t>();
      if (shape[i] != want) refuse(dimensions[i].spelled + " is " + std::to_string(want));
      continue;
    }
    if (shape[i] % factor != 0) refuse(dimensions[i].spelled + " is not a multiple of " + std::to_string(factor));
    const auto seen = bound.emplace(name, shape[i] / factor).first;
    if (seen->second * factor != shape[i])
      refuse(name + " is " + std::to_string(seen->second) + " elsewhere in the file");
  }
}

}  // namespace grading
