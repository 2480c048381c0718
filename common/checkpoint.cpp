#include "common/checkpoint.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <torch/serialize.h>

#include "common/safetensors.h"

namespace common {

void save_checkpoint(const std::string& folder, const CheckpointParts& parts, const RunState& state,
                     const std::map<std::string, std::string>& metadata) {
  // state.json goes first and comes back last: a save cut short leaves no checkpoint, never
  // new weights beside an old step count.
  // (std::remove, not std::filesystem's: PyPI's libtorch.so exports a std::filesystem of its
  // own that the dynamic linker may pick, and its remove_all crashes.)
  std::remove((folder + "/state.json").c_str());
  for (const auto& [name, module] : parts.modules)
    save_safetensors(folder + "/" + name + ".safetensors", {module_tensors(*module).tensors, metadata});
  for (const auto& [name, optimizer] : parts.optimizers) torch::save(*optimizer, folder + "/" + name + "_adam.pt");
  std::ofstream out(folder + "/state.json");
  out << nlohmann::json{{"step", state.step}, {"seconds", state.seconds}}.dump() << "\n";
  if (!out.flush()) throw std::runtime_error("cannot write " + folder + "/state.json");
}

RunState load_checkpoint(const std::string& folder, const CheckpointParts& parts,
                         const std::map<std::string, std::string>& metadata) {
  std::ifstream state_file(folder + "/state.json");
  if (!state_file) throw std::runtime_error(folder + " holds no checkpoint (no state.json)");
  RunState state;
  try {
    const nlohmann::json saved = nlohmann::json::parse(state_file);
    state.step = saved.at("step").get<int64_t>();
    state.seconds = saved.at("seconds").get<double>();
  } catch (const std::exception&) {
    throw std::runtime_error(folder + "/state.json is not a checkpoint's state");
  }
  for (const auto& [name, module] : parts.modules) {
    const std::string path = folder + "/" + name + ".safetensors";
    const Safetensors file = load_safetensors(path);
    if (file.metadata != metadata) throw std::runtime_error(path + ": saved with other model options than these flags give");
    load_into(*module, file, path);
  }
  for (const auto& [name, optimizer] : parts.optimizers) {
    const std::string path = folder + "/" + name + "_adam.pt";
    try {
      torch::load(*optimizer, path);
    } catch (const std::exception&) {
      throw std::runtime_error(path + ": not this run's optimiser state");
    }
  }
  return state;
}

}  // namespace common
