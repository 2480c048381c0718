// MyLinear (handout 2.1): y = x W^T + b, as torch.nn.Linear.
#include "grader/common/graded_layer.h"

namespace grading {

GradedLayer linear_layer() {
  const std::vector<std::string> sizes = {"linear_input_size", "linear_output_size"};
  const auto forward = join(sizes, {"linear_weight", "linear_bias", "linear_input"});
  return {
      "MyLinear",
      // Input and output sizes differ enough (17 vs 9) that an initial range computed from the
      // wrong one shows.
      {{"linear_input_size", 17}, {"linear_output_size", 9}, {"linear_batch", 3, false}},
      {},
      {{"linear_weight", "linear_output_size linear_input_size", weight_draw()},
       {"linear_bias", "linear_output_size", normal_draw(0.5)},
       {"linear_input", "linear_batch linear_input_size", normal_draw()},
       {"linear_grad_output", "linear_batch linear_output_size", normal_draw()},
       {"linear_output", "linear_batch linear_output_size"},
       {"linear_grad_input", "linear_batch linear_input_size"},
       {"linear_grad_weight", "linear_output_size linear_input_size"},
       {"linear_grad_bias", "linear_output_size"}},
      {{"linear_init", Part::main, "MyLinear init", 3, sizes},
       {"linear_forward", Part::main, "MyLinear forward", 5, forward, {{"output", "linear_output"}}, true},
       {"linear_backward", Part::main, "MyLinear backward", 3, join(forward, {"linear_grad_output"}),
        {{"grad_input", "linear_grad_input"}, {"grad_weight", "linear_grad_weight"}, {"grad_bias", "linear_grad_bias"}}}},
      {"aten::linear", "aten::bilinear", "aten::mkldnn_linear"},
      {"Linear", "Bilinear", "LinearImpl", "linear", "bilinear"},
  };
}

}  // namespace grading
