#include "grader/common/flat_tensor.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace grading {
namespace {

// JSON has no NaN or infinity; tensors write them as these strings.
bool non_finite(const nlohmann::json& node, double& value) {
  if (!node.is_string()) return false;
  const auto& text = node.get_ref<const std::string&>();
  if (text == "nan") value = std::numeric_limits<double>::quiet_NaN();
  else if (text == "inf") value = std::numeric_limits<double>::infinity();
  else if (text == "-inf") value = -std::numeric_limits<double>::infinity();
  else return false;
  return true;
}

void collect(const nlohmann::json& node, size_t depth, FlatTensor& out, const std::string& what) {
  double special = 0;
  if (node.is_number() || non_finite(node, special)) {
    if (depth != out.shape.size()) throw std::runtime_error(what + ": ragged nested lists");
    out.values.push_back(node.is_number() ? node.get<double>() : special);
    return;
  }
  if (!node.is_array()) throw std::runtime_error(what + ": expected numbers in nested lists");
  const auto length = static_cast<int64_t>(node.size());
  if (depth == out.shape.size()) {
    if (!out.values.empty()) throw std::runtime_error(what + ": ragged nested lists");
    out.shape.push_back(length);
  } else if (depth > out.shape.size() || out.shape[depth] != length) {
    throw std::runtime_error(what + ": ragged nested lists");
  }
  for (const auto& child : node) collect(child, depth + 1, out, what);
}

nlohmann::json nest(const FlatTensor& t, size_t depth, size_t& next) {
  if (depth == t.shape.size()) {
    const double v = t.values.at(next++);
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return v;
  }
  auto list = nlohmann::json::array();
  for (int64_t i = 0; i < t.shape[depth]; ++i) list.push_back(nest(t, depth + 1, next));
  return list;
}

}  // namespace

FlatTensor flat_tensor_from_json(const nlohmann::json& nested, const std::string& what) {
  FlatTensor out;
  collect(nested, 0, out, what);
  int64_t expected = 1;
  for (auto d : out.shape) expected *= d;
  if (expected != static_cast<int64_t>(out.values.size()))
    throw std::runtime_error(what + ": ragged nested lists");
  return out;
}

nlohmann::json flat_tensor_to_json(const FlatTensor& tensor) {
  size_t next = 0;
  return nest(tensor, 0, next);
}

std::string shape_string(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string index_string(const std::vector<int64_t>& shape, int64_t offset) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = offset % shape[d];
    offset /= shape[d];
  }
  return shape_string(index);
}

}  // namespace grading
