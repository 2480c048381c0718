// Reaching into a student's module by parameter name, with errors a student can act on.
#pragma once

#include "grader/common/probe_protocol.h"

#include "grader/probe/task_registry.h"

#include "layers/layers.h"

#include <string>

namespace grading {

// Copies `value` into the registered parameter `name` ("weight", "lstm.bias_ih", ...).
void set_parameter(torch::nn::Module& module, const std::string& name, const torch::Tensor& value);

// Copies `value` into the registered buffer `name` ("bn.running_mean", ...), and reads one.
void set_buffer(torch::nn::Module& module, const std::string& name, const torch::Tensor& value);
torch::Tensor buffer(torch::nn::Module& module, const std::string& name);

// The parameter's gradient after backward; undefined when it took no part in the output.
torch::Tensor parameter_grad(torch::nn::Module& module, const std::string& name);

// Backpropagates sum(output * upstream), the vector-Jacobian product the fixtures store.
void backpropagate(const torch::Tensor& output, const torch::Tensor& upstream, const char* what);

// {name: {"shape", "requires_grad", "values"}} for every registered parameter.
nlohmann::json parameter_facts(torch::nn::Module& module);

// {name: values} for each of the parameters `names`, its values (flattened) over as many modules
// from `make` as give each at least kInitDraws (probe_protocol.h) of them: enough draws for the
// judge's goodness-of-fit tests of initialisation, whatever the fixture's sizes. A parameter the
// module lacks is left out.
nlohmann::json parameter_draws(const std::function<std::shared_ptr<torch::nn::Module>()>& make,
                               const std::vector<std::string>& names);

// A leaf tensor on `device` that records its gradient.
torch::Tensor leaf(const torch::Tensor& value, const torch::Device& device);

}  // namespace grading

namespace grading {

// A forward pass that can run on any device.
using DevicePass = std::function<TaskResult(const nlohmann::json& inputs, const torch::Device&)>;

// Runs each named pass on the CPU and on CUDA and returns both results under the same names
// ("MyLinear.output") in outputs and outputs_on_cuda; without CUDA, skipped says so.
TaskResult on_cpu_and_cuda(const nlohmann::json& inputs,
                           const std::vector<std::pair<std::string, DevicePass>>& passes);

}  // namespace grading
