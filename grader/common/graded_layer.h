// A graded layer, described once (grader/common/layers/*.cpp): the sizes its fixtures use,
// the shape and the random draw of each fixture tensor, the tasks that grade it with their
// points, and torch's operators it may not call. Everything else reads these descriptions:
//   reference/make_fixtures.cpp      draws the inputs and stores the reference's outputs;
//   grader/common/fixture_shapes.cpp refuses a fixture tensor of the wrong shape;
//   grader/common/forbidden.cpp      the operators the probe refuses and the judge looks for;
//   grader/judge/judge_main.cpp      sends each task's inputs to a probe;
//   tests/graded/graded_tests.cpp    one Catch2 test per task, with its points.
// A probe receives only a task's `inputs`, never an expected output. docs/instructor.md,
// "Adding a graded layer", walks through a new one.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace grading {

enum class Part { main, extra };
const char* part_name(Part part);

// A dimension of the fixtures, with its value in the visible set (the hidden set's values are
// the course's secret: reference/hidden_set.cpp). A written size is stored in the fixture
// file, where probes and shape rules read it. A free one only sizes make_fixtures' draws:
// shape rules bind it on first use, so a file may use any value for it, the same throughout.
struct Size {
  std::string key;
  int64_t visible;
  bool written = true;
};

// A scalar stored in the fixture file: a setting such as the forget gate's bias or a mode.
struct Setting {
  std::string key;
  nlohmann::json visible;
};

// How make_fixtures fills a fixture tensor. `computed`: it is an expected output, the
// reference implementation's result.
struct Draw {
  enum class Kind { computed, weight, normal, uniform } kind = Kind::computed;
  double a = 0, b = 0;  // normal: the scale; uniform: the range [a, b)
};
// randn / sqrt(last dimension): gate pre-activations of order one, off sigmoid's and tanh's flat
// tails, so every plausible mistake moves the outputs well past the tolerance.
inline Draw weight_draw() { return {Draw::Kind::weight}; }
inline Draw normal_draw(double scale = 1) { return {Draw::Kind::normal, scale}; }
inline Draw uniform_draw(double low, double high) { return {Draw::Kind::uniform, low, high}; }

// A fixture tensor. `shape`: its dimensions, each a size key, "4*key" for four times one (the
// LSTM's stacked gates). `drawn_after`: empty, it is drawn with its layer's other inputs; a
// layer's name, right after that layer's. A tensor added to a layer once later layers existed
// names the last of them, so that every value drawn before it stays as it was.
struct FixtureTensor {
  std::string key;
  std::string shape;
  Draw draw = {};
  std::string drawn_after = {};
};

// One dimension of a shape as written ("4*lstmcell_hidden_size"): `factor` times `size`.
struct Dimension {
  std::string spelled, size;
  int64_t factor = 1;
};
std::vector<Dimension> dimensions_of(const std::string& shape);

// One graded computation a probe runs (its code: grader/probe/tasks_*.cpp, by `name`).
struct TaskSpec {
  std::string name;
  Part part;
  std::string title;  // the graded test's name
  int points;
  std::vector<std::string> inputs;  // fixture keys the probe receives
  // probe output name -> fixture key of its expected value. Empty in a layer's task: a
  // property task, checked by a function of that name in tests/graded/ (its facts against
  // PyTorch's rules); a part's CUDA task compares its own CPU and CUDA outputs instead.
  std::vector<std::pair<std::string, std::string>> outputs = {};
  bool compared_on_cuda = false;            // its forward pass also runs in the part's CUDA task
  std::vector<std::string> per_frame = {};  // output keys whose first dimension is the frame
  bool on_cuda = false;                     // a part's CUDA task: runs only where CUDA is present
};

struct GradedLayer {
  std::string name;
  std::vector<Size> sizes;
  std::vector<Setting> settings;
  std::vector<FixtureTensor> tensors;  // inputs in the order they are drawn, and outputs
  std::vector<TaskSpec> tasks;         // in the order the report lists them
  // ATen operators that compute this layer for the student ("aten::linear"), refused in the
  // probe, and their C++ names in torch's namespaces, refused in the source.
  std::vector<std::string> forbidden_operators;
  std::vector<std::string> forbidden_source_names;
};

// The assignment's layers, in the handout's order, which is the report's and the order their
// inputs are drawn in: a new layer goes last, so the fixtures of the others keep their values.
const std::vector<GradedLayer>& graded_layers();

// Every task, layer by layer; then for each part a task "<part>_on_cuda" that runs the forward
// passes of the part's compared_on_cuda tasks on the CPU and on CUDA, with all their inputs
// (worth no points: most graders have no GPU).
const std::vector<TaskSpec>& task_specs();
const TaskSpec& task_spec(const std::string& name);  // throws std::out_of_range

// a followed by b: for input lists that extend another task's.
std::vector<std::string> join(std::vector<std::string> a, const std::vector<std::string>& b);

}  // namespace grading
