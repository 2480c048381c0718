// Weights in the safetensors format (https://github.com/huggingface/safetensors): an 8-byte
// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range,
// then the raw little-endian data. Independent of the LibTorch version, readable from Python.
#pragma once

#include <map>
#include <string>

#include "layers/layers.h"

namespace common {

struct Safetensors {
  std::map<std::string, torch::Tensor> tensors;     // CPU, contiguous
  std::map<std::string, std::string> metadata;      // the header's "__metadata__"
};

// Writes float32 and int64 tensors (others are refused); throws std::runtime_error.
void save_safetensors(const std::string& path, const Safetensors& file);

// Throws std::runtime_error naming the file and, where one is at fault, the tensor.
Safetensors load_safetensors(const std::string& path);

// Every parameter and buffer of `module`, by its dotted name.
Safetensors module_tensors(torch::nn::Module& module);

// Copies tensors into `module`'s parameters and buffers by name. A name missing from the file,
// a tensor of another shape, or a tensor the module does not have is an error naming it.
void load_into(torch::nn::Module& module, const Safetensors& file, const std::string& path);

}  // namespace common
