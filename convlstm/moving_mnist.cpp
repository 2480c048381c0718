#include "convlstm/moving_mnist.h"

#include <cmath>
#include <random>

namespace convlstm {
namespace {

// Independent streams for each sequence and digit (splitmix64's finaliser mixes the numbers).
uint64_t mix(uint64_t a, uint64_t b) {
  uint64_t z = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E5F5ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace

torch::Tensor digit_trajectory(uint64_t seed, const MovingMnistOptions& o) {
  std::mt19937_64 rng(seed);
  const double angle = 2 * M_PI * uniform01(rng);
  double y = uniform01(rng), x = uniform01(rng);
  double vy = std::sin(angle), vx = std::cos(angle);
  const double free_range = static_cast<double>(o.size - kDigitSize);
  torch::Tensor corners = torch::empty({o.frames, 2}, torch::kLong);
  auto at = corners.accessor<int64_t, 2>();
  for (int64_t t = 0; t < o.frames; ++t) {
    at[t][0] = static_cast<int64_t>(y * free_range);
    at[t][1] = static_cast<int64_t>(x * free_range);
    y += vy * o.step;
    x += vx * o.step;
    if (y < 0 || y > 1) y = y < 0 ? -y : 2 - y, vy = -vy;
    if (x < 0 || x > 1) x = x < 0 ? -x : 2 - x, vx = -vx;
  }
  return corners;
}

torch::Tensor moving_mnist(const Digits& digits, uint64_t seed, int64_t first, int64_t count,
                           const MovingMnistOptions& o) {
  const torch::Tensor images = digits.images.contiguous();
  const int64_t pool = images.size(0);
  torch::Tensor out = torch::zeros({count, o.frames, 1, o.size, o.size}, torch::kUInt8);
  uint8_t* canvas = out.data_ptr<uint8_t>();
  for (int64_t n = 0; n < count; ++n) {
    const uint64_t sequence = mix(seed, static_cast<uint64_t>(first + n));
    for (int64_t d = 0; d < o.digits; ++d) {
      const uint64_t stream = mix(sequence, static_cast<uint64_t>(d));
      const uint8_t* digit = images.data_ptr<uint8_t>() + (stream % static_cast<uint64_t>(pool)) * kDigitSize * kDigitSize;
      const torch::Tensor corners = digit_trajectory(mix(stream, 1), o);
      const auto at = corners.accessor<int64_t, 2>();
      for (int64_t t = 0; t < o.frames; ++t) {
        uint8_t* frame = canvas + (n * o.frames + t) * o.size * o.size;
        for (int64_t r = 0; r < kDigitSize; ++r)
          for (int64_t c = 0; c < kDigitSize; ++c) {
            uint8_t& pixel = frame[(at[t][0] + r) * o.size + at[t][1] + c];
            pixel = std::max(pixel, digit[r * kDigitSize + c]);
          }
      }
    }
  }
  return out;
}

}  // namespace convlstm
