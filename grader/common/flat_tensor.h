// A tensor as the grader's torch-free side sees it: a shape and row-major values.
// In JSON it is written as nested lists, the format of the original assignment's fixtures.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace grading {

struct FlatTensor {
  std::vector<int64_t> shape;
  std::vector<double> values;
};

// Parses nested lists of numbers (a bare number is a 0-d tensor). Throws std::runtime_error
// naming `what` when the lists are ragged, empty where a number belongs, or hold a non-number.
FlatTensor flat_tensor_from_json(const nlohmann::json& nested, const std::string& what);

nlohmann::json flat_tensor_to_json(const FlatTensor& tensor);

// "[2, 9]"
std::string shape_string(const std::vector<int64_t>& shape);

// Index of the flat position `offset` in `shape`, as "[1, 4]".
std::string index_string(const std::vector<int64_t>& shape, int64_t offset);

}  // namespace grading
