// One Catch2 test per graded task (grader/common/graded_layer.h), in the layers' order, named
// and tagged from its description: [main] or [extra], [cuda] for a part's CUDA task, and its
// points, [pts=N]. A task with expected outputs is compared with the fixtures; a property task
// runs the check registered under its name (main_tests.cpp, extra_tests.cpp).
#include "grader/common/graded_layer.h"
#include "grader/judge/checks.h"

#include <catch2/catch.hpp>

using namespace grading;

namespace {

class GradedTask : public Catch::ITestInvoker {
 public:
  explicit GradedTask(std::string task) : task_(std::move(task)) {}
  void invoke() const override {
    const TaskSpec& spec = task_spec(task_);
    if (spec.on_cuda) return expect_cuda_matches_cpu(task_);
    if (!spec.outputs.empty()) return expect_task_matches_fixtures(task_);
    const PropertyCheck check = property_check(task_);
    if (!check) FAIL("the grader has no check for the task '" << task_ << "'");
    if (const ProbeReport* report = graded_report(task_)) check(*report);
  }

 private:
  std::string task_;
};

const bool registered = [] {
  for (const TaskSpec& spec : task_specs()) {
    const std::string tags = std::string("[") + part_name(spec.part) + "]" + (spec.on_cuda ? "[cuda]" : "") +
                             "[pts=" + std::to_string(spec.points) + "]";
    Catch::AutoReg(new GradedTask(spec.name), CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                   Catch::NameAndTags{spec.title, tags});
  }
  return true;
}();

}  // namespace
