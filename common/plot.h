// Line charts as PNG, for training curves, drawn by matplotlib (common/line_chart.py, run by
// Debian's python3 with python3-matplotlib): the trainers hold the data, matplotlib the drawing.
#pragma once

#include <string>
#include <vector>

namespace common {

struct Series {
  std::string label;  // shown in the legend
  std::vector<double> x, y;
};

// A dashed horizontal line across the chart: a level to read the series against, such as a
// baseline's score.
struct Level {
  std::string label;
  double y;
};

struct Chart {
  std::string title, x_title, y_title;
  std::vector<Series> series;
  std::vector<Level> levels;
  bool log_y = false;  // y on a log scale (values <= 0 are left out)
};

// Draws the chart on shared axes with a legend and writes a width x height PNG. Throws, naming
// the path, when there is nothing to draw or matplotlib cannot draw it (its one line of why).
void write_line_chart(const std::string& path, const Chart& chart, int width = 800, int height = 500);

}  // namespace common
