#include "grader/judge/grading_context.h"

#include "common/named_value.h"
#include "common/one_line.h"
#include "grader/common/probe_protocol.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

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

// A probe's result is at most a few MiB and a few levels deep (tensors of up to four
// dimensions in objects); past these it is not a result, and parsing it could exhaust the
// judge's memory or stack.
constexpr size_t kResultBytes = 16 << 20;
constexpr int kResultDepth = 32;

// The deepest nesting of [ and { in JSON text, strings skipped.
int nesting_depth(const std::string& text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

bool read_untrusted(const std::string& path, size_t limit, std::string& text) {
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  struct stat info {};
  const bool regular = fd >= 0 && fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  char buffer[65536];
  ssize_t n;
  while (regular && text.size() < limit && (n = read(fd, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<size_t>(n));
  if (fd >= 0) close(fd);
  if (text.size() > limit) text.resize(limit);
  return regular;
}

HintLevel hint_level_from_name(const std::string& name) {
  return common::named_value<HintLevel>(
      "--hint-level", name,
      {{"mistake", HintLevel::mistake}, {"nudge", HintLevel::nudge}, {"numbers", HintLevel::numbers}});
}

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
  std::string text;
  read_untrusted(result_path, kResultBytes + 1, text);  // none: no result
  const bool too_large = text.size() > kResultBytes;
  if (process.kind == ProcessOutcome::Kind::exited && too_large) {
    report.failure = "wrote a result larger than " + std::to_string(kResultBytes >> 20) + " MiB";
    return report;
  }
  if (!text.empty() && process.kind == ProcessOutcome::Kind::exited) {
    // The file is the submission's to write: every field is checked for its type, and anything
    // else is a result the grader cannot read, never an error of the grader's.
    namespace field = probe_field;
    nlohmann::json result;
    bool readable = false;
    ProbeStatus status = ProbeStatus::exception;
    std::string message;
    try {
      if (nesting_depth(text) > kResultDepth) throw std::runtime_error("nested too deep");
      result = nlohmann::json::parse(text);
      if (!result.is_object()) throw std::runtime_error("not an object");
      const auto named = probe_status_from_name(result.at(field::kStatus).get<std::string>());
      readable = named.has_value();
      if (named) status = *named;
      if (result.contains(field::kMessage)) message = common::one_line(result.at(field::kMessage).get<std::string>(), 300);
      for (const char* tensors : {field::kOutputs, field::kOutputsOnCuda, field::kFacts})
        if (result.contains(tensors) && !result.at(tensors).is_object()) throw std::runtime_error("not an object");
    } catch (const std::exception&) {
      readable = false;
    }
    if (!readable || (status != ProbeStatus::ok && message.empty())) {
      report.failure = "wrote a result the grader cannot read";
      return report;
    }
    switch (status) {
      case ProbeStatus::ok:
        report.outputs = result.value(field::kOutputs, nlohmann::json::object());
        report.outputs_on_cuda = result.value(field::kOutputsOnCuda, nlohmann::json::object());
        report.facts = result.value(field::kFacts, nlohmann::json::object());
        break;
      case ProbeStatus::skipped:  // honoured only for tasks that can be skipped (checks.cpp)
        report.skipped = message;
        break;
      case ProbeStatus::not_implemented:  // "MyLinear::forward is not implemented yet"
      case ProbeStatus::task_error:       // "LSTM has no parameter 'lstm.weight_ih'"
        report.failure = message;
        break;
      case ProbeStatus::forbidden:
        report.failure = "forbidden: " + message;
        break;
      case ProbeStatus::exception:
        report.failure = "threw an error: " + message;
        break;
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
