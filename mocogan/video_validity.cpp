#include "mocogan/video_validity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>

#include "mocogan/shape_motion.h"

namespace mocogan {
namespace {

using namespace shape_motion;

// Lit: the brightest channel above half, the middle of a shape's one-pixel soft edge.
constexpr float kLit = 0.5f;
// Palette colours are at least 0.6 apart (RGB, L2): a shape's mean colour within this is that colour.
constexpr double kColourTolerance = 0.25;
// A circle fills pi/4 of its bounding box (up to 0.9 when a few pixels wide), a square all of it.
constexpr double kSquareFill = 0.95, kLeastFill = 0.65;
// Pixels a measured length may be off by (the lit threshold moves an edge by up to half a
// pixel each side); a frame's step, a third of a pixel.
constexpr double kSlackPixels = 1.0, kSpeedSlack = 0.35;

// One frame's object: its pixels' count, bounding box, centre and mean colour.
struct Region {
  int64_t area = 0;
  int x0 = 0, x1 = 0, y0 = 0, y1 = 0;  // inclusive bounds
  double cx = 0, cy = 0;
  std::array<double, 3> rgb{};  // mean colour, each pixel's scaled to peak at 1
  double fill() const { return static_cast<double>(area) / ((x1 - x0 + 1) * (y1 - y0 + 1)); }
  double radius() const { return ((x1 - x0 + 1) + (y1 - y0 + 1)) / 4.0; }
};

// The 4-connected regions of lit pixels in frame [3, S, S] (values in [0, 1]), whose brightest
// channel is `peak` [S, S], with at least `least_area` pixels.
std::vector<Region> lit_regions(const torch::TensorAccessor<float, 3>& frame, const torch::TensorAccessor<float, 2>& peak,
                                int size, int64_t least_area) {
  std::vector<char> seen(static_cast<size_t>(size) * size, 0);
  const auto lit = [&](int x, int y) { return peak[y][x] > kLit; };
  std::vector<Region> regions;
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      if (seen[y * size + x] || !lit(x, y)) continue;
      Region r{0, x, x, y, y};
      std::deque<std::pair<int, int>> queue{{x, y}};
      seen[y * size + x] = 1;
      while (!queue.empty()) {
        const auto [px, py] = queue.front();
        queue.pop_front();
        ++r.area;
        r.x0 = std::min(r.x0, px), r.x1 = std::max(r.x1, px), r.y0 = std::min(r.y0, py), r.y1 = std::max(r.y1, py);
        r.cx += px + 0.5, r.cy += py + 0.5;
        // The colour with the pixel's coverage divided out: every palette colour peaks at 1.
        for (int k = 0; k < 3; ++k) r.rgb[k] += frame[k][py][px] / peak[py][px];
        const int nx[4] = {px - 1, px + 1, px, px}, ny[4] = {py, py, py - 1, py + 1};
        for (int i = 0; i < 4; ++i)
          if (nx[i] >= 0 && ny[i] >= 0 && nx[i] < size && ny[i] < size && !seen[ny[i] * size + nx[i]] &&
              lit(nx[i], ny[i])) {
            seen[ny[i] * size + nx[i]] = 1;
            queue.emplace_back(nx[i], ny[i]);
          }
      }
      if (r.area < least_area) continue;
      r.cx /= r.area, r.cy /= r.area;
      for (double& c : r.rgb) c /= r.area;
      regions.push_back(r);
    }
  return regions;
}

// The palette colour nearest `rgb`, or -1 when none is within the tolerance.
int palette_colour(const std::array<double, 3>& rgb) {
  for (size_t i = 0; i < kPalette.size(); ++i) {
    double squared = 0;
    for (int k = 0; k < 3; ++k) squared += std::pow(rgb[k] - kPalette[i][k], 2);
    if (std::sqrt(squared) <= kColourTolerance) return static_cast<int>(i);
  }
  return -1;
}

// Whether positions `along` [T] follow a bounce between walls at `low` and `high` (bounce(),
// as the data moves its shapes) within `tolerance` pixels, for some start near the first
// position and some speed in [least_speed, most_speed] either way: every candidate at once.
bool bounces(const std::vector<double>& along, double least_speed, double most_speed, double low, double high,
             double tolerance) {
  const auto f64 = torch::kFloat64;
  const torch::Tensor speeds = torch::arange(least_speed, most_speed + 0.01, 0.02, f64);
  const torch::Tensor velocities = torch::cat({speeds, -speeds});                       // [V]
  const torch::Tensor starts = (along[0] + torch::arange(-1.0, 1.01, 0.25, f64)).clamp(low, high);  // [P]
  const torch::Tensor velocity = velocities.repeat_interleave(starts.size(0)).unsqueeze(1);         // [V*P, 1]
  const torch::Tensor start = starts.repeat(velocities.size(0)).unsqueeze(1);                       // [V*P, 1]
  const torch::Tensor t = torch::arange(static_cast<int64_t>(along.size()), f64).unsqueeze(0);      // [1, T]
  const torch::Tensor paths = bounce(start, velocity, t, torch::tensor(low, f64), torch::tensor(high, f64));
  const torch::Tensor measured = torch::tensor(along, f64).unsqueeze(0);
  return std::get<0>((paths - measured).abs().max(1)).min().item<double>() <= tolerance;
}

}  // namespace

