#include "common/plot.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "common/image_io.h"

namespace common {
namespace {

// A 3x5 pixel font: each glyph is five rows of three bits, top row first.
const std::map<char, std::array<int, 5>>& font() {
  static const std::map<char, std::array<int, 5>> glyphs = {
      {'0', {7, 5, 5, 5, 7}}, {'1', {2, 6, 2, 2, 7}}, {'2', {7, 1, 7, 4, 7}}, {'3', {7, 1, 7, 1, 7}},
      {'4', {5, 5, 7, 1, 1}}, {'5', {7, 4, 7, 1, 7}}, {'6', {7, 4, 7, 5, 7}}, {'7', {7, 1, 1, 1, 1}},
      {'8', {7, 5, 7, 5, 7}}, {'9', {7, 5, 7, 1, 7}}, {'.', {0, 0, 0, 0, 2}}, {'-', {0, 0, 7, 0, 0}},
      {'_', {0, 0, 0, 0, 7}}, {'/', {1, 1, 2, 4, 4}}, {' ', {0, 0, 0, 0, 0}}, {'a', {2, 5, 7, 5, 5}},
      {'b', {6, 5, 6, 5, 6}}, {'c', {7, 4, 4, 4, 7}}, {'d', {6, 5, 5, 5, 6}}, {'e', {7, 4, 6, 4, 7}},
      {'f', {7, 4, 6, 4, 4}}, {'g', {7, 4, 5, 5, 7}}, {'h', {5, 5, 7, 5, 5}}, {'i', {7, 2, 2, 2, 7}},
      {'j', {1, 1, 1, 5, 7}}, {'k', {5, 5, 6, 5, 5}}, {'l', {4, 4, 4, 4, 7}}, {'m', {5, 7, 7, 5, 5}},
      {'n', {6, 5, 5, 5, 5}}, {'o', {7, 5, 5, 5, 7}}, {'p', {7, 5, 7, 4, 4}}, {'q', {7, 5, 5, 7, 1}},
      {'r', {6, 5, 6, 5, 5}}, {'s', {7, 4, 7, 1, 7}}, {'t', {7, 2, 2, 2, 2}}, {'u', {5, 5, 5, 5, 7}},
      {'v', {5, 5, 5, 5, 2}}, {'w', {5, 5, 7, 7, 5}}, {'x', {5, 5, 2, 5, 5}}, {'y', {5, 5, 2, 2, 2}},
      {'z', {7, 1, 2, 4, 7}}, {'+', {0, 2, 7, 2, 0}}, {'(', {1, 2, 2, 2, 1}}, {')', {4, 2, 2, 2, 4}},
      {'%', {5, 1, 2, 4, 5}}, {',', {0, 0, 0, 2, 4}}, {':', {0, 2, 0, 2, 0}}};
  return glyphs;
}

constexpr int kScale = 2;  // font pixels per glyph bit
constexpr int kGlyphWidth = 4 * kScale, kGlyphHeight = 5 * kScale;  // a 3x5 glyph and a column of space
// Tableau's ten colours, in their order.
constexpr float kPalette[][3] = {{0.12f, 0.47f, 0.71f}, {1.0f, 0.5f, 0.05f},  {0.17f, 0.63f, 0.17f},
                                 {0.84f, 0.15f, 0.16f}, {0.58f, 0.4f, 0.74f}, {0.55f, 0.34f, 0.29f},
                                 {0.89f, 0.47f, 0.76f}, {0.5f, 0.5f, 0.5f},   {0.74f, 0.74f, 0.13f},
                                 {0.09f, 0.75f, 0.81f}};
constexpr size_t kColours = sizeof kPalette / sizeof kPalette[0];

struct Canvas {
  torch::Tensor rgb;  // [3, H, W], contiguous
  int width, height;
  void dot(int x, int y, const float* colour) {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    float* pixels = rgb.data_ptr<float>();
    for (int k = 0; k < 3; ++k) pixels[(static_cast<int64_t>(k) * height + y) * width + x] = colour[k];
  }
  void fill(int x0, int y0, int x1, int y1, const float* colour) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) dot(x, y, colour);
  }
  void line(double x0, double y0, double x1, double y1, const float* colour) {
    const int n = static_cast<int>(std::max(std::abs(x1 - x0), std::abs(y1 - y0))) + 1;
    for (int i = 0; i <= n; ++i) {
      const double t = static_cast<double>(i) / n;
      const int x = static_cast<int>(std::lround(x0 + t * (x1 - x0))), y = static_cast<int>(std::lround(y0 + t * (y1 - y0)));
      dot(x, y, colour), dot(x, y + 1, colour);  // two pixels thick
    }
  }
  // Text with its top-left corner at (x, y); returns its width.
  int text(int x, int y, const std::string& s, const float* colour) {
    int cursor = x;
    for (char ch : s) {
      const auto glyph = font().find(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
      if (glyph != font().end())
        for (int row = 0; row < 5; ++row)
          for (int col = 0; col < 3; ++col)
            if (glyph->second[row] >> (2 - col) & 1)
              for (int dy = 0; dy < kScale; ++dy)
                for (int dx = 0; dx < kScale; ++dx) dot(cursor + col * kScale + dx, y + row * kScale + dy, colour);
      cursor += kGlyphWidth;
    }
    return cursor - x;
  }
};

int text_width(const std::string& s) { return static_cast<int>(s.size()) * kGlyphWidth; }

// Round numbers for ticks: steps of 1, 2 or 5 times a power of ten, about `count` of them.
std::vector<double> round_ticks(double low, double high, int count) {
  const double rough = (high - low) / count, power = std::pow(10.0, std::floor(std::log10(rough)));
  double step = 10 * power;
  for (const double m : {1.0, 2.0, 5.0})
    if (m * power >= rough) { step = m * power; break; }
  std::vector<double> ticks;
  for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push_back(t);
  return ticks;
}

// Ticks of a log axis over [low, high] (values, not logs): 1, 2 and 5 times powers of ten,
// only the powers when those are many, round linear ticks when the range is narrow.
std::vector<double> log_ticks(double low, double high) {
  std::vector<double> ticks;
  for (double power = std::pow(10.0, std::floor(std::log10(low))); power <= high; power *= 10)
    for (const double m : {1.0, 2.0, 5.0})
      if (m * power >= low * (1 - 1e-9) && m * power <= high * (1 + 1e-9)) ticks.push_back(m * power);
  if (ticks.size() > 8) ticks.erase(std::remove_if(ticks.begin(), ticks.end(), [](double t) {
                                      const double m = t / std::pow(10.0, std::floor(std::log10(t) + 1e-9));
                                      return std::abs(m - 1) > 1e-6;
                                    }), ticks.end());
  if (ticks.size() < 3) ticks = round_ticks(low, high, 4);
  return ticks;
}

// Plain decimals, never an exponent: "1200", "0.05", "2.5".
std::string tick_label(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", value);
  std::string s = text;
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

}  // namespace

void write_line_chart(const std::string& path, const Chart& chart, int width, int height) {
  const bool log_y = chart.log_y;
  const auto usable = [&](double y) { return std::isfinite(y) && (!log_y || y > 0); };
  double x_min = INFINITY, x_max = -INFINITY, y_min = INFINITY, y_max = -INFINITY;
  for (const auto& s : chart.series)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!usable(s.y[i])) continue;
      x_min = std::min(x_min, s.x[i]), x_max = std::max(x_max, s.x[i]);
      y_min = std::min(y_min, s.y[i]), y_max = std::max(y_max, s.y[i]);
    }
  if (!(x_min <= x_max)) throw std::runtime_error(path + ": no points to plot");
  for (const auto& level : chart.levels)
    if (usable(level.y)) y_min = std::min(y_min, level.y), y_max = std::max(y_max, level.y);
  if (x_max == x_min) {  // one x: centre it, so one point is a point, not an axis edge
    const double half = std::max(1.0, std::abs(x_min) / 2);
    x_min -= half, x_max += half;
  }
  if (y_max == y_min) y_min = log_y ? y_min / 2 : y_min - 0.5, y_max = log_y ? y_max * 2 : y_max + 0.5;
  const auto ty = [&](double y) { return log_y ? std::log10(y) : y; };
  // A little room above and below, so no line runs along the frame.
  const double pad = (ty(y_max) - ty(y_min)) * 0.04, low = ty(y_min) - pad, high = ty(y_max) + pad;

  const std::vector<double> y_ticks = log_y ? log_ticks(std::pow(10.0, low), std::pow(10.0, high))
                                            : round_ticks(low, high, 5);
  const std::vector<double> x_ticks = round_ticks(x_min, x_max, 6);
  int widest_y_label = 0;
  for (const double y : y_ticks) widest_y_label = std::max(widest_y_label, text_width(tick_label(y)));
  const int left = widest_y_label + 18, right = 24, top = 48, bottom = 56;
  const int plot_w = width - left - right, plot_h = height - top - bottom;
  const auto px = [&](double x) { return left + (x - x_min) / (x_max - x_min) * plot_w; };
  const auto py = [&](double y) { return top + (1 - (ty(y) - low) / (high - low)) * plot_h; };

  Canvas canvas{torch::ones({3, height, width}), width, height};
  const float black[3] = {0, 0, 0}, grey[3] = {0.85f, 0.85f, 0.85f};
  for (const double y : y_ticks) {
    const double yy = py(y);
    if (yy < top - 1 || yy > top + plot_h + 1) continue;
    canvas.line(left, yy, left + plot_w, yy, grey);
    const std::string label = tick_label(y);
    canvas.text(left - 8 - text_width(label), static_cast<int>(yy) - kGlyphHeight / 2, label, black);
  }
  for (const double x : x_ticks) {
    const double xx = px(x);
    canvas.line(xx, top, xx, top + plot_h, grey);
    const std::string label = tick_label(x);
    // Centred under the tick, but kept inside the picture.
    const int label_x = std::clamp(static_cast<int>(xx) - text_width(label) / 2, 0, width - text_width(label));
    canvas.text(label_x, top + plot_h + 8, label, black);
  }
  canvas.line(left, top, left, top + plot_h, black);
  canvas.line(left, top + plot_h, left + plot_w, top + plot_h, black);
  canvas.text((width - text_width(chart.title)) / 2, 10, chart.title, black);
  canvas.text(std::max(4, left - widest_y_label - 10), top - 8 - kGlyphHeight, chart.y_title, black);
  canvas.text(left + (plot_w - text_width(chart.x_title)) / 2, top + plot_h + 16 + kGlyphHeight, chart.x_title, black);

  // Every drawn line, sampled every few pixels, for placing the legend where it hides least.
  std::vector<std::pair<double, double>> ink;
  const auto sample_line = [&](double x0, double y0, double x1, double y1) {
    const int steps = 1 + static_cast<int>(std::hypot(x1 - x0, y1 - y0) / 4);
    for (int i = 0; i <= steps; ++i) ink.emplace_back(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
  };
  for (size_t k = 0; k < chart.series.size(); ++k) {
    const Series& s = chart.series[k];
    bool have_last = false;
    double last_x = 0, last_y = 0;
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!usable(s.y[i])) continue;
      const double x = px(s.x[i]), y = py(s.y[i]);
      if (have_last) canvas.line(last_x, last_y, x, y, kPalette[k % kColours]);
      sample_line(have_last ? last_x : x, have_last ? last_y : y, x, y);
      // Every measured point marked, so a run with one or two shows them.
      const int cx = static_cast<int>(std::lround(x)), cy = static_cast<int>(std::lround(y));
      canvas.fill(cx - 2, cy - 2, cx + 3, cy + 3, kPalette[k % kColours]);
      last_x = x, last_y = y, have_last = true;
    }
  }
  const auto level_colour = [&](size_t k) { return kPalette[(chart.series.size() + k) % kColours]; };
  const auto dashes = [&](int x0, int x1, double y, const float* colour) {
    for (int x = x0; x < x1; x += 12) canvas.line(x, y, std::min(x + 6, x1), y, colour);
  };
  for (size_t k = 0; k < chart.levels.size(); ++k)
    if (usable(chart.levels[k].y)) {
      dashes(left, left + plot_w, py(chart.levels[k].y), level_colour(k));
      sample_line(left, py(chart.levels[k].y), left + plot_w, py(chart.levels[k].y));
    }

  // The legend, on a white box, in whichever corner of the plot hides the fewest of the lines'
  // samples beneath it (matplotlib's loc="best"), top right when several tie.
  size_t longest_label = 0, entries = chart.series.size() + chart.levels.size();
  for (const auto& s : chart.series) longest_label = std::max(longest_label, s.label.size());
  for (const auto& level : chart.levels) longest_label = std::max(longest_label, level.label.size());
  const int legend_w = static_cast<int>(longest_label) * kGlyphWidth + 40, legend_h = static_cast<int>(entries) * 16 + 6;
  const int corner_xs[2] = {left + plot_w - legend_w + 6, left + 12}, corner_ys[2] = {top + 6, top + plot_h - legend_h};
  int legend_x = corner_xs[0], legend_top = corner_ys[0];
  size_t fewest = SIZE_MAX;
  for (const int y : corner_ys)
    for (const int x : corner_xs) {
      size_t hidden = 0;
      for (const auto& [ix, iy] : ink) hidden += ix >= x - 6 && ix <= x + legend_w - 8 && iy >= y - 4 && iy <= y + legend_h;
      if (hidden < fewest) fewest = hidden, legend_x = x, legend_top = y;
    }
  const float white[3] = {1, 1, 1};
  canvas.fill(legend_x - 6, legend_top - 4, legend_x + legend_w - 8, legend_top + legend_h - 4, white);
  int legend_y = legend_top;
  for (size_t k = 0; k < entries; ++k, legend_y += 16) {
    const bool is_level = k >= chart.series.size();
    const float* colour = is_level ? level_colour(k - chart.series.size()) : kPalette[k % kColours];
    if (is_level) dashes(legend_x, legend_x + 22, legend_y + 4, colour);
    else canvas.line(legend_x, legend_y + 4, legend_x + 22, legend_y + 4, colour);
    canvas.text(legend_x + 28, legend_y, is_level ? chart.levels[k - chart.series.size()].label : chart.series[k].label,
                black);
  }
  write_png(path, canvas.rgb);
}

}  // namespace common
