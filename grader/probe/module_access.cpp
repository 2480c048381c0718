#include "grader/probe/module_access.h"

#include "grader/common/flat_tensor.h"
#include "grader/probe/torch_json.h"

#include <torch/cuda.h>

namespace grading {
namespace {

torch::Tensor& find_parameter(torch::nn::Module& module, const std::string& name) {
  auto named = module.named_parameters();
  if (auto* found = named.find(name)) return *found;
  std::string registered;
  for (const auto& item : named) registered += (registered.empty() ? "" : ", ") + item.key();
  throw TaskError(module.name() + " has no registered parameter '" + name + "' (registered: " +
                  (registered.empty() ? "none" : registered) + ")");
}

}  // namespace

void set_parameter(torch::nn::Module& module, const std::string& name, const torch::Tensor& value) {
  torch::Tensor& parameter = find_parameter(module, name);
  if (!parameter.sizes().equals(value.sizes()))
    throw TaskError("parameter '" + name + "' has shape " + shape_string(parameter.sizes().vec()) +
                    " but should have shape " + shape_string(value.sizes().vec()));
  torch::NoGradGuard no_grad;
  parameter.copy_(value);
}

torch::Tensor parameter_grad(torch::nn::Module& module, const std::string& name) {
  return find_parameter(module, name).grad();
}

void backpropagate(const torch::Tensor& output, const torch::Tensor& upstream, const char* what) {
  if (!output.defined()) throw TaskError(std::string(what) + " returned an undefined tensor");
  if (!output.requires_grad())
    throw TaskError(std::string(what) +
                    "'s output is cut off from autograd (NoGradGuard, .detach() or .data()?), "
                    "so no gradient reaches the parameters");
  if (!output.sizes().equals(upstream.sizes()))
    throw TaskError(std::string(what) + " returned shape " + shape_string(output.sizes().vec()) +
                    " but should return " + shape_string(upstream.sizes().vec()));
  (output * upstream.to(output.device())).sum().backward();
}

nlohmann::json parameter_facts(torch::nn::Module& module) {
  auto facts = nlohmann::json::object();
  for (const auto& item : module.named_parameters()) {
    const torch::Tensor& p = item.value();
    facts[item.key()] = {{"shape", p.sizes().vec()},
                         {"requires_grad", p.requires_grad()},
                         {"values", tensor_to_json(p)}};
  }
  return facts;
}

torch::Tensor leaf(const torch::Tensor& value, const torch::Device& device) {
  return value.to(device).detach().requires_grad_(true);
}

}  // namespace grading

namespace grading {

TaskResult on_cpu_and_cuda(const nlohmann::json& inputs,
                           const std::vector<std::pair<std::string, DevicePass>>& passes) {
  TaskResult result;
  if (!torch::cuda::is_available()) {
    result.facts["skipped"] = "no CUDA device on this machine";
    return result;
  }
  for (const auto& pass : passes) {
    const TaskResult cpu = pass.second(inputs, torch::Device(torch::kCPU));
    const TaskResult cuda = pass.second(inputs, torch::Device(torch::kCUDA));
    for (const auto& output : cpu.outputs) {
      result.outputs[pass.first + "." + output.first + " on CPU"] = output.second;
      const auto on_gpu = cuda.outputs.find(output.first);
      if (on_gpu != cuda.outputs.end())
        result.outputs[pass.first + "." + output.first + " on CUDA"] = on_gpu->second;
    }
  }
  return result;
}

}  // namespace grading
