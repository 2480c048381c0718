// lstm_state_update (handout 2.2): the LSTM's gate arithmetic on stacked pre-activations, for
// any trailing dimensions: the vectors of MyLSTMCell and the feature maps of the ConvLSTM lab.
#include "grader/common/graded_layer.h"

namespace grading {

GradedLayer lstm_state_update_layer() {
  const std::string flat = "update_batch update_hidden", maps = "conv_batch conv_channels conv_height conv_width";
  return {
      "lstm_state_update",
      {{"update_batch", 3, false},
       {"update_hidden", 5, false},
       {"conv_batch", 3, false},
       {"conv_channels", 3, false},
       {"conv_height", 4, false},
       {"conv_width", 5, false}},
      {},
      // Drawn after the LSTM's inputs: the order the first fixtures were written in.
      {{"lstm_update_gates", "update_batch 4*update_hidden", normal_draw(), "LSTM"},
       {"lstm_update_c", flat, normal_draw(), "LSTM"},
       {"lstm_update_conv_gates", "conv_batch 4*conv_channels conv_height conv_width", normal_draw(), "LSTM"},
       {"lstm_update_conv_c", maps, normal_draw(), "LSTM"},
       {"lstm_update_h_out", flat},
       {"lstm_update_c_out", flat},
       {"lstm_update_conv_h_out", maps},
       {"lstm_update_conv_c_out", maps}},
      {{"lstm_state_update", Part::main, "lstm_state_update", 5,
        {"lstm_update_gates", "lstm_update_c", "lstm_update_conv_gates", "lstm_update_conv_c"},
        {{"h", "lstm_update_h_out"},
         {"c", "lstm_update_c_out"},
         {"conv_h", "lstm_update_conv_h_out"},
         {"conv_c", "lstm_update_conv_c_out"}}}},
      {},
      {},
  };
}

}  // namespace grading
