#include "grader/common/graded_layer.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace grading {

// Each in grader/common/layers/.
GradedLayer linear_layer();
GradedLayer lstm_state_update_layer();
GradedLayer lstm_cell_layer();
GradedLayer lstm_layer();
GradedLayer gru_cell_layer();

const std::vector<GradedLayer>& graded_layers() {
  static const std::vector<GradedLayer> layers = {linear_layer(), lstm_state_update_layer(), lstm_cell_layer(),
                                                  lstm_layer(), gru_cell_layer()};
  return layers;
}

const char* part_name(Part part) { return part == Part::main ? "main" : "extra"; }

std::vector<Dimension> dimensions_of(const std::string& shape) {
  std::istringstream words(shape);
  std::vector<Dimension> dimensions;
  for (std::string word; words >> word;) {
    if (word.size() > 2 && word[1] == '*')
      dimensions.push_back({word, word.substr(2), word[0] - '0'});
    else
      dimensions.push_back({word, word, 1});
  }
  return dimensions;
}

std::vector<std::string> join(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

namespace {

std::vector<TaskSpec> all_tasks() {
  std::vector<TaskSpec> tasks;
  for (const GradedLayer& layer : graded_layers()) tasks.insert(tasks.end(), layer.tasks.begin(), layer.tasks.end());
  for (const Part part : {Part::main, Part::extra}) {
    TaskSpec cuda{std::string(part_name(part)) + "_on_cuda", part,
                  std::string(part_name(part)) + " part on CUDA agrees with CPU", 0, {}};
    cuda.on_cuda = true;
    for (const TaskSpec& task : tasks)
      if (task.part == part && task.compared_on_cuda)
        for (const std::string& key : task.inputs)
          if (std::find(cuda.inputs.begin(), cuda.inputs.end(), key) == cuda.inputs.end()) cuda.inputs.push_back(key);
    if (!cuda.inputs.empty()) tasks.push_back(cuda);
  }
  return tasks;
}

}  // namespace

const std::vector<TaskSpec>& task_specs() {
  static const std::vector<TaskSpec> tasks = all_tasks();
  return tasks;
}

const TaskSpec& task_spec(const std::string& name) {
  for (const auto& spec : task_specs())
    if (spec.name == name) return spec;
  throw std::out_of_range("no graded task named '" + name + "'");
}

}  // namespace grading
