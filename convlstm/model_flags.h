// The model's command-line flags, one definition for convlstm_train and convlstm_benchmark.
#pragma once

#include <CLI/CLI.hpp>

#include "convlstm/model.h"
#include "convlstm/patches.h"

namespace convlstm {

struct ModelFlags {
  PredictorOptions options;
  std::string update = "student", decoder = "tutorial", head = "pixels";

  void add_to(CLI::App& app) {
    app.add_option("--update", update, "whose LSTM update the cells run: student or reference");
    app.add_option("--decoder", decoder, "tutorial, stateful or next-frame (see convlstm/model.h)");
    app.add_option("--hidden", options.hidden, "feature maps per ConvLSTM layer (nf)")->check(CLI::Range(1, 1024));
    app.add_option("--kernel", options.kernel, "convolution size, odd")->check(CLI::Range(1, 15));
    app.add_option("--patch", options.patch, "space-to-depth block: p x p pixels become p*p channels")
        ->check(CLI::Range(1, 64));
    app.add_flag("--skip", options.skip, "next-frame: the head also reads each step's input frame");
    app.add_option("--head", head, "pixels, or cdna: next-frame moves the frame it read (see convlstm/model.h)");
    app.add_option("--layers", options.layers, "ConvLSTM layers in the encoder, and in the decoder")
        ->check(CLI::Range(1, 16));
  }

  // The model these flags describe, predicting frames_out frames of frame_size x frame_size.
  // Throws one line for a bad name or a patch that does not divide the frames.
  EncoderDecoder build(int64_t frames_out, int64_t frame_size) const {
    check_patch_divides(options.patch, frame_size, frame_size);
    PredictorOptions o = options;
    o.frames_out = frames_out;
    o.decoder = decoder_from_name(decoder);
    o.head = head_from_name(head);
    return EncoderDecoder(o, state_update_from_name(update));
  }
};

}  // namespace convlstm
