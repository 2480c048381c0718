// What a probe tells the judge: one JSON object in the result file, written by
// probe/probe_main.cpp and read by judge/grading_context.cpp, with these fields only.
//   status           a ProbeStatus's name
//   message          why, for every status but ok: one line, shown to the student
//   outputs          {name: tensor} computed on the CPU, compared with the fixtures
//   outputs_on_cuda  {name: tensor} the same computations on CUDA, for tasks that run on both
//   facts            what the judge checks beyond tensors (parameter names, draws, options)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace grading {

enum class ProbeStatus {
  ok,               // the task ran
  skipped,          // the task cannot run here (a CUDA task without a CUDA device)
  not_implemented,  // a stub the student has not written yet
  task_error,       // the framework found the layer put together wrongly (a parameter missing)
  forbidden,        // the code ran one of torch's own layers
  exception,        // the student's code threw
};

const char* probe_status_name(ProbeStatus status);
std::optional<ProbeStatus> probe_status_from_name(const std::string& name);

// How many values of each parameter an initialisation task draws at least (over as many freshly
// made layers as that takes): enough for the judge's goodness-of-fit tests, which fail fewer.
inline constexpr int64_t kInitDraws = 4096;

// Why a task that runs on CUDA is skipped on a machine without a CUDA device.
inline constexpr char kNoCudaDevice[] = "no CUDA device on this machine";

namespace probe_field {
inline constexpr char kStatus[] = "status";
inline constexpr char kMessage[] = "message";
inline constexpr char kOutputs[] = "outputs";
inline constexpr char kOutputsOnCuda[] = "outputs_on_cuda";
inline constexpr char kFacts[] = "facts";
}  // namespace probe_field

}  // namespace grading
