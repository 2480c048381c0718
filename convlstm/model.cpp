#include "convlstm/model.h"

#include <stdexcept>

#include "convlstm/patches.h"

namespace convlstm {
namespace nn = torch::nn;
using torch::Tensor;

StateUpdate state_update_from_name(const std::string& name) {
  if (name == "student") return student::lstm_state_update;
#ifdef CONVLSTM_WITH_REFERENCE
  if (name == "reference") return reference::lstm_state_update;
#else
  if (name == "reference") throw std::runtime_error("--update reference needs the course's reference/, which this copy lacks");
#endif
  throw std::runtime_error("--update must be student or reference, not '" + name + "'");
}

Decoder decoder_from_name(const std::string& name) {
  if (name == "tutorial") return Decoder::tutorial;
  if (name == "stateful") return Decoder::stateful;
  if (name == "next-frame") return Decoder::next_frame;
  throw std::runtime_error("--decoder must be tutorial, stateful or next-frame, not '" + name + "'");
}

ConvLSTMCellImpl::ConvLSTMCellImpl(int64_t input_channels, int64_t hidden_channels, int64_t kernel, StateUpdate update)
    : hidden_channels(hidden_channels), update(std::move(update)) {
  if (kernel % 2 == 0) throw std::runtime_error("the kernel size must be odd, so the state keeps its size");
  gates = register_module("gates", nn::Conv2d(nn::Conv2dOptions(input_channels + hidden_channels, 4 * hidden_channels,
                                                                kernel).padding(kernel / 2)));
}

std::tuple<Tensor, Tensor> ConvLSTMCellImpl::forward(const Tensor& x, const Tensor& h, const Tensor& c) {
  // Shi et al. eq. 3: W_x * x + W_h * h + b for all four gates, as one convolution of [x, h].
  return update(gates(torch::cat({x, h}, 1)), c);
}

EncoderDecoderImpl::EncoderDecoderImpl(const PredictorOptions& o, const StateUpdate& update) : options(o) {
  if (o.layers < 1) throw std::runtime_error("the encoder and decoder need at least one layer each");
  encoder = register_module("encoder", nn::ModuleList());
  decoder = register_module("decoder", nn::ModuleList());
  const int64_t patch_channels = o.channels * o.patch * o.patch;
  for (int64_t l = 0; l < o.layers; ++l) {
    encoder->push_back(ConvLSTMCell(l == 0 ? patch_channels : o.hidden, o.hidden, o.kernel, update));
    if (o.decoder != Decoder::next_frame) decoder->push_back(ConvLSTMCell(o.hidden, o.hidden, o.kernel, update));
  }
  if (o.skip && o.decoder != Decoder::next_frame) throw std::runtime_error("--skip needs --decoder next-frame");
  const int64_t head_channels = o.hidden + (o.skip ? patch_channels : 0);
  head = register_module("head", nn::Conv3d(nn::Conv3dOptions(head_channels, patch_channels, {1, o.kernel, o.kernel})
                                                .padding({0, o.kernel / 2, o.kernel / 2})));
}

Tensor EncoderDecoderImpl::forward(const Tensor& frames) {
  const Tensor all = logits(frames);
  return torch::sigmoid(all.narrow(1, all.size(1) - options.frames_out, options.frames_out));
}

Tensor EncoderDecoderImpl::logits(const Tensor& frames) {
  const Tensor patches = to_patches(frames, options.patch);        // [B, T_in, C*p*p, H/p, W/p]
  const Tensor predicted = head(features(patches)).transpose(1, 2);  // [B, T, C*p*p, H/p, W/p]
  return from_patches(predicted, options.patch).contiguous();       // [B, T, C, H, W]
}

Tensor EncoderDecoderImpl::features(const Tensor& patches) {
  const int64_t batch = patches.size(0), frames_in = patches.size(1);
  const Tensor zeros = torch::zeros({batch, options.hidden, patches.size(3), patches.size(4)}, patches.options());
  std::vector<Tensor> h(options.layers, zeros), c(options.layers, zeros);
  const auto step = [&](nn::ModuleList& stack, Tensor input) {
    for (int64_t l = 0; l < options.layers; ++l) {
      std::tie(h[l], c[l]) = stack->ptr<ConvLSTMCellImpl>(l)->forward(input, h[l], c[l]);
      input = h[l];
    }
    return input;
  };
  std::vector<Tensor> outputs;
  if (options.decoder == Decoder::next_frame) {
    // Each step predicts the next frame; past the seen frames, the prediction is the next input.
    Tensor input = patches.select(1, 0);
    for (int64_t t = 1; t < frames_in + options.frames_out; ++t) {
      const Tensor top = step(encoder, input);
      outputs.push_back(options.skip ? torch::cat({top, input}, 1) : top);
      if (t < frames_in) input = patches.select(1, t);
      else input = torch::sigmoid(head(outputs.back().unsqueeze(2)).squeeze(2));
    }
    return torch::stack(outputs, 2);
  }
  Tensor top;
  for (int64_t t = 0; t < frames_in; ++t) top = step(encoder, patches.select(1, t));
  const Tensor summary = top;  // the encoder's last top-layer output
  if (options.decoder == Decoder::tutorial) std::fill(h.begin(), h.end(), zeros), std::fill(c.begin(), c.end(), zeros);
  for (int64_t t = 0; t < options.frames_out; ++t) {
    top = step(decoder, options.decoder == Decoder::tutorial || t == 0 ? summary : top);
    outputs.push_back(top);
  }
  return torch::stack(outputs, 2);
}

}  // namespace convlstm
