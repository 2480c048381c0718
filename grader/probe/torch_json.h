// Fixture JSON <-> torch tensors, for the programs that link LibTorch (probe, fixture writer).
#pragma once

#include "layers/layers.h"

#include <nlohmann/json.hpp>

#include <string>

namespace grading {

// The float32 tensor stored under `key` in `object`; throws std::runtime_error naming the key.
torch::Tensor tensor_at(const nlohmann::json& object, const std::string& key);
int64_t integer_at(const nlohmann::json& object, const std::string& key);
double number_at(const nlohmann::json& object, const std::string& key);
bool boolean_at(const nlohmann::json& object, const std::string& key);

// Nested lists holding each element as the shortest decimal that reads back as the same
// float32, so fixtures are exact, compact and byte-identical from run to run.
nlohmann::json tensor_to_json(const torch::Tensor& tensor);

}  // namespace grading
