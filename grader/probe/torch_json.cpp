#include "grader/probe/torch_json.h"

#include "grader/common/flat_tensor.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace grading {
namespace {

const nlohmann::json& value_at(const nlohmann::json& object, const std::string& key) {
  const auto it = object.find(key);
  if (it == object.end()) throw std::runtime_error("missing key '" + key + "'");
  return *it;
}

double shortest_decimal(float value) {
  char text[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
    const double parsed = std::strtod(text, nullptr);
    if (static_cast<float>(parsed) == value) return parsed;
  }
  return static_cast<double>(value);  // NaN and infinities
}

}  // namespace

torch::Tensor tensor_at(const nlohmann::json& object, const std::string& key) {
  const FlatTensor flat = flat_tensor_from_json(value_at(object, key), "'" + key + "'");
  std::vector<float> values(flat.values.begin(), flat.values.end());
  return torch::tensor(values, torch::kFloat32).reshape(flat.shape);
}

int64_t integer_at(const nlohmann::json& object, const std::string& key) {
  const auto& v = value_at(object, key);
  if (!v.is_number_integer()) throw std::runtime_error("'" + key + "' is not an integer");
  return v.get<int64_t>();
}

double number_at(const nlohmann::json& object, const std::string& key) {
  const auto& v = value_at(object, key);
  if (!v.is_number()) throw std::runtime_error("'" + key + "' is not a number");
  return v.get<double>();
}

bool boolean_at(const nlohmann::json& object, const std::string& key) {
  const auto& v = value_at(object, key);
  if (!v.is_boolean()) throw std::runtime_error("'" + key + "' is not true or false");
  return v.get<bool>();
}

nlohmann::json tensor_to_json(const torch::Tensor& tensor) {
  const torch::Tensor cpu = tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  FlatTensor flat;
  flat.shape = cpu.sizes().vec();
  const float* data = cpu.data_ptr<float>();
  flat.values.reserve(static_cast<size_t>(cpu.numel()));
  for (int64_t i = 0; i < cpu.numel(); ++i) flat.values.push_back(shortest_decimal(data[i]));
  return flat_tensor_to_json(flat);
}

}  // namespace grading
