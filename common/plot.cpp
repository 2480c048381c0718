#include "common/plot.h"

#include <algorithm>
#include <array>
#include <cmath>
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
      {'z', {7, 1, 2, 4, 7}}};
  return glyphs;
}

constexpr int kScale = 2;  // font pixels per glyph bit
constexpr float kPalette[][3] = {{0.12f, 0.47f, 0.71f}, {1.0f, 0.5f, 0.05f}, {0.17f, 0.63f, 0.17f},
                                 {0.84f, 0.15f, 0.16f}, {0.58f, 0.4f, 0.74f}};

struct Canvas {
  torch::Tensor rgb;  // [3, H, W], contiguous
  int width, height;
  void dot(int x, int y, const float* colour) {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    float* pixels = rgb.data_ptr<float>();
    for (int k = 0; k < 3; ++k) pixels[(static_cast<int64_t>(k) * height + y) * width + x] = colour[k];
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
      cursor += 4 * kScale;
    }
    return cursor - x;
  }
};

std::string tick_label(double value) {
  char text[32];
  // Whole numbers up to a million as they are ("1460", not "1.46e+03": steps read better so).
  if (std::abs(value) >= 1000 && std::abs(value) < 1e6)
    std::snprintf(text, sizeof text, "%.0f", value);
  else
    std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

}  // namespace

void write_line_chart(const std::string& path, const std::vector<Series>& series, bool log_y, int width,
                      int height) {
  double x_min = INFINITY, x_max = -INFINITY, y_min = INFINITY, y_max = -INFINITY;
  for (const auto& s : series)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i]) || (log_y && s.y[i] <= 0)) continue;
      x_min = std::min(x_min, s.x[i]), x_max = std::max(x_max, s.x[i]);
      y_min = std::min(y_min, s.y[i]), y_max = std::max(y_max, s.y[i]);
    }
  if (!(x_min <= x_max)) throw std::runtime_error(path + ": no points to plot");
  if (x_max == x_min) x_max = x_min + 1;
  const auto ty = [&](double y) { return log_y ? std::log10(y) : y; };
  double low = ty(y_min), high = ty(y_max);
  if (high - low < 1e-9) low -= 0.5, high += 0.5;
  const int left = 70, right = 20, top = 24, bottom = 40;
  const int plot_w = width - left - right, plot_h = height - top - bottom;
  const auto px = [&](double x) { return left + (x - x_min) / (x_max - x_min) * plot_w; };
  const auto py = [&](double y) { return top + (1 - (ty(y) - low) / (high - low)) * plot_h; };

  Canvas canvas{torch::ones({3, height, width}), width, height};
  const float black[3] = {0, 0, 0}, grey[3] = {0.85f, 0.85f, 0.85f};
  for (int i = 0; i <= 5; ++i) {  // grid lines and tick values
    const double fy = low + (high - low) * i / 5, y = log_y ? std::pow(10.0, fy) : fy;
    const double yy = py(y);
    canvas.line(left, yy, left + plot_w, yy, grey);
    const std::string label = tick_label(y);
    canvas.text(left - 6 - static_cast<int>(label.size()) * 4 * kScale, static_cast<int>(yy) - 5, label, black);
    const double x = x_min + (x_max - x_min) * i / 5, xx = px(x);
    canvas.line(xx, top, xx, top + plot_h, grey);
    canvas.text(static_cast<int>(xx) - 10, top + plot_h + 8, tick_label(x), black);
  }
  canvas.line(left, top, left, top + plot_h, black);
  canvas.line(left, top + plot_h, left + plot_w, top + plot_h, black);
  size_t longest_label = 0;
  for (const auto& s : series) longest_label = std::max(longest_label, s.label.size());
  const int legend_x = left + plot_w - static_cast<int>(longest_label) * 4 * kScale - 36;
  for (size_t k = 0; k < series.size(); ++k) {
    const float* colour = kPalette[k % 5];
    const Series& s = series[k];
    bool have_last = false;
    double last_x = 0, last_y = 0;
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i]) || (log_y && s.y[i] <= 0)) continue;
      const double x = px(s.x[i]), y = py(s.y[i]);
      if (have_last) canvas.line(last_x, last_y, x, y, colour);
      else canvas.dot(static_cast<int>(x), static_cast<int>(y), colour);
      last_x = x, last_y = y, have_last = true;
    }
    const int legend_y = top + 8 + static_cast<int>(k) * 16;  // legend, top right
    canvas.line(legend_x, legend_y + 4, legend_x + 20, legend_y + 4, colour);
    canvas.text(legend_x + 26, legend_y, s.label, black);
  }
  write_png(path, canvas.rgb);
}

}  // namespace common
