#include "reference/hidden_set.h"

namespace reference {

// Every size differs from the visible set's and no weight matrix is square, so code that only
// works for the visible shapes fails here. Batches of one catch batch-size assumptions, but
// the LSTM's stays above one so that BatchNorm's statistics over each frame's batch are tested;
// its input and output sizes differ enough that an initial range from the wrong one shows.
const std::map<std::string, nlohmann::json>& hidden_set_values() {
  static const std::map<std::string, nlohmann::json> values = {
      // MyLinear
      {"linear_input_size", 13}, {"linear_output_size", 5}, {"linear_batch", 1},
      // lstm_state_update
      {"update_batch", 1}, {"update_hidden", 7},
      {"conv_batch", 1}, {"conv_channels", 2}, {"conv_height", 3}, {"conv_width", 6},
      // MyLSTMCell
      {"lstmcell_input_size", 6}, {"lstmcell_hidden_size", 11}, {"cell_batch", 1},
      // LSTM
      {"lstm_batch_size", 3}, {"lstm_n_frames", 9}, {"lstm_forget_bias", 0.75}, {"lstm_bn_training", true},
      // MyGRUCell and gru_state_update
      {"grucell_input_size", 5}, {"grucell_hidden_size", 9}, {"gru_batch", 1},
      {"gru_update_batch", 1}, {"gru_update_hidden", 7},
  };
  return values;
}

}  // namespace reference
