#include "grader/common/forbidden.h"

#include "grader/common/graded_layer.h"

namespace grading {

namespace {

// Every graded layer's list of one kind, in the layers' order.
std::vector<std::string> every_layers(std::vector<std::string> GradedLayer::*list) {
  std::vector<std::string> all;
  for (const GradedLayer& layer : graded_layers()) all.insert(all.end(), (layer.*list).begin(), (layer.*list).end());
  return all;
}

}  // namespace

const std::vector<std::string>& forbidden_operators() {
  static const std::vector<std::string> ops = every_layers(&GradedLayer::forbidden_operators);
  return ops;
}

const std::vector<std::string>& forbidden_source_names() {
  static const std::vector<std::string> names = every_layers(&GradedLayer::forbidden_source_names);
  return names;
}

const std::vector<std::string>& forbidden_library_calls() {
  static const std::vector<std::string> calls = {
      "dlopen", "dlmopen", "dlsym", "dlvsym", "execve", "execveat", "fexecve", "execv", "execvp",
      "execvpe", "execl", "execlp", "execle", "system", "popen", "posix_spawn", "posix_spawnp",
      "wordexp", "syscall",
  };
  return calls;
}

}  // namespace grading
