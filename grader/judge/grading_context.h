// Everything one judge run knows before its tests start: the fixtures, what each probe
// reported, whether the submission compiled and keeps the source rules. Filled in by
// judge_main.cpp; read by the tests through checks.h; the report adds the skipped tests.
#pragma once

#include "grader/common/graded_layer.h"
#include "grader/judge/subprocess.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace grading {

// What came back from one probe run.
// What came back from one probe run (grader/common/probe_protocol.h).
struct ProbeReport {
  std::string failure;  // one line when no usable result came back, else empty
  std::string skipped;  // non-empty: the task could not run here, for this reason
  nlohmann::json outputs = nlohmann::json::object();
  nlohmann::json outputs_on_cuda = nlohmann::json::object();
  nlohmann::json facts = nlohmann::json::object();
};

// How much the report says when a failing output is exactly what a known mistake produces.
// Course staff choose per grading (judge --hint-level, HINT_LEVEL for grade.sh); nudge is the
// default (docs/instructor.md, "Hints").
enum class HintLevel {
  mistake,  // names the mistake (a bank patch's "Mistake:" line)
  nudge,    // names what to look at, not the fix (its "Nudge:" line)
  numbers,  // no hint: only the outputs that differ, and by how much
};
HintLevel hint_level_from_name(const std::string& name);  // throws, listing the levels

struct GradingContext {
  Part part = Part::main;
  std::string submission;      // the graded source file, as the student knows it
  std::string fixtures_path;
  nlohmann::json fixtures;
  std::string compile_errors;  // non-empty: the submission did not compile
  std::string refusal;         // non-empty: nothing can be graded, for this reason
  std::vector<std::string> source_violations;
  std::map<std::string, ProbeReport> reports;   // by task name
  std::map<std::string, std::string> skipped;   // test name -> reason
  // task -> [{"mistake": text, "nudge": text, "outputs": {name: tensor}}]: what known mistakes
  // produce on these fixtures' inputs (written by reference/make_hints from
  // tests/wrong_implementations)
  nlohmann::json hints = nlohmann::json::object();
  HintLevel hint_level = HintLevel::nudge;
};

GradingContext& context();

// A file the submission's code could have written, read only when it is a regular file and
// never through a link: at most `limit` bytes of it into `text`. False when it cannot be read
// so (absent, a link, a FIFO, a folder); `text` then stays empty.
bool read_untrusted(const std::string& path, size_t limit, std::string& text);

// Reads what a probe wrote to `result_path` and how its process ended. The result is checked
// while it is parsed (size, depth, counts, the protocol's fields, `output_names`: the task's
// outputs, any when empty), so no result can cost the judge more than a bounded amount.
ProbeReport interpret_probe(const ProcessOutcome& process, const ProcessLimits& limits,
                            const std::string& result_path, const std::vector<std::string>& output_names = {});

}  // namespace grading
