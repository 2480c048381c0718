// MyGRUCell and gru_state_update (handout 2.5, extra credit): torch.nn.GRUCell, gates stacked
// r, z, n.
#include "grader/common/graded_layer.h"

namespace grading {

GradedLayer gru_cell_layer() {
  const std::string in = "grucell_input_size", hidden = "grucell_hidden_size", gates = "3*grucell_hidden_size";
  const std::string batch = "gru_batch ", update = "gru_update_batch gru_update_hidden";
  const std::vector<std::pair<std::string, std::string>> parameters = {
      {"weight_ih", gates + " " + in}, {"weight_hh", gates + " " + hidden}, {"bias_ih", gates}, {"bias_hh", gates}};
  std::vector<FixtureTensor> tensors;
  std::vector<std::string> forward = {in, hidden};
  std::vector<std::pair<std::string, std::string>> backward_outputs = {{"grad_input", "grucell_grad_input"},
                                                                       {"grad_h", "grucell_grad_h_init"}};
  for (const auto& [name, shape] : parameters) {
    tensors.push_back({"grucell_" + name, shape, name[0] == 'w' ? weight_draw() : normal_draw(0.5)});
    forward.push_back("grucell_" + name);
  }
  forward.insert(forward.end(), {"grucell_h_init", "grucell_input"});
  tensors.insert(tensors.end(), {{"grucell_input", batch + in, normal_draw()},
                                 {"grucell_h_init", batch + hidden, normal_draw(0.5)},
                                 {"grucell_grad_output", batch + hidden, normal_draw()},
                                 {"gru_update_gi", "gru_update_batch 3*gru_update_hidden", normal_draw()},
                                 {"gru_update_gh", "gru_update_batch 3*gru_update_hidden", normal_draw()},
                                 {"gru_update_h", update, normal_draw(0.5)},
                                 {"grucell_output", batch + hidden},
                                 {"grucell_grad_input", batch + in},
                                 {"grucell_grad_h_init", batch + hidden},
                                 {"gru_update_h_out", update}});
  for (const auto& [name, shape] : parameters) {
    tensors.push_back({"grucell_grad_" + name, shape});
    backward_outputs.push_back({"grad_" + name, "grucell_grad_" + name});
  }
  return {
      "MyGRUCell",
      {{in, 12},
       {hidden, 5},
       {"gru_batch", 3, false},
       {"gru_update_batch", 3, false},
       {"gru_update_hidden", 5, false}},
      {},
      tensors,
      {{"grucell_init", Part::extra, "MyGRUCell init", 2, {in, hidden}},
       {"gru_state_update", Part::extra, "gru_state_update", 3, {"gru_update_gi", "gru_update_gh", "gru_update_h"},
        {{"h", "gru_update_h_out"}}},
       {"grucell_forward", Part::extra, "MyGRUCell forward", 3, forward, {{"h", "grucell_output"}}, true},
       {"grucell_backward", Part::extra, "MyGRUCell backward", 2, join(forward, {"grucell_grad_output"}),
        backward_outputs}},
      {"aten::gru_cell", "aten::gru", "aten::_thnn_fused_gru_cell", "aten::quantized_gru_cell"},
      {"GRUCell", "GRU", "GRUCellImpl", "GRUImpl", "gru_cell", "gru", "_thnn_fused_gru_cell"},
  };
}

}  // namespace grading
