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
#include "grader/judge/sandbox.h"
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
  std::string clang_scan;   // what build/grader/clang/scan.sh found in it (FILE and FILE.errors)
  std::string label;        // how the student names that file in messages
  std::string compile_log;  // the compiler's output when the submission did not compile
  std::string refuse;       // nothing to grade (no file handed in): every test fails with this
  std::string results;
  std::string hints;        // known mistakes' outputs on these fixtures, for feedback
  std::string visibility = "visible";
  std::string name_suffix;  // added to every test's name
  std::string run_as;       // an unprivileged user the probes run as (the judge must be root)
  std::string sandbox = "auto";
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

// A folder the probe's user may enter and write in but not list: with --run-as the probes
// run as another user than the judge.
void open_to_probes(const fs::path& folder) {
  fs::permissions(folder, fs::perms::owner_all | fs::perms::group_write | fs::perms::group_exec |
                              fs::perms::others_write | fs::perms::others_exec);
}

// Each task runs in a folder of its own holding only its inputs, where it writes its result.
void run_probes(const Options& options, const fs::path& work, const ProcessLimits& base_limits,
                const Sandbox& sandbox) {
  GradingContext& ctx = context();
  std::vector<ProcessJob> jobs;
  std::vector<std::string> tasks;
  std::vector<fs::path> results;
  for (const auto& spec : task_specs()) {
    if (spec.part != ctx.part) continue;
    const fs::path folder = work / spec.name;
    fs::create_directory(folder);
    open_to_probes(folder);
    nlohmann::json inputs;
    for (const auto& key : spec.inputs) inputs[key] = ctx.fixtures.at(key);
    const fs::path input = folder / "in.json";
    std::ofstream(input) << inputs.dump();
    fs::permissions(input, fs::perms::owner_read | fs::perms::owner_write |
                               fs::perms::group_read | fs::perms::others_read);
    ProcessLimits limits = base_limits;
    limits.set_time_limit(options.timeout);
    // CUDA maps far more address space than it uses; its tasks run without that limit.
    const bool cuda = spec.name.find("cuda") != std::string::npos;
    limits.memory_mb = cuda ? 0 : options.memory_mb;
    results.push_back(folder / "out.json");
    const std::vector<std::string> argv = {fs::absolute(options.probe).string(), spec.name,
                                           input.string(), results.back().string()};
    jobs.push_back({sandbox.wrap(argv, folder.string()), limits,
                    sandbox.mode == Sandbox::Mode::bubblewrap});
    tasks.push_back(spec.name);
  }
  const auto outcomes = run_processes(jobs, options.jobs);
  for (size_t i = 0; i < tasks.size(); ++i)
    ctx.reports[tasks[i]] = interpret_probe(outcomes[i], jobs[i].limits, results[i].string());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One line per use of torch's layers in the source, found on its text and, where
// build/grader/clang/scan.sh ran, on clang's syntax tree; and per test of which compiler reads it,
// which could hide code from clang.
std::vector<std::string> forbidden_source_uses(const Options& options, const std::string& label) {
  const std::string source = read_file(options.source);
  auto uses = forbidden_uses_in(source, label);
  if (!options.clang_scan.empty())
    for (const auto& use : forbidden_uses_from_clang(read_file(options.clang_scan), label))
      if (std::find(uses.begin(), uses.end(), use) == uses.end()) uses.push_back(use);
  std::vector<std::string> violations;
  for (const auto& use : uses) violations.push_back(use + " is torch's own layer, which this assignment forbids");
  for (const auto& test : compiler_tests_in(source, label))
    violations.push_back(test + " asks which compiler reads the code, which this assignment forbids "
                                "(the check for torch's layers reads it with clang)");
  if (!options.clang_scan.empty()) {
    const std::string unread = clang_could_not_read(read_file(options.clang_scan + ".errors"), options.source, label);
    if (!unread.empty()) violations.push_back(unread);
  }
  return violations;
}

// Reads the fixtures and compile log, scans the source, runs the probes. Returns an error
// message when grading cannot go on.
std::string prepare(const Options& options, const fs::path& work) {
  ProcessLimits base_limits;
  if (!options.run_as.empty()) {
    const passwd* user = getpwnam(options.run_as.c_str());
    if (!user) return "no user named " + options.run_as;
    if (geteuid() != 0) return "--run-as needs the judge to run as root";
    base_limits.run_as_uid = static_cast<int>(user->pw_uid);
    base_limits.run_as_gid = static_cast<int>(user->pw_gid);
    open_to_probes(work);
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
      ctx.source_violations = forbidden_source_uses(options, ctx.submission);
    } catch (const std::exception& e) {
      return e.what();
    }
  }
  if (!ctx.source_violations.empty()) return "";
  Sandbox sandbox;
  try {
    sandbox = choose_sandbox(options.sandbox, base_limits, {PROBE_LIBRARY_ROOT});
  } catch (const std::exception& e) {
    return e.what();
  }
  report_settings().sandbox = sandbox.description;
  run_probes(options, work, base_limits, sandbox);
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
              | Opt(options.clang_scan, "path")["--clang-scan"]("the output of build/grader/clang/scan.sh on --source (and path.errors): check on clang's syntax tree")
              | Opt(options.label, "name")["--label"]("the submission's name in messages")
              | Opt(options.compile_log, "path")["--compile-log"]("the submission did not compile: the compiler's output")
              | Opt(options.refuse, "reason")["--refuse"]("nothing to grade: every test fails with this reason")
              | Opt(options.results, "path")["--results"]("write a Gradescope results.json here")
              | Opt(options.hints, "path")["--hints"]("known mistakes' outputs (reference/make_hints), for hints")
              | Opt(options.visibility, "visible|hidden|after_due_date|after_published")["--visibility"]("Gradescope visibility of these tests")
              | Opt(options.name_suffix, "text")["--name-suffix"]("added to every test's name, e.g. ' (hidden)'")
              | Opt(options.run_as, "user")["--run-as"]("run the probes as this unprivileged user (needs root)")
              | Opt(options.sandbox, "auto|bubblewrap|user|none")["--sandbox"]("where the probes run (default auto: the strongest that works)")
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
