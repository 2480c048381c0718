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
// dimensions in objects). It is the submission's to write, so it is checked while it is parsed,
// before the judge holds it: past these bounds, or off the protocol's shape, parsing stops, and
// no result, however written, can exhaust the judge's memory (a file of millions of empty
// objects would take gigabytes as a parsed tree) or its stack.
constexpr size_t kResultBytes = 16 << 20;
constexpr int kResultDepth = 32;
constexpr size_t kResultValues = 1 << 20;     // numbers and strings; the largest task reports ~10^4
constexpr size_t kResultContainers = 1 << 16;  // objects and lists

// Parses a probe's result, throwing as soon as it leaves the protocol's shape: top-level fields
// of the protocol only; in its outputs, the task's output names only (any, when `output_names`
// is empty) and nested lists of numbers (or "nan", "inf", "-inf"), never objects.
nlohmann::json parse_result(const std::string& text, const std::vector<std::string>& output_names) {
  namespace field = probe_field;
  using Event = nlohmann::json::parse_event_t;
  size_t values = 0, containers = 0;
  bool in_outputs = false;  // within "outputs" or "outputs_on_cuda"
  const auto bounded = [&](int depth, Event event, nlohmann::json& parsed) {
    if (depth > kResultDepth) throw std::runtime_error("nested too deep");
    if ((event == Event::object_start || event == Event::array_start) && ++containers > kResultContainers)
      throw std::runtime_error("too many lists and objects");
    if ((event == Event::value || event == Event::key) && ++values > kResultValues)
      throw std::runtime_error("too many values");
    if (event == Event::key && depth == 1) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (key != field::kStatus && key != field::kMessage && key != field::kOutputs && key != field::kOutputsOnCuda &&
          key != field::kFacts)
        throw std::runtime_error("a field the protocol does not have");
      in_outputs = key == field::kOutputs || key == field::kOutputsOnCuda;
    } else if (in_outputs && event == Event::key && depth == 2 && !output_names.empty() &&
               std::find(output_names.begin(), output_names.end(), parsed.get_ref<const std::string&>()) ==
                   output_names.end()) {
      throw std::runtime_error("an output the task does not have");
    } else if (in_outputs && depth >= 2 && event == Event::object_start) {
      throw std::runtime_error("an object where a tensor belongs");
    } else if (in_outputs && depth >= 2 && event == Event::value && parsed.is_string()) {
      const auto& text_value = parsed.get_ref<const std::string&>();
      if (text_value != "nan" && text_value != "inf" && text_value != "-inf")
        throw std::runtime_error("text where a number belongs");
    }
    return true;
  };
  return nlohmann::json::parse(text, bounded);
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
                            const std::string& result_path, const std::vector<std::string>& output_names) {
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
      result = parse_result(text, output_names);
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
