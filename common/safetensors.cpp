#include "common/safetensors.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace common {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors data is little-endian");

struct DtypeName {
  torch::ScalarType type;
  const char* name;
};
constexpr DtypeName kDtypes[] = {{torch::kFloat32, "F32"}, {torch::kInt64, "I64"}};

const char* dtype_name(torch::ScalarType type) {
  for (const auto& d : kDtypes)
    if (d.type == type) return d.name;
  return nullptr;
}

std::runtime_error error(const std::string& path, const std::string& what) {
  return std::runtime_error(path + ": " + what);
}

}  // namespace

void save_safetensors(const std::string& path, const Safetensors& file) {
  nlohmann::json header;
  if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
  std::vector<torch::Tensor> data;
  int64_t offset = 0;
  for (const auto& [name, tensor] : file.tensors) {
    const char* dtype = dtype_name(tensor.scalar_type());
    if (!dtype) throw error(path, "tensor '" + name + "' has a dtype this writer does not store");
    const torch::Tensor cpu = tensor.detach().to(torch::kCPU).contiguous();
    const int64_t bytes = cpu.numel() * static_cast<int64_t>(cpu.element_size());
    header[name] = {{"dtype", dtype}, {"shape", cpu.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(cpu);
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // the format pads the header to 8 bytes
  std::ofstream out(path, std::ios::binary);
  if (!out) throw error(path, "cannot write");
  const uint64_t length = text.size();
  out.write(reinterpret_cast<const char*>(&length), sizeof length);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  for (const auto& t : data)
    out.write(static_cast<const char*>(t.data_ptr()), static_cast<std::streamsize>(t.numel() * t.element_size()));
  if (!out) throw error(path, "write failed");
}

Safetensors load_safetensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(path, "cannot open");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  uint64_t length = 0;
  if (bytes.size() < sizeof length) throw error(path, "truncated: no header length");
  std::memcpy(&length, bytes.data(), sizeof length);
  if (length > bytes.size() - sizeof length) throw error(path, "truncated: the header runs past the end of the file");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.substr(sizeof length, length));
  } catch (const std::exception&) {
    throw error(path, "the header is not valid JSON (not a safetensors file?)");
  }
  if (!header.is_object()) throw error(path, "the header is not a JSON object");
  const size_t data_start = sizeof length + length;
  const size_t data_size = bytes.size() - data_start;
  Safetensors file;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      for (const auto& [key, value] : entry.items())
        if (value.is_string()) file.metadata[key] = value.get<std::string>();
      continue;
    }
    const auto bad = [&](const std::string& why) { return error(path, "tensor '" + name + "': " + why); };
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
      throw bad("needs dtype, shape and data_offsets");
    torch::ScalarType type{};
    bool known = false;
    for (const auto& d : kDtypes)
      if (entry["dtype"] == d.name) type = d.type, known = true;
    if (!known) throw bad("dtype " + entry["dtype"].dump() + " is not supported (F32 and I64 are)");
    std::vector<int64_t> shape;
    int64_t numel = 1;
    for (const auto& dim : entry["shape"]) {
      if (!dim.is_number_unsigned()) throw bad("the shape is not a list of sizes");
      shape.push_back(dim.get<int64_t>());
      numel *= shape.back();
    }
    const auto& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
      throw bad("data_offsets is not a pair of byte offsets");
    const auto begin = offsets[0].get<size_t>(), end = offsets[1].get<size_t>();
    if (end > data_size) throw bad("its data runs past the end of the file (truncated?)");
    const size_t expected = static_cast<size_t>(numel) * c10::elementSize(type);
    if (end < begin || end - begin != expected)
      throw bad("holds " + std::to_string(end - begin) + " bytes, its shape needs " + std::to_string(expected));
    torch::Tensor t = torch::empty(shape, torch::TensorOptions().dtype(type));
    std::memcpy(t.data_ptr(), bytes.data() + data_start + begin, expected);
    file.tensors[name] = t;
  }
  return file;
}

Safetensors module_tensors(torch::nn::Module& module) {
  Safetensors file;
  for (const auto& p : module.named_parameters()) file.tensors[p.key()] = p.value().detach();
  for (const auto& b : module.named_buffers()) file.tensors[b.key()] = b.value().detach();
  return file;
}

void load_into(torch::nn::Module& module, const Safetensors& file, const std::string& path) {
  torch::NoGradGuard no_grad;
  auto targets = module.named_parameters();
  for (const auto& b : module.named_buffers()) targets.insert(b.key(), b.value());
  for (const auto& [name, tensor] : file.tensors)
    if (!targets.contains(name)) throw error(path, "tensor '" + name + "' is not part of this model");
  for (auto& target : targets) {
    const auto found = file.tensors.find(target.key());
    if (found == file.tensors.end()) throw error(path, "tensor '" + target.key() + "' is missing");
    if (found->second.sizes() != target.value().sizes())
      throw error(path, "tensor '" + target.key() + "' has shape " + c10::str(found->second.sizes()) +
                            ", the model needs " + c10::str(target.value().sizes()));
    target.value().copy_(found->second);
  }
}

}  // namespace common
