// The model's command-line flags, one definition for convlstm_train and convlstm_benchmark.
#pragma once

#include <CLI/CLI.hpp>

#include "convlstm/model.h"

namespace convlstm {

struct ModelFlags {
  PredictorOptions options;
  std::string update = "student", decoder = "tutorial";

  void add_to(CLI::App& app) {
    app.add_option("--update", update, "whose LSTM update the cells run: student or reference");
    app.add_option("--decoder", decoder, "tutorial or stateful (see docs/convlstm.md)");
    app.add_option("--hidden", options.hidden, "feature maps per ConvLSTM layer (nf)")->check(CLI::Range(1, 1024));
    app.add_option("--kernel", options.kernel, "convolution size, odd")->check(CLI::Range(1, 15));
    app.add_option("--layers", options.layers, "ConvLSTM layers in the encoder, and in the decoder")
        ->check(CLI::Range(1, 16));
  }

  // The model these flags describe, predicting frames_out frames. Throws one line for a bad name.
  EncoderDecoder build(int64_t frames_out) const {
    PredictorOptions o = options;
    o.frames_out = frames_out;
    o.decoder = decoder_from_name(decoder);
    return EncoderDecoder(o, state_update_from_name(update));
  }
};

}  // namespace convlstm
