// A one-line progress bar for long loops: step, rate, time left, and the caller's numbers
// (losses). On a terminal it redraws one line; in a log file it writes a line every few seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace common {

class Progress {
 public:
  // budget_seconds > 0: the loop also stops when that much time has passed, so the bar and the
  // time left follow whichever end comes first.
  Progress(std::string what, int64_t first, int64_t total, double budget_seconds = 0);
  // Step `step` of `total` is done; `numbers` is shown after the rate ("loss 0.12").
  void update(int64_t step, const std::string& numbers = "");
  void note(const std::string& line);  // a line of its own above the bar, which is redrawn after
  void finish();  // ends the line with the total time

 private:
  std::string what_;
  int64_t first_, total_;
  double budget_seconds_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::string last_numbers_;
  int64_t last_step_ = 0;
};

std::string format_duration(double seconds);  // "42 s", "3 min 05 s", "1 h 02 min"

}  // namespace common
