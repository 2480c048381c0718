// Mixed precision for a block of forward code: torch.autocast for the C++ frontend.
// Inside, convolutions and matrix products run in bfloat16 (half the memory traffic, and the
// tensor cores on a GPU), while reductions, losses and the pointwise ops that need the range
// stay in float32. Gradients flow back in the dtypes the forward used; parameters stay float32.
#pragma once

#include <string>

#include <torch/types.h>

namespace common {

enum class Precision { fp32, bf16 };
// "fp32", "bf16", or "auto": bf16 on CUDA and on CPUs with bfloat16 instructions (AVX-512
// BF16 or AMX, where it nearly halves a ConvLSTM step), fp32 elsewhere, where bfloat16 is
// emulated and slower. Anything else throws one line.
Precision precision_from_name(const std::string& name, torch::Device device);
std::string precision_name(Precision precision);

// Turns autocast to bfloat16 on for `device`'s kind while it lives (when precision is bf16),
// and restores what was there before. Run backward() after it ends, as PyTorch advises.
class Autocast {
 public:
  Autocast(torch::Device device, Precision precision);
  ~Autocast();
  Autocast(const Autocast&) = delete;
  Autocast& operator=(const Autocast&) = delete;

 private:
  torch::DeviceType device_type;
  bool enabled, was_enabled = false;
  torch::ScalarType previous_dtype = torch::kFloat;
};

}  // namespace common
