#include "grader/judge/grading_context.h"

#include <fstream>

namespace grading {
namespace {

std::string last_line(const std::string& output) {
  auto end = output.find_last_not_of(" \n\r\t");
  if (end == std::string::npos) return "";
  const auto start = output.find_last_of('\n', end);
  std::string line = output.substr(start == std::string::npos ? 0 : start + 1,
                                   end - (start == std::string::npos ? 0 : start + 1) + 1);
  return line.size() > 200 ? line.substr(0, 200) + "..." : line;
}

}  // namespace

GradingContext& context() {
  static GradingContext instance;
  return instance;
}

ProbeReport interpret_probe(const ProcessOutcome& process, const ProcessLimits& limits,
                            const std::string& result_path) {
  ProbeReport report;
  if (process.output_truncated) {
    report.failure = "printed more than " + std::to_string(limits.output_bytes >> 10) +
                     " KiB of output; print less";
    return report;
  }
  // The judge makes the result file empty before the probe runs: empty is no result.
  std::ifstream in(result_path);
  if (in && in.peek() != std::ifstream::traits_type::eof() && process.kind == ProcessOutcome::Kind::exited) {
    nlohmann::json result;
    try {
      result = nlohmann::json::parse(in);
    } catch (const std::exception&) {
      report.failure = "wrote a result the grader cannot read";
      return report;
    }
    const std::string status = result.value("status", "");
    const std::string message = result.value("message", "");
    if (status == "ok") {
      report.outputs = result.value("outputs", nlohmann::json::object());
      report.facts = result.value("facts", nlohmann::json::object());
    } else if (status == "not_implemented") {
      report.failure = message;  // "MyLinear::forward is not implemented yet"
    } else if (status == "forbidden") {
      report.failure = "forbidden: " + message;
    } else if (status == "exception") {
      report.failure = "threw an error: " + message;
    } else {
      report.failure = message.empty() ? "reported an unknown status" : message;
    }
    return report;
  }
  if (process.kind == ProcessOutcome::Kind::exited && process.exit_code == 0)
    report.failure = "exited early, before reporting a result (does the code call exit()?)";
  else
    report.failure = process.describe(limits);
  const std::string last = last_line(process.output);
  if (!last.empty()) report.failure += "; last output: " + last;
  return report;
}

}  // namespace grading