VideoVerdict check_video(const torch::Tensor& video) {
  const torch::Tensor rgb = ((video.detach().to(torch::kCPU, torch::kFloat32) + 1) / 2).contiguous();  // [3, T, S, S]
  const int frames = static_cast<int>(rgb.size(1)), size = static_cast<int>(rgb.size(2));
  const double s = size;
  // A speck: under a tenth of the smallest shape's area.
  const auto least_area = static_cast<int64_t>(0.1 * M_PI * std::pow(kRadiusMin * s, 2));
  std::vector<Region> objects;
  for (int t = 0; t < frames; ++t) {
    const torch::Tensor frame = rgb.select(1, t).contiguous();
    const torch::Tensor peak = std::get<0>(frame.max(0));  // [S, S], contiguous
    const std::vector<Region> regions = lit_regions(frame.accessor<float, 3>(), peak.accessor<float, 2>(), size, least_area);
    if (regions.size() != 1) return {};
    objects.push_back(regions[0]);
  }
  VideoVerdict verdict;
  verdict.one_object = true;

  const int colour = palette_colour(objects[0].rgb);
  verdict.colour = colour >= 0 && std::all_of(objects.begin(), objects.end(),
                                              [&](const Region& r) { return palette_colour(r.rgb) == colour; });
  const bool square = objects[0].fill() >= kSquareFill;
  verdict.shape = std::all_of(objects.begin(), objects.end(), [&](const Region& r) {
    return r.fill() >= kLeastFill && (r.fill() >= kSquareFill) == square;
  });

  double radius_low = INFINITY, radius_high = 0, radius_sum = 0;
  for (const Region& r : objects) {
    radius_low = std::min(radius_low, r.radius()), radius_high = std::max(radius_high, r.radius());
    radius_sum += r.radius();
  }
  const double radius = radius_sum / frames;
  verdict.size = radius_low >= kRadiusMin * s - kSlackPixels && radius_high <= kRadiusMax * s + kSlackPixels &&
                 radius_high - radius_low <= kSlackPixels;

  std::vector<double> xs, ys;
  for (const Region& r : objects) xs.push_back(r.cx), ys.push_back(r.cy);
  const auto range = [](const std::vector<double>& v) {
    return *std::max_element(v.begin(), v.end()) - *std::min_element(v.begin(), v.end());
  };
  const bool vertical = range(xs) < range(ys);
  const std::vector<double>& along = vertical ? ys : xs;
  const std::vector<double>& across = vertical ? xs : ys;
  verdict.motion = range(across) <= kSlackPixels && bounces(along, kSpeedMin * s - kSpeedSlack, kSpeedMax * s + kSpeedSlack,
                                                             radius, s - radius, kSlackPixels);
  return verdict;
}

ValidityScore score_videos(const torch::Tensor& videos) {
  ValidityScore score;
  score.videos = videos.size(0);
  for (int64_t v = 0; v < score.videos; ++v) {
    const VideoVerdict verdict = check_video(videos[v]);
    score.valid += verdict.valid();
    score.one_object += verdict.one_object, score.colour += verdict.colour, score.shape += verdict.shape;
    score.size += verdict.size, score.motion += verdict.motion;
  }
  for (double* rate : {&score.valid, &score.one_object, &score.colour, &score.shape, &score.size, &score.motion})
    *rate /= std::max<int64_t>(1, score.videos);
  return score;
}

std::string describe(const ValidityScore& score) {
  char text[256];
  std::snprintf(text, sizeof text,
                "valid %.1f %% of %lld videos (one object %.1f %%, colour %.1f %%, shape %.1f %%, size %.1f %%, "
                "motion %.1f %%)",
                100 * score.valid, static_cast<long long>(score.videos), 100 * score.one_object, 100 * score.colour,
                100 * score.shape, 100 * score.size, 100 * score.motion);
  return text;
}

}  // namespace mocogan
