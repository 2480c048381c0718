#include "convlstm/model.h"

#include <stdexcept>
#include <utility>
#include <vector>

#include <torch/nn/functional/conv.h>

#include "common/named_value.h"
#include "convlstm/patches.h"

namespace convlstm {
namespace nn = torch::nn;
namespace F = torch::nn::functional;
using torch::Tensor;

namespace {
// CDNA's frames are clamped to [eps, 1 - eps] before their logit, so the cross-entropy stays finite.
constexpr double kLogitEpsilon = 1e-6;

const std::vector<std::pair<std::string, Decoder>> kDecoders = {
    {"tutorial", Decoder::tutorial}, {"stateful", Decoder::stateful}, {"next-frame", Decoder::next_frame}};
const std::vector<std::pair<std::string, Head>> kHeads = {{"pixels", Head::pixels}, {"cdna", Head::cdna}};

}  // namespace

StateUpdate state_update_from_name(const std::string& name) {
  if (name == "student") return student::lstm_state_update;
#ifdef CONVLSTM_WITH_REFERENCE
  if (name == "reference") return reference::lstm_state_update;
#else
  if (name == "reference") throw std::runtime_error("--update reference needs the course's reference/, which this copy lacks");
#endif
  throw std::runtime_error("--update must be student or reference, not '" + name + "'");
}

Decoder decoder_from_name(const std::string& name) { return common::named_value<Decoder>("--decoder", name, kDecoders); }

Head head_from_name(const std::string& name) { return common::named_value<Head>("--head", name, kHeads); }

std::map<std::string, std::string> PredictorOptions::to_metadata() const {
  return {{"channels", std::to_string(channels)}, {"patch", std::to_string(patch)},
          {"hidden", std::to_string(hidden)},     {"kernel", std::to_string(kernel)},
          {"layers", std::to_string(layers)},     {"frames_out", std::to_string(frames_out)},
          {"decoder", common::value_name(decoder, kDecoders)}, {"skip", skip ? "1" : "0"},
          {"head", common::value_name(head, kHeads)}};
}

const std::string& metadata_text(const std::map<std::string, std::string>& metadata, const std::string& key) {
  const auto found = metadata.find(key);
  if (found == metadata.end()) throw std::runtime_error("not a convlstm_train model (no '" + key + "')");
  return found->second;
}

int64_t metadata_int(const std::map<std::string, std::string>& metadata, const std::string& key) {
  return std::stoll(metadata_text(metadata, key));
}

PredictorOptions PredictorOptions::from_metadata(const std::map<std::string, std::string>& metadata) {
  PredictorOptions o;
  // Models written before the channels were recorded are of Moving MNIST's one channel.
  o.channels = metadata.count("channels") ? metadata_int(metadata, "channels") : 1;
  o.patch = metadata_int(metadata, "patch");
  o.hidden = metadata_int(metadata, "hidden");
  o.kernel = metadata_int(metadata, "kernel");
  o.layers = metadata_int(metadata, "layers");
  o.frames_out = metadata_int(metadata, "frames_out");
  o.decoder = decoder_from_name(metadata_text(metadata, "decoder"));
  o.skip = metadata_text(metadata, "skip") == "1";
  o.head = head_from_name(metadata_text(metadata, "head"));
  return o;
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
  if (o.skip && o.decoder != Decoder::next_frame) throw std::runtime_error("--skip needs --decoder next-frame");
  if (o.head == Head::cdna && o.decoder != Decoder::next_frame)
    throw std::runtime_error("--head cdna needs --decoder next-frame");
  if (o.head == Head::cdna && o.skip) throw std::runtime_error("--skip is for --head pixels");
  encoder = register_module("encoder", nn::ModuleList());
  decoder = register_module("decoder", nn::ModuleList());
  const int64_t patch_channels = o.channels * o.patch * o.patch;
  for (int64_t l = 0; l < o.layers; ++l) {
    encoder->push_back(ConvLSTMCell(l == 0 ? patch_channels : o.hidden, o.hidden, o.kernel, update));
    if (o.decoder != Decoder::next_frame) decoder->push_back(ConvLSTMCell(o.hidden, o.hidden, o.kernel, update));
  }
  if (o.head == Head::cdna) {
    motion_kernels = register_module("motion_kernels",
                                     nn::Linear(o.hidden, kMotionKernels * kMotionKernelSize * kMotionKernelSize));
    const int64_t mask_channels = kMotionKernels * o.patch * o.patch;  // K masks, as patches
    motion_masks = register_module(
        "motion_masks", nn::Conv2d(nn::Conv2dOptions(o.hidden, mask_channels, o.kernel).padding(o.kernel / 2)));
    return;
  }
  const int64_t head_channels = o.hidden + (o.skip ? patch_channels : 0);
  head = register_module("head", nn::Conv3d(nn::Conv3dOptions(head_channels, patch_channels, {1, o.kernel, o.kernel})
                                                .padding({0, o.kernel / 2, o.kernel / 2})));
}

Tensor EncoderDecoderImpl::forward(const Tensor& frames) {
  const Tensor all = logits(frames);
  return torch::sigmoid(all.narrow(1, all.size(1) - options.frames_out, options.frames_out));
}

Tensor EncoderDecoderImpl::logits(const Tensor& frames) {
  return options.decoder == Decoder::next_frame ? next_frame_logits(frames) : encoder_decoder_logits(frames);
}

EncoderDecoderImpl::StackState EncoderDecoderImpl::zero_state(const Tensor& patches) const {
  const Tensor zeros = torch::zeros({patches.size(0), options.hidden, patches.size(-2), patches.size(-1)},
                                    patches.options());
  return {std::vector<Tensor>(options.layers, zeros), std::vector<Tensor>(options.layers, zeros)};
}

Tensor EncoderDecoderImpl::step(nn::ModuleList& stack, StackState& state, Tensor input) {
  for (int64_t l = 0; l < options.layers; ++l) {
    std::tie(state.h[l], state.c[l]) = stack->ptr<ConvLSTMCellImpl>(l)->forward(input, state.h[l], state.c[l]);
    input = state.h[l];
  }
  return input;
}

Tensor EncoderDecoderImpl::encoder_decoder_logits(const Tensor& frames) {
  const Tensor patches = to_patches(frames, options.patch);  // [B, T_in, C*p*p, H/p, W/p]
  StackState state = zero_state(patches);
  Tensor top;
  for (int64_t t = 0; t < patches.size(1); ++t) top = step(encoder, state, patches.select(1, t));
  const Tensor summary = top;  // the encoder's last top-layer output
  if (options.decoder == Decoder::tutorial) state = zero_state(patches);
  std::vector<Tensor> outputs;
  for (int64_t t = 0; t < options.frames_out; ++t) {
    top = step(decoder, state, options.decoder == Decoder::tutorial || t == 0 ? summary : top);
    outputs.push_back(top);
  }
  const Tensor predicted = head(torch::stack(outputs, 2)).transpose(1, 2);  // [B, T, C*p*p, H/p, W/p]
  return from_patches(predicted, options.patch).contiguous();              // [B, T, C, H, W]
}

Tensor EncoderDecoderImpl::next_frame_logits(const Tensor& frames) {
  const int64_t frames_in = frames.size(1);
  Tensor frame = frames.select(1, 0);  // [B, C, H, W]
  Tensor patches = to_patches(frame, options.patch);
  StackState state = zero_state(patches);
  std::vector<Tensor> predicted;
  for (int64_t t = 1; t < frames_in + options.frames_out; ++t) {
    predicted.push_back(predict_next(step(encoder, state, patches), frame, patches));
    // Past the seen frames, the prediction is the next input.
    frame = t < frames_in ? frames.select(1, t) : torch::sigmoid(predicted.back());
    patches = to_patches(frame, options.patch);
  }
  return torch::stack(predicted, 1);
}

Tensor EncoderDecoderImpl::predict_next(const Tensor& top, const Tensor& frame, const Tensor& patches) {
  if (options.head == Head::pixels) {
    const Tensor features = options.skip ? torch::cat({top, patches}, 1) : top;
    return from_patches(head(features.unsqueeze(2)).squeeze(2), options.patch);
  }
  // CDNA (Finn et al. 2016): each clip's K kernels, their taps a softmax so each is
  // a weighted average of nearby pixels: it moves ink and neither makes nor destroys it.
  const int64_t batch = frame.size(0), channels = frame.size(1), height = frame.size(2), width = frame.size(3);
  const int64_t size = kMotionKernelSize;
  const Tensor taps = torch::softmax(motion_kernels(top.mean({2, 3})).view({batch, kMotionKernels, size * size}), 2);
  // Every channel of every clip convolved with its clip's K kernels, as one grouped convolution.
  const Tensor kernels = taps.view({batch, 1, kMotionKernels, size, size})
                             .expand({batch, channels, kMotionKernels, size, size})
                             .reshape({batch * channels * kMotionKernels, 1, size, size});
  const Tensor moved = F::conv2d(frame.reshape({1, batch * channels, height, width}), kernels,
                                 F::Conv2dFuncOptions().padding(size / 2).groups(batch * channels))
                           .view({batch, channels, kMotionKernels, height, width});
  // Per pixel, the masks (a softmax over the K kernels) say how much of each moved copy it takes.
  const Tensor masks = torch::softmax(from_patches(motion_masks(top), options.patch), 1).unsqueeze(1);
  const Tensor next = (moved * masks).sum(2).to(torch::kFloat);  // [B, C, H, W], in [0, 1]
  return torch::logit(next, kLogitEpsilon);  // as logits, like the pixel head's
}

}  // namespace convlstm
