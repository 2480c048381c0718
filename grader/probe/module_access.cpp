#include "grader/probe/module_access.h"

#include "grader/common/flat_tensor.h"
#include "grader/common/probe_protocol.h"
#include "grader/probe/torch_json.h"

#include <torch/cuda.h>

#include <map>

namespace grading {
namespace {

// The registered tensor `name` of `named` (a module's parameters or buffers, `kind`).
torch::Tensor find_registered(const torch::OrderedDict<std::string, torch::Tensor>& named,
                              const std::string& module, const std::string& kind, const std::string& name) {
  if (const auto* found = named.find(name)) return *found;
  std::string registered;
  for (const auto& item : named) registered += (registered.empty() ? "" : ", ") + item.key();
  throw TaskError(module + " has no registered " + kind + " '" + name + "' (registered: " +
                  (registered.empty() ? "none" : registered) + ")");
}

torch::Tensor find_parameter(torch::nn::Module& module, const std::string& name) {
  return find_registered(module.named_parameters(), module.name(), "parameter", name);
}

// Copies `value` into `target` (`what`: "parameter 'weight'"), which must have its shape.
void copy_checked(torch::Tensor target, const std::string& what, const torch::Tensor& value) {
  if (!target.sizes().equals(value.sizes()))
    throw TaskError(what + " has shape " + shape_string(target.sizes().vec()) +
                    " but should have shape " + shape_string(value.sizes().vec()));
  torch::NoGradGuard no_grad;
  target.copy_(value);
}

}  // namespace

void set_parameter(torch::nn::Module& module, const std::string& name, const torch::Tensor& value) {
  copy_checked(find_parameter(module, name), "parameter '" + name + "'", value);
}

void set_buffer(torch::nn::Module& module, const std::string& name, const torch::Tensor& value) {
  copy_checked(buffer(module, name), "buffer '" + name + "'", value);
}

torch::Tensor buffer(torch::nn::Module& module, const std::string& name) {
  return find_registered(module.named_buffers(), module.name(), "buffer", name);
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

nlohmann::json parameter_draws(const std::function<std::shared_ptr<torch::nn::Module>()>& make,
                               const std::vector<std::string>& names) {
  std::map<std::string, std::vector<torch::Tensor>> draws;
  std::map<std::string, int64_t> counts;
  // A parameter with no elements never reaches kInitDraws: kInitDraws modules is the most made.
  for (int64_t made = 0; made < kInitDraws; ++made) {
    const auto parameters = make()->named_parameters();
    bool enough = true;
    for (const auto& name : names) {
      const auto* parameter = parameters.find(name);
      if (!parameter) continue;
      draws[name].push_back(parameter->detach().flatten());
      counts[name] += parameter->numel();
      enough = enough && counts[name] >= kInitDraws;
    }
    if (enough) break;
  }
  auto facts = nlohmann::json::object();
  for (const auto& [name, tensors] : draws) facts[name] = tensor_to_json(torch::cat(tensors));
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
    result.skipped = kNoCudaDevice;
    return result;
  }
  for (const auto& pass : passes) {
    for (const auto& output : pass.second(inputs, torch::Device(torch::kCPU)).outputs)
      result.outputs[pass.first + "." + output.first] = output.second;
    for (const auto& output : pass.second(inputs, torch::Device(torch::kCUDA)).outputs)
      result.outputs_on_cuda[pass.first + "." + output.first] = output.second;
  }
  return result;
}

}  // namespace grading
