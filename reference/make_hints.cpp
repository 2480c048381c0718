// make_hints --fixtures FILE --out FILE PATCH=PROBE...
//
// Runs every wrong implementation (a patch of tests/wrong_implementations and the probe built
// from it) on a fixture set's inputs, and writes what each produces wherever that differs
// from the expected output: the judge names the mistake when a student's output matches it.
#include "grader/common/json_file.h"
#include "grader/common/graded_layer.h"
#include "grader/judge/compare.h"
#include "grader/judge/grading_context.h"
#include "grader/judge/tolerance.h"
#include "grader/judge/subprocess.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace grading;

namespace {

struct Mistake {
  std::string text;   // names the mistake
  std::string nudge;  // names what to look at, not the fix
  Part part = Part::main;
  std::string probe;
};

// The "Mistake:", "Nudge:" and "Part:" header lines of a patch.
Mistake read_patch(const std::string& patch, const std::string& probe) {
  std::ifstream in(patch);
  if (!in) throw std::runtime_error("cannot read " + patch);
  Mistake mistake;
  mistake.probe = probe;
  std::string line;
  while (std::getline(in, line) && line.rfind("---", 0) != 0) {
    if (line.rfind("Mistake: ", 0) == 0) mistake.text = line.substr(9);
    if (line.rfind("Nudge: ", 0) == 0) mistake.nudge = line.substr(7);
    if (line == "Part: extra") mistake.part = Part::extra;
  }
  if (mistake.text.empty()) throw std::runtime_error(patch + " has no 'Mistake:' line");
  if (mistake.nudge.empty()) throw std::runtime_error(patch + " has no 'Nudge:' line");
  return mistake;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Record what known mistakes produce on a fixture set, for the judge's hints."};
  std::string fixtures_path, out_path;
  std::vector<std::string> pairs;
  app.add_option("--fixtures", fixtures_path)->required();
  app.add_option("--out", out_path)->required();
  app.add_option("mistakes", pairs, "PATCH=PROBE pairs")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    std::ifstream fixtures_file(fixtures_path);
    if (!fixtures_file) throw std::runtime_error("cannot open " + fixtures_path);
    const json fixtures = json::parse(fixtures_file);
    std::vector<Mistake> mistakes;
    for (const auto& pair : pairs) {
      const auto equals = pair.find('=');
      if (equals == std::string::npos) throw std::runtime_error("expected PATCH=PROBE, got " + pair);
      mistakes.push_back(read_patch(pair.substr(0, equals), pair.substr(equals + 1)));
    }
    std::sort(mistakes.begin(), mistakes.end(),
              [](const Mistake& a, const Mistake& b) { return a.text < b.text; });

    char work_template[] = "/tmp/make_hints.XXXXXX";
    if (!mkdtemp(work_template)) throw std::runtime_error("cannot make a folder in /tmp");
    const fs::path work = work_template;
    // One probe process per mistake runs all its tasks, loading LibTorch once. A task whose
    // process did not end cleanly, or whose result is a failure (a forbidden call marks the
    // tasks after it), runs again in a process of its own, as the judge would run it.
    constexpr double kTaskSeconds = 5;
    ProcessLimits one_task;
    one_task.set_time_limit(kTaskSeconds);
    one_task.memory_mb = 4096;
    struct Run {
      const Mistake* mistake;
      const TaskSpec* spec;
      std::string result_path;
      size_t batch;
    };
    std::vector<Run> runs;
    std::vector<ProcessJob> batches;
    for (const auto& mistake : mistakes) {
      ProcessJob batch{{mistake.probe}, {}};
      for (const auto& spec : task_specs()) {
        if (spec.part != mistake.part || spec.outputs.empty()) continue;
        const std::string stem = (work / std::to_string(runs.size())).string();
        json inputs;
        for (const auto& key : spec.inputs) inputs[key] = fixtures.at(key);
        std::ofstream(stem + ".in.json") << inputs.dump();
        batch.argv.insert(batch.argv.end(), {spec.name, stem + ".in.json", stem + ".out.json"});
        runs.push_back({&mistake, &spec, stem + ".out.json", batches.size()});
      }
      // Each task's CPU time, and on the wall clock one task's allowance: a batch takes a second
      // or two, and one that hangs or sleeps is soon stopped and its tasks run alone.
      batch.limits = one_task;
      batch.limits.cpu_seconds = kTaskSeconds * static_cast<double>((batch.argv.size() - 1) / 3);
      batches.push_back(batch);
    }
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    const auto batch_outcomes = run_processes(batches, cores);

    std::vector<ProbeReport> reports(runs.size());
    std::vector<ProcessJob> alone;
    std::vector<size_t> alone_runs;
    for (size_t i = 0; i < runs.size(); ++i) {
      const ProcessOutcome& outcome = batch_outcomes[runs[i].batch];
      const bool clean = outcome.kind == ProcessOutcome::Kind::exited && outcome.exit_code == 0;
      if (clean) reports[i] = interpret_probe(outcome, batches[runs[i].batch].limits, runs[i].result_path);
      if (clean && reports[i].failure.empty()) continue;
      std::ofstream(runs[i].result_path, std::ios::trunc).flush();  // empty: no result yet
      alone.push_back({{runs[i].mistake->probe, runs[i].spec->name,
                        (work / (std::to_string(i) + ".in.json")).string(), runs[i].result_path},
                       one_task});
      alone_runs.push_back(i);
    }
    const auto alone_outcomes = run_processes(alone, cores);
    for (size_t k = 0; k < alone.size(); ++k)
      reports[alone_runs[k]] = interpret_probe(alone_outcomes[k], alone[k].limits, runs[alone_runs[k]].result_path);

    json hints = json::object();
    for (size_t i = 0; i < runs.size(); ++i) {
      const ProbeReport& report = reports[i];
      if (!report.failure.empty()) continue;  // crashes and refusals speak for themselves
      const TaskSpec& spec = *runs[i].spec;
      json outputs = json::object();
      bool differs = false;
      for (const auto& output : spec.outputs) {
        if (!report.outputs.contains(output.first)) continue;
        outputs[output.first] = report.outputs.at(output.first);
        FlatTensor expected;
        parse_tensor(output.second, fixtures.at(output.second), expected);
        differs = differs || !mismatch(output.first, report.outputs.at(output.first), expected,
                                       {tolerance::kAbsolute, tolerance::kRelative})
                                  .empty();
      }
      if (differs)
        hints[spec.name].push_back(
            {{"mistake", runs[i].mistake->text}, {"nudge", runs[i].mistake->nudge}, {"outputs", outputs}});
    }
    fs::remove_all(work);

    write_one_key_per_line(hints, out_path);
    std::cout << "wrote " << out_path << " (" << mistakes.size() << " mistakes, " << hints.size()
              << " tasks)\n";
  } catch (const std::exception& e) {
    std::cerr << "make_hints: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
