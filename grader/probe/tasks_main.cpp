// The graded computations on MyLinear, lstm_state_update, MyLSTMCell and LSTM.
// Compiled once per implementation: GRADED_NAMESPACE is `student` or `reference`.
#include "grader/probe/module_access.h"
#include "grader/probe/task_registry.h"
#include "grader/probe/torch_json.h"
#include "layers/layers.h"

#include <c10/util/Flags.h>

// LibTorch's debugging switch (c10/core/impl/alloc_cpu.cpp): new CPU memory is filled with the
// pattern 0x7fedbeef, NaN as float32 and about 1e308 as float64, instead of whatever was there.
C10_DECLARE_bool(caffe2_cpu_allocator_do_junk_fill);

namespace layers = GRADED_NAMESPACE;

namespace grading {
namespace {

using nlohmann::json;
using torch::Device;
using torch::Tensor;

const Device kCpu(torch::kCPU);
const char* const kCellParameters[] = {"weight_ih", "weight_hh", "bias_ih", "bias_hh"};

// ---------------------------------------------------------------------------------------------
// Layers built from fixture weights.
layers::MyLinear linear_from(const json& in, const Device& device) {
  layers::MyLinear layer(integer_at(in, "linear_input_size"), integer_at(in, "linear_output_size"));
  set_parameter(*layer, "weight", tensor_at(in, "linear_weight"));
  set_parameter(*layer, "bias", tensor_at(in, "linear_bias"));
  layer->to(device);
  return layer;
}

void set_cell_parameters(torch::nn::Module& module, const std::string& prefix, const json& in) {
  for (const char* name : kCellParameters)
    set_parameter(module, prefix + name, tensor_at(in, std::string("lstmcell_") + name));
}

layers::MyLSTMCell cell_from(const json& in, const Device& device) {
  layers::MyLSTMCell cell(integer_at(in, "lstmcell_input_size"),
                          integer_at(in, "lstmcell_hidden_size"));
  set_cell_parameters(*cell, "", in);
  cell->to(device);
  return cell;
}

layers::LSTM lstm_from(const json& in, const Device& device) {
  layers::LSTM lstm(integer_at(in, "lstmcell_input_size"), integer_at(in, "lstmcell_hidden_size"));
  set_cell_parameters(*lstm, "lstm.", in);
  set_parameter(*lstm, "linear.weight", tensor_at(in, "lstm_linear_weight"));
  set_parameter(*lstm, "linear.bias", tensor_at(in, "lstm_linear_bias"));
  set_buffer(*lstm, "bn.running_mean", tensor_at(in, "lstm_bn_running_mean"));
  set_buffer(*lstm, "bn.running_var", tensor_at(in, "lstm_bn_running_var"));
  lstm->train(boolean_at(in, "lstm_bn_training"));
  lstm->to(device);
  return lstm;
}

// ---------------------------------------------------------------------------------------------
// Forward passes, on any device (the CUDA agreement tasks run them twice).
TaskResult linear_forward(const json& in, const Device& device) {
  auto layer = linear_from(in, device);
  return {{{"output", layer->forward(tensor_at(in, "linear_input").to(device))}}};
}

TaskResult cell_forward(const json& in, const Device& device) {
  auto cell = cell_from(in, device);
  const auto state = cell->forward(tensor_at(in, "lstmcell_input").to(device),
                                   tensor_at(in, "lstmcell_h_init").to(device),
                                   tensor_at(in, "lstmcell_c_init").to(device));
  return {{{"h", std::get<0>(state)}, {"c", std::get<1>(state)}}};
}

TaskResult lstm_forward(const json& in, const Device& device) {
  auto lstm = lstm_from(in, device);
  const Tensor inputs = tensor_at(in, "lstm_inputs").to(device);
  const int64_t n_frames = integer_at(in, "lstm_n_frames");
  lstm->h = tensor_at(in, "lstm_h").to(device);
  lstm->c = tensor_at(in, "lstm_c").to(device);
  const Tensor output = lstm->forward(inputs, n_frames);
  TaskResult result{{{"output", output},
                     {"h", lstm->h},
                     {"c", lstm->c},
                     {"bn_running_mean", buffer(*lstm, "bn.running_mean").clone()},
                     {"bn_running_var", buffer(*lstm, "bn.running_var").clone()}}};
  // Training mode moves BatchNorm's running statistics towards each frame's batch; eval mode
  // uses them. So the same frames again in eval mode, from the same initial state: a mistake
  // in the batch's statistics shows in the first pass, one in the running statistics here.
  lstm->eval();
  lstm->h = tensor_at(in, "lstm_h").to(device);
  lstm->c = tensor_at(in, "lstm_c").to(device);
  result.outputs["output_eval"] = lstm->forward(inputs, n_frames);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Backward passes: gradients of sum(output * upstream) for every input and parameter.
TaskResult linear_backward(const json& in) {
  auto layer = linear_from(in, kCpu);
  const Tensor x = leaf(tensor_at(in, "linear_input"), kCpu);
  backpropagate(layer->forward(x), tensor_at(in, "linear_grad_output"), "MyLinear::forward");
  return {{{"grad_input", x.grad()},
           {"grad_weight", parameter_grad(*layer, "weight")},
           {"grad_bias", parameter_grad(*layer, "bias")}}};
}

TaskResult cell_parameter_grads(torch::nn::Module& module, const std::string& prefix) {
  TaskResult result;
  for (const char* name : kCellParameters)
    result.outputs[std::string("grad_") + name] = parameter_grad(module, prefix + name);
  return result;
}

TaskResult cell_backward(const json& in) {
  auto cell = cell_from(in, kCpu);
  const Tensor x = leaf(tensor_at(in, "lstmcell_input"), kCpu);
  const Tensor h = leaf(tensor_at(in, "lstmcell_h_init"), kCpu);
  const Tensor c = leaf(tensor_at(in, "lstmcell_c_init"), kCpu);
  const auto state = cell->forward(x, h, c);
  // One backward through both outputs: d/dθ [sum(h' * gh) + sum(c' * gc)].
  backpropagate(torch::cat({std::get<0>(state), std::get<1>(state)}, 1),
                torch::cat({tensor_at(in, "lstmcell_grad_output"),
                            tensor_at(in, "lstmcell_grad_cout")}, 1),
                "MyLSTMCell::forward");
  TaskResult result = cell_parameter_grads(*cell, "");
  result.outputs["grad_input"] = x.grad();
  result.outputs["grad_h"] = h.grad();
  result.outputs["grad_c"] = c.grad();
  return result;
}

TaskResult lstm_backward(const json& in) {
  auto lstm = lstm_from(in, kCpu);
  // In eval mode, where BatchNorm scales by its running statistics, every gradient carries
  // information. In training mode the read-out's bias cancels out of the normalised frame: its
  // gradient is zero up to rounding, which differs between LibTorch builds.
  lstm->eval();
  const Tensor inputs = leaf(tensor_at(in, "lstm_inputs"), kCpu);
  const Tensor h = leaf(tensor_at(in, "lstm_h"), kCpu);
  const Tensor c = leaf(tensor_at(in, "lstm_c"), kCpu);
  lstm->h = h;
  lstm->c = c;
  backpropagate(lstm->forward(inputs, integer_at(in, "lstm_n_frames")),
                tensor_at(in, "lstm_grad_output"), "LSTM::forward");
  TaskResult result = cell_parameter_grads(*lstm, "lstm.");
  result.outputs["grad_inputs"] = inputs.grad();
  result.outputs["grad_h"] = h.grad();
  result.outputs["grad_c"] = c.grad();
  result.outputs["grad_linear_weight"] = parameter_grad(*lstm, "linear.weight");
  result.outputs["grad_linear_bias"] = parameter_grad(*lstm, "linear.bias");
  return result;
}

// ---------------------------------------------------------------------------------------------
// Construction and initialisation: the judge checks these facts against PyTorch's rules.
std::string module_kind(const std::shared_ptr<torch::nn::Module>& module) {
  if (std::dynamic_pointer_cast<layers::MyLSTMCellImpl>(module)) return "MyLSTMCell";
  if (std::dynamic_pointer_cast<layers::MyLinearImpl>(module)) return "MyLinear";
  if (auto bn = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(module)) return "BatchNorm1d";
  return module->name();
}

TaskResult lstm_init(const json& in) {
  layers::LSTM lstm(integer_at(in, "lstmcell_input_size"), integer_at(in, "lstmcell_hidden_size"));
  TaskResult result;
  result.facts["parameters"] = parameter_facts(*lstm);
  result.facts["hidden_size"] = lstm->hidden_size;
  auto children = json::object();
  for (const auto& child : lstm->named_children()) children[child.key()] = module_kind(child.value());
  result.facts["children"] = children;
  const auto registered = lstm->named_children();
  auto is_registered = [&](const char* name, const std::shared_ptr<torch::nn::Module>& member) {
    const auto* child = registered.find(name);
    return member && child && child->get() == member.get();
  };
  result.facts["members_registered"] = {
      {"lstm", is_registered("lstm", lstm->lstm.ptr())},
      {"linear", is_registered("linear", lstm->linear.ptr())},
      {"bn", is_registered("bn", lstm->bn.ptr())}};
  if (lstm->bn) {
    const auto& options = lstm->bn->options;
    result.facts["bn"] = {{"num_features", options.num_features()},
                          {"affine", options.affine()},
                          {"track_running_stats", options.track_running_stats()},
                          {"eps", options.eps()}};
  }
  return result;
}

TaskResult lstm_init_weight(const json& in) {
  const int64_t input_size = integer_at(in, "lstmcell_input_size");
  const int64_t hidden_size = integer_at(in, "lstmcell_hidden_size");
  const double forget_bias = number_at(in, "lstm_forget_bias");
  layers::LSTM lstm(input_size, hidden_size);
  lstm->init_weight(forget_bias);
  layers::LSTM with_default(input_size, hidden_size);
  with_default->init_weight();
  TaskResult result;
  result.facts["parameters"] = parameter_facts(*lstm);
  result.facts["default_parameters"] = parameter_facts(*with_default);
  // Only the weights are random; the biases are checked exactly on the one LSTM above.
  const std::vector<std::string> weights = {"lstm.weight_ih", "lstm.weight_hh", "linear.weight"};
  result.facts["draws"] = parameter_draws(
      [&]() -> std::shared_ptr<torch::nn::Module> {
        layers::LSTM more(input_size, hidden_size);
        more->init_weight(forget_bias);
        return more.ptr();
      },
      weights);
  result.facts["default_draws"] = parameter_draws(
      [&]() -> std::shared_ptr<torch::nn::Module> {
        layers::LSTM more(input_size, hidden_size);
        more->init_weight();
        return more.ptr();
      },
      weights);
  return result;
}

std::string dtype_name(const torch::Tensor& t) {
  return t.defined() ? std::string(c10::toString(t.scalar_type())) : "undefined";
}

// init_hidden on float64 parameters, then on float32 ones: the state must take the
// parameters' dtype, whichever it is, not assume one.
TaskResult lstm_init_hidden(const json& in) {
  const int64_t batch_size = integer_at(in, "lstm_batch_size");
  const int64_t hidden_size = integer_at(in, "lstmcell_hidden_size");
  TaskResult result;
  for (const auto dtype : {torch::kFloat64, torch::kFloat32}) {
    layers::LSTM lstm(integer_at(in, "lstmcell_input_size"), hidden_size);
    lstm->to(dtype);
    const std::string parameters = dtype_name(lstm->parameters().at(0));
    lstm->h = torch::full({1}, 7.0);  // stale state that init_hidden must replace
    lstm->c = torch::full({1}, 7.0);
    // Junk in new memory, so that a state left uninitialised (torch::empty) cannot pass as zeros.
    FLAGS_caffe2_cpu_allocator_do_junk_fill = true;
    lstm->init_hidden(batch_size);
    FLAGS_caffe2_cpu_allocator_do_junk_fill = false;
    result.outputs["h on " + parameters + " parameters"] = lstm->h;
    result.outputs["c on " + parameters + " parameters"] = lstm->c;
    result.facts["dtypes"][parameters] = {{"h", dtype_name(lstm->h)}, {"c", dtype_name(lstm->c)}};
  }
  return result;
}

const RegisterTask registrations[] = {
    {"linear_init",
     [](const json& in) {
       const int64_t input_size = integer_at(in, "linear_input_size");
       const int64_t output_size = integer_at(in, "linear_output_size");
       layers::MyLinear layer(input_size, output_size);
       TaskResult result;
       result.facts["parameters"] = parameter_facts(*layer);
       result.facts["draws"] = parameter_draws(
           [&]() -> std::shared_ptr<torch::nn::Module> { return layers::MyLinear(input_size, output_size).ptr(); },
           {"weight", "bias"});
       return result;
     }},
    {"linear_forward", [](const json& in) { return linear_forward(in, kCpu); }},
    {"linear_backward", linear_backward},
    {"lstm_state_update",
     [](const json& in) {
       const auto flat = layers::lstm_state_update(tensor_at(in, "lstm_update_gates"),
                                                   tensor_at(in, "lstm_update_c"));
       const auto conv = layers::lstm_state_update(tensor_at(in, "lstm_update_conv_gates"),
                                                   tensor_at(in, "lstm_update_conv_c"));
       return TaskResult{{{"h", std::get<0>(flat)}, {"c", std::get<1>(flat)},
                          {"conv_h", std::get<0>(conv)}, {"conv_c", std::get<1>(conv)}}};
     }},
    {"lstmcell_init",
     [](const json& in) {
       const int64_t input_size = integer_at(in, "lstmcell_input_size");
       const int64_t hidden_size = integer_at(in, "lstmcell_hidden_size");
       layers::MyLSTMCell cell(input_size, hidden_size);
       TaskResult result;
       result.facts["parameters"] = parameter_facts(*cell);
       result.facts["draws"] = parameter_draws(
           [&]() -> std::shared_ptr<torch::nn::Module> { return layers::MyLSTMCell(input_size, hidden_size).ptr(); },
           {std::begin(kCellParameters), std::end(kCellParameters)});
       return result;
     }},
    {"lstmcell_forward", [](const json& in) { return cell_forward(in, kCpu); }},
    {"lstmcell_backward", cell_backward},
    {"lstm_init", lstm_init},
    {"lstm_init_weight", lstm_init_weight},
    {"lstm_init_hidden", lstm_init_hidden},
    {"lstm_forward", [](const json& in) { return lstm_forward(in, kCpu); }},
    {"lstm_backward", lstm_backward},
    {"main_on_cuda",
     [](const json& in) {
       return on_cpu_and_cuda(in, {{"MyLinear", linear_forward},
                           {"MyLSTMCell", cell_forward},
                           {"LSTM", lstm_forward}});
     }},
};

}  // namespace
}  // namespace grading
