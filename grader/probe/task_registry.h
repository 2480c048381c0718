// The computations a probe can run on a layer implementation, by task name (see
// grader/common/graded_layer.h). Each tasks_*.cpp file registers its own at start-up.
#pragma once

#include "layers/layers.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <stdexcept>
#include <string>

namespace grading {

// What a task gives the judge (grader/common/probe_protocol.h says how it travels).
struct TaskResult {
  std::map<std::string, torch::Tensor> outputs;               // on the CPU: compared with fixtures, or checked
  nlohmann::json facts = nlohmann::json::object();             // properties the judge checks
  std::map<std::string, torch::Tensor> outputs_on_cuda = {};   // the same on CUDA, for tasks that run on both
  std::string skipped = {};                                    // non-empty: why the task could not run here
};

using TaskFn = std::function<TaskResult(const nlohmann::json& inputs)>;

// A problem the framework found in how the layer is put together (a parameter missing or of
// the wrong shape, an output cut off from autograd): reported to the student as it is.
struct TaskError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::map<std::string, TaskFn>& task_registry();

struct RegisterTask {
  RegisterTask(const std::string& name, TaskFn fn) { task_registry()[name] = std::move(fn); }
};

}  // namespace grading
