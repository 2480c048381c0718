#include "convlstm/model.h"

#include <stdexcept>

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
  throw std::runtime_error("--decoder must be tutorial or stateful, not '" + name + "'");
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
  for (int64_t l = 0; l < o.layers; ++l) {
    encoder->push_back(ConvLSTMCell(l == 0 ? o.channels : o.hidden, o.hidden, o.kernel, update));
    decoder->push_back(ConvLSTMCell(o.hidden, o.hidden, o.kernel, update));
  }
  head = register_module("head", nn::Conv3d(nn::Conv3dOptions(o.hidden, o.channels, {1, o.kernel, o.kernel})
                                                .padding({0, o.kernel / 2, o.kernel / 2})));
}

Tensor EncoderDecoderImpl::forward(const Tensor& frames) {
  const int64_t batch = frames.size(0), frames_in = frames.size(1);
  const Tensor zeros = torch::zeros({batch, options.hidden, frames.size(3), frames.size(4)}, frames.options());
  std::vector<Tensor> h(options.layers, zeros), c(options.layers, zeros);
  const auto step = [&](nn::ModuleList& stack, Tensor input) {
    for (int64_t l = 0; l < options.layers; ++l) {
      std::tie(h[l], c[l]) = stack->ptr<ConvLSTMCellImpl>(l)->forward(input, h[l], c[l]);
      input = h[l];
    }
    return input;
  };
  Tensor top;
  for (int64_t t = 0; t < frames_in; ++t) top = step(encoder, frames.select(1, t));
  const Tensor summary = top;  // the encoder's last top-layer output
  if (options.decoder == Decoder::tutorial) std::fill(h.begin(), h.end(), zeros), std::fill(c.begin(), c.end(), zeros);
  std::vector<Tensor> outputs;
  for (int64_t t = 0; t < options.frames_out; ++t) {
    top = step(decoder, options.decoder == Decoder::tutorial || t == 0 ? summary : top);
    outputs.push_back(top);
  }
  const Tensor features = torch::stack(outputs, 2);                  // [B, hidden, T_out, H, W]
  return torch::sigmoid(head(features)).transpose(1, 2).contiguous();  // [B, T_out, C, H, W]
}

}  // namespace convlstm
