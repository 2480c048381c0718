#include "common/device.h"

#include <stdexcept>

#include <torch/cuda.h>

namespace common {

torch::Device device_from_name(const std::string& name) {
  if (name != "cpu" && name.rfind("cuda", 0) != 0)
    throw std::runtime_error("--device must be cpu or cuda (or cuda:N), not '" + name + "'");
  if (name != "cpu" && !torch::cuda::is_available())
    throw std::runtime_error("--device " + name + ": this machine (or this LibTorch build) has no CUDA device");
  try {
    return torch::Device(name);
  } catch (const std::exception&) {
    throw std::runtime_error("--device '" + name + "' is not a device name");
  }
}

}  // namespace common
