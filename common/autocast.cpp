#include "common/autocast.h"

#include <fstream>
#include <optional>
#include <stdexcept>

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "common/named_value.h"

namespace common {
namespace {

// LibTorch 2.4 replaced the per-backend switches with ones that take the device type; the old
// names are deprecated there, so each version gets the calls it knows.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool is_enabled(torch::DeviceType type) { return at::autocast::is_autocast_enabled(type); }
void set_enabled(torch::DeviceType type, bool on) { at::autocast::set_autocast_enabled(type, on); }
torch::ScalarType get_dtype(torch::DeviceType type) { return at::autocast::get_autocast_dtype(type); }
void set_dtype(torch::DeviceType type, torch::ScalarType dtype) { at::autocast::set_autocast_dtype(type, dtype); }
#else
bool is_cuda(torch::DeviceType type) { return type == torch::kCUDA; }
bool is_enabled(torch::DeviceType type) {
  return is_cuda(type) ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
}
void set_enabled(torch::DeviceType type, bool on) {
  is_cuda(type) ? at::autocast::set_enabled(on) : at::autocast::set_cpu_enabled(on);
}
torch::ScalarType get_dtype(torch::DeviceType type) {
  return is_cuda(type) ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
}
void set_dtype(torch::DeviceType type, torch::ScalarType dtype) {
  is_cuda(type) ? at::autocast::set_autocast_gpu_dtype(dtype) : at::autocast::set_autocast_cpu_dtype(dtype);
}
#endif

bool cpu_has_bfloat16_instructions() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line))
    if (line.rfind("flags", 0) == 0)
      return line.find(" avx512_bf16") != std::string::npos || line.find(" amx_bf16") != std::string::npos;
  return false;
}

}  // namespace

Precision precision_from_name(const std::string& name, torch::Device device) {
  // "auto" stands for no fixed precision: bf16 where the hardware has it.
  const std::optional<Precision> fixed = named_value<std::optional<Precision>>(
      "--precision", name, {{"fp32", Precision::fp32}, {"bf16", Precision::bf16}, {"auto", std::nullopt}});
  if (fixed) return *fixed;
  return device.is_cuda() || cpu_has_bfloat16_instructions() ? Precision::bf16 : Precision::fp32;
}

std::string precision_name(Precision precision) { return precision == Precision::bf16 ? "bf16" : "fp32"; }

Autocast::Autocast(torch::Device device, Precision precision)
    : device_type(device.type()), enabled(precision == Precision::bf16) {
  if (!enabled) return;
  if (device_type != torch::kCPU && device_type != torch::kCUDA)
    throw std::runtime_error("bf16 autocast runs on cpu or cuda only");
  was_enabled = is_enabled(device_type);
  previous_dtype = get_dtype(device_type);
  set_enabled(device_type, true);
  set_dtype(device_type, torch::kBFloat16);
  at::autocast::increment_nesting();
}

Autocast::~Autocast() {
  if (!enabled) return;
  // The bfloat16 copies of the weights are cached for the region's length; drop them on the
  // way out of the outermost region, as torch.autocast does.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  set_enabled(device_type, was_enabled);
  set_dtype(device_type, previous_dtype);
}

}  // namespace common
