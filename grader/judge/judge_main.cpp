// judge --part main|extra --probe PROBE --fixtures FILE [options] [Catch2 options]
//
// Grades one part of one submission. The submission's code runs only inside PROBE, once per
// task, each run a separate process with its own limits; this process holds the expected
// outputs, compares, and scores. Exit status: 0 when every test passed, 1 when any failed,
// 2 when grading itself could not run (bad flags, unreadable fixtures).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "grader/common/fixture_shapes.h"
#include "grader/common/flat_tensor.h"
#include "grader/judge/grading_context.h"
#include "grader/judge/report.h"
#include "grader/judge/source_scan.h"
#include "grader/judge/subprocess.h"

#include <pwd.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace grading;

namespace {

struct Options {
  std::string part;
  std::string probe;
  std::string fixtures;
  std::string source;       // the graded file, read for forbidden names
  std::string label;        // how the student names that file in messages
  std::string compile_log;  // the compiler's output when the submission did not compile
  std::string refuse;       // nothing to grade (no file handed in): every test fails with this
  std::string results;
  std::string hints;        // known mistakes' outputs on these fixtures, for feedback
  std::string visibility = "visible";
  std::string name_suffix;  // added to every test's name
  std::string run_as;       // an unprivileged user the probes run as (the judge must be root)
  double timeout = 10;
  int64_t memory_mb = 4096;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

// The compiler's first error lines, with their context lines, at most 15 lines.
std::string first_errors(const std::string& log_path) {
  std::ifstream in(log_path);
  std::string line;
  std::ostringstream errors;
  int kept = 0;
  bool seen_error = false;
  while (std::getline(in, line) && kept < 15) {
    if (line.find("error") != std::string::npos) seen_error = true;
    if (seen_error && line.rfind("ninja", 0) != 0 && line.rfind("FAILED", 0) != 0) {
      errors << "  " << line << "\n";
      ++kept;
    }
  }
  const std::string text = errors.str();
  return text.empty() ? "  (the compiler printed no error line; see " + log_path + ")\n" : text;
}

// Every key the part's tasks read or compare, present and well formed; throws otherwise.
void validate_fixtures(const nlohmann::json& fixtures, Part part) {
  if (!fixtures.is_object()) throw std::runtime_error("expected a JSON object of named values");
  std::map<std::string, int64_t> bound_dimensions;
  for (const auto& spec : task_specs()) {
    if (spec.part != part) continue;
    std::vector<std::string> keys = spec.inputs;
    for (const auto& output : spec.outputs) keys.push_back(output.second);
    for (const auto& key : keys) {
      if (!fixtures.contains(key)) throw std::runtime_error("no key '" + key + "'");
      const auto& value = fixtures.at(key);
      if (value.is_boolean() || value.is_number_integer()) continue;
      if (value.is_number()) {  // a scalar setting, such as the forget gate's bias
        if (!std::isfinite(value.get<double>())) throw std::runtime_error("'" + key + "' is not finite");
        continue;
      }
      const FlatTensor t = flat_tensor_from_json(value, "'" + key + "'");
      for (double v : t.values)
        if (!std::isfinite(v)) throw std::runtime_error("'" + key + "' holds NaN or infinity");
      check_fixture_shape(key, t.shape, fixtures, bound_dimensions);
    }
  }
}

void run_probes(const Options& options, const fs::path& work, const ProcessLimits& base_limits) {
  GradingContext& ctx = context();
  std::vector<ProcessJob> jobs;
  std::vector<std::string> tasks;
  for (const auto& spec : task_specs()) {
    if (spec.part != ctx.part) continue;
    nlohmann::json inputs;
    for (const auto& key : spec.inputs) inputs[key] = ctx.fixtures.at(key);
    const fs::path input = work / (spec.name + ".in.json");
    std::ofstream(input) << inputs.dump();
    fs::permissions(input, fs::perms::owner_read | fs::perms::owner_write |
                               fs::perms::group_read | fs::perms::others_read);
    ProcessLimits limits = base_limits;
    limits.set_time_limit(options.timeout);
    // CUDA maps far more address space than it uses; its tasks run without that limit.
    const bool cuda = spec.name.find("cuda") != std::string::npos;
    limits.memory_mb = cuda ? 0 : options.memory_mb;
    jobs.push_back({{options.probe, spec.name, input.string(), (work / (spec.name + ".out.json")).string()}, limits});
    tasks.push_back(spec.name);
  }
  const auto outcomes = run_processes(jobs, options.jobs);
  for (size_t i = 0; i < tasks.size(); ++i)
    ctx.reports[tasks[i]] = interpret_probe(outcomes[i], jobs[i].limits, jobs[i].argv[3]);
}

// Reads the fixtures and compile log, scans the source, runs the probes. Returns an error
// message when grading cannot go on.
std::string prepare(const Options& options, const fs::path& work) {
  // Probes may run as another user: they read their inputs and write results in `work`,
  // which they may enter and write to but not list.
  ProcessLimits base_limits;
  if (!options.run_as.empty()) {
    const passwd* user = getpwnam(options.run_as.c_str());
    if (!user) return "no user named " + options.run_as;
    if (geteuid() != 0) return "--run-as needs the judge to run as root";
    base_limits.run_as_uid = static_cast<int>(user->pw_uid);
    base_limits.run_as_gid = static_cast<int>(user->pw_gid);
    fs::permissions(work, fs::perms::owner_all | fs::perms::group_write | fs::perms::group_exec |
                              fs::perms::others_write | fs::perms::others_exec);
  }
  GradingContext& ctx = context();
  ctx.part = options.part == "extra" ? Part::extra : Part::main;
  ctx.submission = options.label.empty() ? options.source : options.label;
  ctx.fixtures_path = options.fixtures;
  std::ifstream in(options.fixtures);
  if (!in) return "cannot open the fixture file " + options.fixtures;
  try {
    ctx.fixtures = nlohmann::json::parse(in);
    validate_fixtures(ctx.fixtures, ctx.part);
  } catch (const std::exception& e) {
    std::string what = e.what();
    return "the fixture file " + options.fixtures + " is unusable: " + what.substr(0, what.find('\n'));
  }
  if (!options.hints.empty()) {
    std::ifstream hints(options.hints);
    if (!hints) return "cannot open the hints file " + options.hints;
    try {
      ctx.hints = nlohmann::json::parse(hints);
    } catch (const std::exception&) {
      return "the hints file " + options.hints + " is not valid JSON";
    }
  }
  if (!options.refuse.empty()) {
    ctx.refusal = options.refuse;
    return "";
  }
  if (!options.compile_log.empty()) {
    ctx.compile_errors = first_errors(options.compile_log);
    return "";
  }
  if (!options.source.empty()) {
    try {
      ctx.source_violations = forbidden_uses(options.source, ctx.submission);
    } catch (const std::exception& e) {
      return e.what();
    }
  }
  if (ctx.source_violations.empty()) run_probes(options, work, base_limits);
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  Catch::Session session;
  Options options;
  using Catch::clara::Opt;
  session.cli(session.cli()
              | Opt(options.part, "main|extra")["--part"]("which part to grade (required)")
              | Opt(options.probe, "path")["--probe"]("the probe built from the submission")
              | Opt(options.fixtures, "path")["--fixtures"]("the fixture file (required)")
              | Opt(options.source, "path")["--source"]("the submission's source, read for forbidden layers")
              | Opt(options.label, "name")["--label"]("the submission's name in messages")
              | Opt(options.compile_log, "path")["--compile-log"]("the submission did not compile: the compiler's output")
              | Opt(options.refuse, "reason")["--refuse"]("nothing to grade: every test fails with this reason")
              | Opt(options.results, "path")["--results"]("write a Gradescope results.json here")
              | Opt(options.hints, "path")["--hints"]("known mistakes' outputs (reference/make_hints), for hints")
              | Opt(options.visibility, "visible|hidden|after_due_date|after_published")["--visibility"]("Gradescope visibility of these tests")
              | Opt(options.name_suffix, "text")["--name-suffix"]("added to every test's name, e.g. ' (hidden)'")
              | Opt(options.run_as, "user")["--run-as"]("run the probes as this unprivileged user (needs root)")
              | Opt(options.timeout, "seconds")["--timeout"]("CPU seconds each test may use (default 10; 5 times that on the wall clock)")
              | Opt(options.memory_mb, "MiB")["--memory-mb"]("address-space limit of each test (default 4096)")
              | Opt(options.jobs, "n")["--jobs"]("tests run at once (default: the number of cores)"));
  // Catch2 reports a bad flag over several lines; one line is enough.
  const auto parsed = session.cli().parse(Catch::clara::Args(argc, argv));
  if (!parsed) {
    std::cerr << "judge: " << parsed.errorMessage() << " (judge -? lists the options)\n";
    return 2;
  }
  if (session.applyCommandLine(argc, argv) != 0) return 2;
  if (session.configData().showHelp || session.configData().listTests ||
      session.configData().listTags || session.configData().listReporters)
    return session.run();

  report_settings().results_path = options.results;
  report_settings().visibility = options.visibility;
  report_settings().name_suffix = options.name_suffix;
  const auto usage_error = [&](const std::string& message) {
    std::cerr << "judge: " << message << "\n";
    return 2;
  };
  if (options.part != "main" && options.part != "extra") return usage_error("--part must be main or extra");
  if (options.fixtures.empty()) return usage_error("--fixtures is required");
  if (options.compile_log.empty() && options.probe.empty() && options.refuse.empty())
    return usage_error("--probe, --compile-log or --refuse is required");
  if (options.timeout <= 0 || options.jobs <= 0 || options.memory_mb < 0)
    return usage_error("--timeout and --jobs must be positive, --memory-mb not negative");
  const std::set<std::string> visibilities = {"visible", "hidden", "after_due_date", "after_published"};
  if (!visibilities.count(options.visibility)) return usage_error("unknown --visibility " + options.visibility);

  auto config = session.configData();
  config.reporterName = "grade";
  config.testsOrTags.push_back("[" + options.part + "]");
  session.useConfigData(config);

  char work_template[] = "/tmp/judge.XXXXXX";
  if (!mkdtemp(work_template)) return usage_error("cannot make a working folder in /tmp");
  const fs::path work = work_template;
  const std::string graded = !options.label.empty()    ? options.label
                             : !options.source.empty() ? options.source
                                                       : options.probe;
  report_settings().title = "Grading " + graded + " (" + options.part + " part) against " + options.fixtures;
  const std::string fatal = prepare(options, work);
  if (!fatal.empty()) {
    fs::remove_all(work);
    report_fatal(fatal);
    return 2;
  }
  session.run();
  fs::remove_all(work);
  return all_tests_passed() ? 0 : 1;
}
