#include "mocogan/shape_motion.h"

namespace mocogan {
namespace {

using torch::Tensor;

Tensor uniform(int64_t count, double low, double high) {
  return torch::rand({count, 1}) * (high - low) + low;
}

}  // namespace

Tensor bounce(const Tensor& start, const Tensor& velocity, const Tensor& t, const Tensor& low,
              const Tensor& high) {
  const Tensor span = high - low;
  Tensor q = torch::remainder(start - low + velocity * t, 2 * span);
  q = torch::where(q > span, 2 * span - q, q);
  return low + q;
}

Tensor shape_motion_videos(int64_t count, int64_t frames, int64_t size) {
  const double s = static_cast<double>(size);
  // Content: shape, colour, size, and where across the motion it sits.
  const Tensor is_square = torch::rand({count, 1, 1, 1}) < 0.5;
  using namespace shape_motion;
  const int64_t colours = static_cast<int64_t>(kPalette.size());
  const Tensor palette = torch::from_blob(const_cast<float*>(kPalette[0].data()), {colours, 3}, torch::kFloat32);
  const Tensor colour = palette.index_select(0, torch::randint(0, colours, {count}));
  const Tensor radius = uniform(count, kRadiusMin * s, kRadiusMax * s);
  const Tensor across = uniform(count, 0.3 * s, 0.7 * s);
  // Motion: axis, direction, speed, phase.
  const Tensor vertical = torch::rand({count, 1}) < 0.5;
  const Tensor velocity = uniform(count, kSpeedMin * s, kSpeedMax * s) * (torch::randint(0, 2, {count, 1}) * 2 - 1);
  const Tensor start = uniform(count, 0.2 * s, 0.8 * s);
  const Tensor t = torch::arange(frames, torch::kFloat32).unsqueeze(0);          // [1, T]
  const Tensor along = bounce(start, velocity, t, radius, s - radius);            // [N, T]
  const Tensor cx = torch::where(vertical, across.expand_as(along), along);
  const Tensor cy = torch::where(vertical, along, across.expand_as(along));

  const Tensor grid = torch::arange(size, torch::kFloat32) + 0.5;
  const Tensor dx = (grid.view({1, 1, 1, size}) - cx.view({count, frames, 1, 1})).abs();
  const Tensor dy = (grid.view({1, 1, size, 1}) - cy.view({count, frames, 1, 1})).abs();
  const Tensor distance = torch::where(is_square, torch::max(dx, dy), torch::sqrt(dx * dx + dy * dy));
  // One pixel of soft edge, so the shapes are anti-aliased rather than jagged.
  const Tensor coverage = (radius.view({count, 1, 1, 1}) - distance + 0.5).clamp(0, 1);  // [N, T, S, S]
  const Tensor rgb = coverage.unsqueeze(1) * colour.view({count, 3, 1, 1, 1});            // [N, 3, T, S, S]
  return rgb * 2 - 1;
}

}  // namespace mocogan
