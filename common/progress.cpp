#include "common/progress.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace common {

std::string format_duration(double seconds) {
  const auto s = static_cast<int64_t>(seconds + 0.5);
  char text[32];
  if (s < 60)
    std::snprintf(text, sizeof text, "%lld s", static_cast<long long>(s));
  else if (s < 3600)
    std::snprintf(text, sizeof text, "%lld min %02lld s", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  else
    std::snprintf(text, sizeof text, "%lld h %02lld min", static_cast<long long>(s / 3600),
                  static_cast<long long>(s % 3600 / 60));
  return text;
}

Progress::Progress(std::string what, int64_t first, int64_t total, double budget_seconds)
    : what_(std::move(what)), first_(first), total_(total), budget_seconds_(budget_seconds), terminal_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void Progress::update(int64_t step, const std::string& numbers) {
  const auto now = std::chrono::steady_clock::now();
  last_step_ = step;
  last_numbers_ = numbers;
  // A terminal redraws ten times a second; a log gets a line every ten seconds.
  const double since_draw = std::chrono::duration<double>(now - last_draw_).count();
  if (step != total_ && since_draw < (terminal_ ? 0.1 : 10.0)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(step - first_) / elapsed : 0;
  double left = rate > 0 ? static_cast<double>(total_ - step) / rate : 0;
  double done = total_ > 0 ? static_cast<double>(step) / total_ : 1;
  if (budget_seconds_ > 0 && budget_seconds_ - elapsed < left) {
    left = std::max(0.0, budget_seconds_ - elapsed);
    done = std::min(1.0, elapsed / budget_seconds_);
  }
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(kWidth * done);
  const std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '.');
  std::fprintf(stderr, "%s%s [%s] %lld/%lld  %.2f/s  %s left  %s%s", terminal_ ? "\r\033[K" : "", what_.c_str(),
               bar.c_str(), static_cast<long long>(step), static_cast<long long>(total_), rate,
               format_duration(left).c_str(), numbers.c_str(), terminal_ ? "" : "\n");
  std::fflush(stderr);
}

void Progress::note(const std::string& line) {
  std::fprintf(stderr, "%s%s: %s\n", terminal_ ? "\r\033[K" : "", what_.c_str(), line.c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (terminal_) std::fprintf(stderr, "\n");
  std::fprintf(stderr, "%s: %lld steps in %s\n", what_.c_str(), static_cast<long long>(last_step_ - first_),
               format_duration(elapsed).c_str());
}

}  // namespace common
