// The graded computations on the extra-credit GRU: gru_state_update and MyGRUCell.
// Compiled once per implementation: GRADED_NAMESPACE is `student` or `reference`.
#include "grader/probe/module_access.h"
#include "grader/probe/task_registry.h"
#include "grader/probe/torch_json.h"
#include "layers/layers.h"

namespace layers = GRADED_NAMESPACE;

namespace grading {
namespace {

using nlohmann::json;
using torch::Device;
using torch::Tensor;

const Device kCpu(torch::kCPU);
const char* const kGruParameters[] = {"weight_ih", "weight_hh", "bias_ih", "bias_hh"};

layers::MyGRUCell gru_from(const json& in, const Device& device) {
  layers::MyGRUCell cell(integer_at(in, "grucell_input_size"), integer_at(in, "grucell_hidden_size"));
  for (const char* name : kGruParameters)
    set_parameter(*cell, name, tensor_at(in, std::string("grucell_") + name));
  cell->to(device);
  return cell;
}

TaskResult gru_forward(const json& in, const Device& device) {
  auto cell = gru_from(in, device);
  return {{{"h", cell->forward(tensor_at(in, "grucell_input").to(device),
                               tensor_at(in, "grucell_h_init").to(device))}}};
}

TaskResult gru_backward(const json& in) {
  auto cell = gru_from(in, kCpu);
  const Tensor x = leaf(tensor_at(in, "grucell_input"), kCpu);
  const Tensor h = leaf(tensor_at(in, "grucell_h_init"), kCpu);
  backpropagate(cell->forward(x, h), tensor_at(in, "grucell_grad_output"), "MyGRUCell::forward");
  TaskResult result;
  for (const char* name : kGruParameters)
    result.outputs[std::string("grad_") + name] = parameter_grad(*cell, name);
  result.outputs["grad_input"] = x.grad();
  result.outputs["grad_h"] = h.grad();
  return result;
}

const RegisterTask registrations[] = {
    {"grucell_init",
     [](const json& in) {
       const int64_t input_size = integer_at(in, "grucell_input_size");
       const int64_t hidden_size = integer_at(in, "grucell_hidden_size");
       layers::MyGRUCell cell(input_size, hidden_size);
       TaskResult result;
       result.facts["parameters"] = parameter_facts(*cell);
       result.facts["draws"] = parameter_draws(
           [&]() -> std::shared_ptr<torch::nn::Module> { return layers::MyGRUCell(input_size, hidden_size).ptr(); },
           {std::begin(kGruParameters), std::end(kGruParameters)});
       return result;
     }},
    {"gru_state_update",
     [](const json& in) {
       return TaskResult{{{"h", layers::gru_state_update(tensor_at(in, "gru_update_gi"),
                                                         tensor_at(in, "gru_update_gh"),
                                                         tensor_at(in, "gru_update_h"))}}};
     }},
    {"grucell_forward", [](const json& in) { return gru_forward(in, kCpu); }},
    {"grucell_backward", gru_backward},
    {"extra_on_cuda",
     [](const json& in) { return on_cpu_and_cuda(in, {{"MyGRUCell", gru_forward}}); }},
};

}  // namespace
}  // namespace grading
