#include "common/plot.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace common {
namespace {

// The chart's data for line_chart.py.
nlohmann::json chart_spec(const Chart& chart) {
  nlohmann::json series = nlohmann::json::array(), levels = nlohmann::json::array();
  for (const auto& s : chart.series) series.push_back({{"label", s.label}, {"x", s.x}, {"y", s.y}});
  for (const auto& level : chart.levels) levels.push_back({{"label", level.label}, {"y", level.y}});
  return {{"title", chart.title}, {"x_title", chart.x_title}, {"y_title", chart.y_title},
          {"log_y", chart.log_y}, {"series", series}, {"levels", levels}};
}

std::string last_line_of(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

}  // namespace

void write_line_chart(const std::string& path, const Chart& chart, int width, int height) {
  bool any_point = false;
  for (const auto& s : chart.series) any_point = any_point || !s.x.empty();
  if (!any_point) throw std::runtime_error(path + ": no points to plot");
  const std::string spec_path = path + ".chart.json", errors_path = path + ".chart.errors";
  {
    std::ofstream spec(spec_path);
    spec << chart_spec(chart).dump();
    if (!spec) throw std::runtime_error(path + ": cannot write " + spec_path);
  }
  const std::string width_text = std::to_string(width), height_text = std::to_string(height);
  const char* argv[] = {CHART_PYTHON,       LINE_CHART_SCRIPT,  spec_path.c_str(), path.c_str(),
                        width_text.c_str(), height_text.c_str(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, CHART_PYTHON, &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  const bool drawn = spawned == 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  const std::string why = spawned != 0 ? std::string("cannot run ") + CHART_PYTHON : last_line_of(errors_path);
  std::remove(spec_path.c_str());
  std::remove(errors_path.c_str());
  if (!drawn) throw std::runtime_error(path + ": the chart was not drawn: " + (why.empty() ? "matplotlib failed" : why));
}

}  // namespace common
