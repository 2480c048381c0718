// The ConvLSTM of Shi et al. (NeurIPS 2015): an LSTM whose matrix products are convolutions,
// so its state is a stack of feature maps. One convolution over [x, h] gives the four gate
// pre-activations; the pointwise update after it is exactly MyLSTMCell's, here the student's
// lstm_state_update (or the reference's).
#pragma once

#include <functional>
#include <map>
#include <string>

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include "layers/layers.h"

namespace convlstm {

// (gates [B, 4C, H, W] stacked i, f, g, o; c [B, C, H, W]) -> (h', c')
using StateUpdate = std::function<std::tuple<torch::Tensor, torch::Tensor>(const torch::Tensor&, const torch::Tensor&)>;
// "student" (student/submitted.cpp) or "reference" (course staff's copy only).
StateUpdate state_update_from_name(const std::string& name);

struct ConvLSTMCellImpl : torch::nn::Module {
  ConvLSTMCellImpl(int64_t input_channels, int64_t hidden_channels, int64_t kernel, StateUpdate update);
  // x [B, input_channels, H, W]; h, c [B, hidden_channels, H, W] -> (h', c'), same shapes as h, c
  std::tuple<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x, const torch::Tensor& h,
                                                   const torch::Tensor& c);
  torch::nn::Conv2d gates{nullptr};  // [x, h] -> 4 * hidden_channels, "same" padding
  int64_t hidden_channels;
  StateUpdate update;
};
TORCH_MODULE(ConvLSTMCell);

// How the model predicts the future.
//  tutorial:   as the seed tutorial does: each decoder layer starts from a zero state and reads,
//              at every future step, the same tensor: the top encoder layer's last output.
//  stateful:   each decoder layer starts from its encoder layer's final (h, c), the whole
//              memory of the past, and reads the decoder's own previous output.
//  next-frame: no separate decoder. One stack reads each frame and predicts the next one; past
//              the frames seen it reads its own predictions (the ConvLSTM of PredRNN's code and
//              the OpenSTL benchmark). Its predictions of seen frames are scored in training too,
//              so every step of a clip teaches it, not only the future's.
enum class Decoder { tutorial, stateful, next_frame };
Decoder decoder_from_name(const std::string& name);

// How features become a predicted frame.
//  pixels: a convolution draws the frame's pixels (as patches) from the top layer's output.
//  cdna:   next-frame only. Finn, Goodfellow & Levine (NeurIPS 2016), "convolutional dynamic
//          neural advection": the next frame is the frame just read, moved. From the top layer's
//          output the model makes kMotionKernels normalised kernels per clip and a mask per
//          kernel per pixel; each kernel moves the frame, and the masks mix the moved copies.
//          The ink of the prediction is the frame's own ink, so a digit stays sharp while it
//          moves, and the cells learn only how it moves.
enum class Head { pixels, cdna };
Head head_from_name(const std::string& name);
constexpr int64_t kMotionKernels = 10;     // Finn et al.'s CDNA count: up to 10 different motions per clip
constexpr int64_t kMotionKernelSize = 9;   // reaches 4 pixels; Moving MNIST's digits move 3.6 a frame

struct PredictorOptions {
  int64_t channels = 1;   // of the frames
  int64_t patch = 1;      // space-to-depth block (convlstm/patches.h): the cells see C*p*p channels
  int64_t hidden = 64;    // nf: feature maps of every ConvLSTM layer
  int64_t kernel = 3;
  int64_t layers = 2;     // in the encoder, and again in the decoder (next-frame: in its one stack)
  int64_t frames_out = 10;
  Decoder decoder = Decoder::tutorial;
  // next-frame only: the head reads the frame each step read beside the top layer's output, so a
  // prediction starts as a copy of the frame before it and the cells learn how it moves.
  bool skip = false;
  Head head = Head::pixels;

  // As a weight file's metadata (every field, by name), and back; throws naming a missing key.
  std::map<std::string, std::string> to_metadata() const;
  static PredictorOptions from_metadata(const std::map<std::string, std::string>& metadata);
};

// One entry of a convlstm_train weight file's metadata; throws "not a convlstm_train model (no
// 'key')" when it is missing.
const std::string& metadata_text(const std::map<std::string, std::string>& metadata, const std::string& key);
int64_t metadata_int(const std::map<std::string, std::string>& metadata, const std::string& key);

// frames [B, T_in, C, H, W] in [0, 1] -> predictions [B, frames_out, C, H, W] in (0, 1)
struct EncoderDecoderImpl : torch::nn::Module {
  EncoderDecoderImpl(const PredictorOptions& options, const StateUpdate& update);
  // The future frames: sigmoid of the last frames_out of logits(frames).
  torch::Tensor forward(const torch::Tensor& frames);
  // Every frame the model predicts, before its sigmoid (for a loss that takes logits), in the
  // order of the clip: [B, frames_out, C, H, W]; with Decoder::next_frame, [B, T_in - 1 +
  // frames_out, C, H, W]: frames 2 to T_in, each from the true frames before it, then the future.
  torch::Tensor logits(const torch::Tensor& frames);

  PredictorOptions options;
  torch::nn::ModuleList encoder{nullptr}, decoder{nullptr};  // next_frame: the one stack is the encoder
  torch::nn::Conv3d head{nullptr};  // pixels: (1, k, k) over [B, hidden, T, H/p, W/p]: features -> patches
  torch::nn::Linear motion_kernels{nullptr};  // cdna: the top layer's mean over space -> K kernels' taps
  torch::nn::Conv2d motion_masks{nullptr};    // cdna: the top layer -> K masks, as patches

 private:
  struct StackState {  // every layer's (h, c)
    std::vector<torch::Tensor> h, c;
  };
  StackState zero_state(const torch::Tensor& patches) const;
  // One time step up a stack: input [B, C*p*p, H/p, W/p] -> the top layer's h.
  torch::Tensor step(torch::nn::ModuleList& stack, StackState& state, torch::Tensor input);
  torch::Tensor encoder_decoder_logits(const torch::Tensor& frames);
  torch::Tensor next_frame_logits(const torch::Tensor& frames);
  // The next frame's logits [B, C, H, W] from the top layer's output and the frame this step read.
  torch::Tensor predict_next(const torch::Tensor& top, const torch::Tensor& frame, const torch::Tensor& patches);
};
TORCH_MODULE(EncoderDecoder);

}  // namespace convlstm
