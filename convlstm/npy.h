// NumPy's .npy format for uint8 arrays, as the standard Moving MNIST test set
// (mnist_test_seq.npy: uint8 [20, 10000, 64, 64]) is distributed.
#pragma once

#include <string>

#include <torch/types.h>

namespace convlstm {

// Throws std::runtime_error naming the file: not .npy, not uint8, Fortran order, truncated.
torch::Tensor load_npy_uint8(const std::string& path);
void save_npy_uint8(const std::string& path, const torch::Tensor& array);

// mnist_test_seq.npy's [frames, sequences, H, W] as this lab's [sequences, frames, 1, H, W].
torch::Tensor load_moving_mnist_npy(const std::string& path);

}  // namespace convlstm
