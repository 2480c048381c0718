#include "common/image_io.h"

#include <memory>
#include <stdexcept>
#include <vector>

#include <gif_lib.h>
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace common {
namespace {

// [3, H, W] or [H, W] in [0, 1] -> bytes [H, W, channels], row-major, on the CPU.
torch::Tensor to_bytes(const torch::Tensor& image) {
  if (image.dim() != 2 && !(image.dim() == 3 && (image.size(0) == 3 || image.size(0) == 1)))
    throw std::runtime_error("an image must be [3, H, W], [1, H, W] or [H, W]");
  torch::Tensor pixels = image.detach().to(torch::kCPU, torch::kFloat32);
  if (pixels.dim() == 3 && pixels.size(0) == 1) pixels = pixels.squeeze(0);
  if (pixels.dim() == 3) pixels = pixels.permute({1, 2, 0});
  return pixels.clamp(0, 1).mul(255).round().to(torch::kUInt8).contiguous();
}

std::runtime_error gif_error(const std::string& path, int code) {
  return std::runtime_error(path + ": cannot write the GIF (" + GifErrorString(code) + ")");
}

}  // namespace

torch::Tensor read_grey_image(const std::string& path) {
  int width = 0, height = 0, channels = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> pixels(stbi_load(path.c_str(), &width, &height, &channels, 1),
                                                              stbi_image_free);
  if (!pixels) throw std::runtime_error(path + ": cannot read the image (" + stbi_failure_reason() + ")");
  return torch::from_blob(pixels.get(), {height, width}, torch::kUInt8).clone();
}

void write_png(const std::string& path, const torch::Tensor& image) {
  const torch::Tensor bytes = to_bytes(image);
  const int height = static_cast<int>(bytes.size(0)), width = static_cast<int>(bytes.size(1));
  const int channels = bytes.dim() == 3 ? 3 : 1;
  if (!stbi_write_png(path.c_str(), width, height, channels, bytes.data_ptr<uint8_t>(), width * channels))
    throw std::runtime_error(path + ": cannot write the PNG");
}

EncodedPng encode_png(const torch::Tensor& image) {
  const torch::Tensor bytes = to_bytes(image);
  EncodedPng png;
  png.height = static_cast<int>(bytes.size(0)), png.width = static_cast<int>(bytes.size(1));
  png.channels = bytes.dim() == 3 ? 3 : 1;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &png.bytes, png.width, png.height, png.channels, bytes.data_ptr<uint8_t>(),
                              png.width * png.channels))
    throw std::runtime_error("cannot encode the PNG");
  return png;
}

void write_gif(const std::string& path, const torch::Tensor& frames, int delay_ms) {
  if (frames.dim() < 3 || frames.size(0) == 0) throw std::runtime_error(path + ": no frames to write");
  int code = 0;
  GifFileType* gif = EGifOpenFileName(path.c_str(), false, &code);
  if (!gif) throw gif_error(path, code);
  const auto close = [&] { EGifCloseFile(gif, &code); };
  const auto check = [&](int status) {
    if (status == GIF_ERROR) {
      const int error = gif->Error;
      close();
      throw gif_error(path, error);
    }
  };
  const torch::Tensor first = to_bytes(frames[0]);
  const int height = static_cast<int>(first.size(0)), width = static_cast<int>(first.size(1));
  EGifSetGifVersion(gif, true);  // GIF89a: frame delays and looping
  check(EGifPutScreenDesc(gif, width, height, 8, 0, nullptr));
  // The NETSCAPE2.0 application block: loop forever.
  const unsigned char loop[] = {1, 0, 0};
  check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE));
  check(EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0"));
  check(EGifPutExtensionBlock(gif, sizeof loop, loop));
  check(EGifPutExtensionTrailer(gif));

  const size_t pixels = static_cast<size_t>(width) * height;
  std::vector<GifByteType> red(pixels), green(pixels), blue(pixels), indices(pixels);
  for (int64_t t = 0; t < frames.size(0); ++t) {
    torch::Tensor rgb = to_bytes(frames[t]);
    if (rgb.dim() == 2) rgb = rgb.unsqueeze(2).expand({height, width, 3}).contiguous();
    const uint8_t* data = rgb.data_ptr<uint8_t>();
    for (size_t i = 0; i < pixels; ++i) {
      red[i] = data[3 * i];
      green[i] = data[3 * i + 1];
      blue[i] = data[3 * i + 2];
    }
    int colours = 256;
    std::unique_ptr<ColorMapObject, decltype(&GifFreeMapObject)> palette(GifMakeMapObject(colours, nullptr),
                                                                          GifFreeMapObject);
    check(GifQuantizeBuffer(width, height, &colours, red.data(), green.data(), blue.data(), indices.data(),
                            palette->Colors));
    GraphicsControlBlock timing{DISPOSAL_UNSPECIFIED, false, (delay_ms + 5) / 10, NO_TRANSPARENT_COLOR};
    GifByteType extension[4];
    EGifGCBToExtension(&timing, extension);
    check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, sizeof extension, extension));
    check(EGifPutImageDesc(gif, 0, 0, width, height, false, palette.get()));
    for (int row = 0; row < height; ++row) check(EGifPutLine(gif, indices.data() + static_cast<size_t>(row) * width, width));
  }
  if (EGifCloseFile(gif, &code) == GIF_ERROR) throw gif_error(path, code);
}

torch::Tensor enlarge(const torch::Tensor& images, int64_t factor) {
  const int64_t d = images.dim();
  return images.repeat_interleave(factor, d - 2).repeat_interleave(factor, d - 1);
}

torch::Tensor tile(const torch::Tensor& images, int64_t gap, double background) {
  if (images.dim() != 5) throw std::runtime_error("tile wants images [rows, cols, C, H, W]");
  const int64_t rows = images.size(0), cols = images.size(1), channels = images.size(2);
  const int64_t height = images.size(3), width = images.size(4);
  torch::Tensor sheet = torch::full({channels, rows * (height + gap) + gap, cols * (width + gap) + gap}, background,
                                    images.options());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      sheet.narrow(1, gap + r * (height + gap), height).narrow(2, gap + c * (width + gap), width).copy_(images[r][c]);
  return sheet;
}

}  // namespace common
