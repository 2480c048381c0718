#include "grader/common/probe_protocol.h"

#include <array>
#include <utility>

namespace grading {
namespace {

constexpr std::array<std::pair<ProbeStatus, const char*>, 6> kNames = {{
    {ProbeStatus::ok, "ok"},
    {ProbeStatus::skipped, "skipped"},
    {ProbeStatus::not_implemented, "not_implemented"},
    {ProbeStatus::task_error, "task_error"},
    {ProbeStatus::forbidden, "forbidden"},
    {ProbeStatus::exception, "exception"},
}};

}  // namespace

const char* probe_status_name(ProbeStatus status) {
  for (const auto& [value, name] : kNames)
    if (value == status) return name;
  return "unknown";
}

std::optional<ProbeStatus> probe_status_from_name(const std::string& name) {
  for (const auto& [value, known] : kNames)
    if (name == known) return value;
  return std::nullopt;
}

}  // namespace grading
