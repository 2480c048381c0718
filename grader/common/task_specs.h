// What each graded computation takes and gives, by fixture key: the one table the judge (what
// to send a probe, what to compare), the probe and the fixture generator agree on.
// A probe receives only the `inputs` keys, never an expected output.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace grading {

enum class Part { main, extra };

struct TaskSpec {
  std::string name;
  Part part;
  std::vector<std::string> inputs;
  // probe output name -> fixture key of its expected value (empty for property checks)
  std::vector<std::pair<std::string, std::string>> outputs;
  bool on_cuda = false;  // runs on CUDA beside the CPU: only where a CUDA device is present
  std::vector<std::string> per_frame = {};  // output fixture keys whose first dimension is the frame
};

const std::vector<TaskSpec>& task_specs();
const TaskSpec& task_spec(const std::string& name);  // throws std::out_of_range
const char* part_name(Part part);

}  // namespace grading
