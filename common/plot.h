// Line charts as PNG, for training curves: no plotting library in Debian has a C++ API that
// is lighter than this, and a curve needs only lines, ticks and a few labels.
#pragma once

#include <string>
#include <vector>

namespace common {

struct Series {
  std::string label;        // shown in the legend (letters, digits, spaces, ._-/)
  std::vector<double> x, y;
};

// Draws every series on shared axes (y on a log scale when `log_y`), with tick values and a
// legend, and writes a width x height PNG.
void write_line_chart(const std::string& path, const std::vector<Series>& series, bool log_y,
                      int width = 800, int height = 500);

}  // namespace common
