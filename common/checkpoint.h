// A training run's checkpoint folder, written and read the same way by every trainer:
//   NAME.safetensors   each module's parameters and buffers, with the run's model metadata
//   NAME_adam.pt       each optimiser's state (LibTorch's format: it only resumes a run here)
//   state.json         where the run stood: {"step": N, "seconds": S}
// Resuming from it continues a run exactly (each trainer's make check proves it).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

namespace common {

struct CheckpointParts {
  std::vector<std::pair<std::string, torch::nn::Module*>> modules;
  std::vector<std::pair<std::string, torch::optim::Optimizer*>> optimizers;
};

struct RunState {
  int64_t step = 0;     // updates done
  double seconds = 0;   // training time spent on them, earlier legs of a resumed run included
};

void save_checkpoint(const std::string& folder, const CheckpointParts& parts, const RunState& state,
                     const std::map<std::string, std::string>& metadata);

// Loads every part; throws one line naming the file at fault, also when a module was saved with
// other metadata than `metadata` (a run resumed with other model flags).
RunState load_checkpoint(const std::string& folder, const CheckpointParts& parts,
                         const std::map<std::string, std::string>& metadata);

}  // namespace common
