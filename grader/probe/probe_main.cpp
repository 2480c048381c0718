// probe TASK INPUT.json OUTPUT.json [TASK INPUT.json OUTPUT.json ...]
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
#include <vector>

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

// One task: runs it on its inputs and writes what it produced. Returns the probe's exit status
// when it must stop: 2 when the inputs cannot be read or the result cannot be written.
int run_task(const grading::TaskFn& task, const char* input_path, const char* output_path) {
  json inputs;
  try {
    std::ifstream in(input_path);
    inputs = json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "probe: cannot read " << input_path << ": " << common::one_line(e.what(), 300) << "\n";
    return 2;
  }
  json result = run(task, inputs);
  const std::string forbidden = grading::forbidden_layer_called();
  if (!forbidden.empty())
    result = status_result(ProbeStatus::forbidden, "ran " + forbidden +
                                           ", torch's own layer; write it with tensor operations "
                                           "(matmul, sigmoid, chunk, ...)");
  // Written in place: in the sandbox this file is the one thing outside /tmp the probe may write,
  // and the judge reads it only once the probe has exited.
  std::ofstream out(output_path, std::ios::trunc);
  out << result.dump();
  out.close();
  if (!out) {
    std::cerr << "probe: cannot write " << output_path << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

// The judge runs one task per process, so that a crash or hang costs one test. Several tasks in
// one process (make_hints, on the course's own known mistakes) share one load of LibTorch; a
// forbidden call then marks every task after it, and make_hints repeats such a task on its own.
int main(int argc, char** argv) {
  if (argc < 4 || (argc - 1) % 3 != 0) {
    std::cerr << "usage: probe TASK INPUT.json OUTPUT.json [TASK INPUT.json OUTPUT.json ...]\n";
    return 2;
  }
  const auto& registry = grading::task_registry();
  std::vector<const grading::TaskFn*> tasks;
  for (int i = 1; i < argc; i += 3) {
    const auto task = registry.find(argv[i]);
    if (task == registry.end()) {
      std::cerr << "probe: no task named '" << argv[i] << "'\n";
      return 2;
    }
    tasks.push_back(&task->second);
  }
  // One thread: results do not depend on the machine, and parallel probes do not fight.
  torch::set_num_threads(1);
  for (size_t t = 0; t < tasks.size(); ++t) {
    const int stop = run_task(*tasks[t], argv[3 * t + 2], argv[3 * t + 3]);
    if (stop != 0) std::_Exit(stop);
  }
  // At once: no static destructor or exit handler of the submission's runs after the results.
  std::_Exit(0);
}
