#pragma once

#include <string>

#include <torch/types.h>

namespace common {

// "cpu", "cuda" or "cuda:N". Throws std::runtime_error with one clear line when the name is
// unknown or CUDA is asked for on a machine without it.
torch::Device device_from_name(const std::string& name);

}  // namespace common
