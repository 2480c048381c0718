// probe TASK INPUT.json OUTPUT.json
//
// Runs one graded computation on the layer implementation linked into this binary (a student's
// submission) and writes what it produced. The probe never sees an expected output: the judge,
// a separate process with no student code in it, compares and scores. Every outcome, an
// exception included, is written as a result; a crash, hang or early exit is what the judge
// sees when no result arrives. Torch's own layers refuse to run here (refuse_layers.h).
#include "common/one_line.h"
#include "grader/common/probe_protocol.h"
#include "grader/probe/refuse_layers.h"
#include "grader/probe/task_registry.h"
#include "grader/probe/torch_json.h"
#include "layers/layers.h"

#include <c10/util/Exception.h>
#include <torch/utils.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using nlohmann::json;

using grading::ProbeStatus;
namespace field = grading::probe_field;

json status_result(ProbeStatus status, const std::string& message) {
  return {{field::kStatus, grading::probe_status_name(status)}, {field::kMessage, common::one_line(message, 300)}};
}

json tensors_json(const std::map<std::string, torch::Tensor>& tensors) {
  json all = json::object();
  for (const auto& [name, tensor] : tensors) all[name] = tensor.defined() ? grading::tensor_to_json(tensor) : json(nullptr);
  return all;
}

json run(const grading::TaskFn& task, const json& inputs) {
  try {
    const grading::TaskResult result = task(inputs);
    if (!result.skipped.empty()) return status_result(ProbeStatus::skipped, result.skipped);
    return {{field::kStatus, grading::probe_status_name(ProbeStatus::ok)},
            {field::kOutputs, tensors_json(result.outputs)},
            {field::kOutputsOnCuda, tensors_json(result.outputs_on_cuda)},
            {field::kFacts, result.facts}};
  } catch (const NotImplementedError& e) {
    return status_result(ProbeStatus::not_implemented, e.what());
  } catch (const grading::TaskError& e) {
    return status_result(ProbeStatus::task_error, e.what());
  } catch (const c10::Error& e) {
    return status_result(ProbeStatus::exception, e.what_without_backtrace());
  } catch (const std::exception& e) {
    return status_result(ProbeStatus::exception, e.what());
  } catch (...) {
    return status_result(ProbeStatus::exception, "threw something that is not a std::exception");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: probe TASK INPUT.json OUTPUT.json\n";
    return 2;
  }
  const auto& registry = grading::task_registry();
  const auto task = registry.find(argv[1]);
  if (task == registry.end()) {
    std::cerr << "probe: no task named '" << argv[1] << "'\n";
    return 2;
  }
  json inputs;
  try {
    std::ifstream in(argv[2]);
    inputs = json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "probe: cannot read " << argv[2] << ": " << common::one_line(e.what(), 300) << "\n";
    return 2;
  }
  // One thread: results do not depend on the machine, and parallel probes do not fight.
  torch::set_num_threads(1);

  json result = run(task->second, inputs);
  const std::string forbidden = grading::forbidden_layer_called();
  if (!forbidden.empty())
    result = status_result(ProbeStatus::forbidden, "ran " + forbidden +
                                           ", torch's own layer; write it with tensor operations "
                                           "(matmul, sigmoid, chunk, ...)");
  // Written in place: in the sandbox this file is the one thing outside /tmp the probe may write,
  // and the judge reads it only once the probe has exited.
  std::ofstream out(argv[3], std::ios::trunc);
  out << result.dump();
  out.close();
  if (!out) {
    std::cerr << "probe: cannot write " << argv[3] << "\n";
    std::_Exit(2);
  }
  // At once: no static destructor or exit handler of the submission's runs after the result.
  std::_Exit(0);
}
