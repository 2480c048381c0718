// judge --part main|extra --fixtures FILE (--compile-command CMD --link-command CMD | --probe PROBE)
//       [options] [Catch2 options]
//
// Grades one part of one submission. With the build system's commands it compiles, checks
// and links the submission itself, in the sandbox (submission_build.h); with --probe it grades
// a probe built already. The submission's code runs only inside the probe, once per task, each
// run a separate process with its own limits, all within the submission's caps and one
// deadline; this process holds the expected outputs, compares, and scores. Exit status: 0 when
// every test passed, 1 when any failed, 2 when grading itself could not run (bad flags,
// unreadable fixtures).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "common/one_line.h"
#include "grader/common/fixture_shapes.h"
#include "grader/common/flat_tensor.h"
#include "grader/common/probe_protocol.h"
#include "grader/judge/grading_context.h"
#include "grader/judge/report.h"
#include "grader/judge/sandbox.h"
#include "grader/judge/object_symbols.h"
#include "grader/judge/source_scan.h"
#include "grader/judge/submission_build.h"
#include "grader/judge/submission_caps.h"
#include "grader/judge/subprocess.h"

#include <pwd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace grading;

namespace {

// The judge's own memory: what it reads from a submission is bounded while it is parsed
// (grading_context.h), and this cap on its address space makes sure of it, so that a hostile
// result costs that test, never the machine. Its children set their own limits.
constexpr int64_t kJudgeMemoryMb = 512;

void cap_own_memory() {
  rlimit limit{};
  getrlimit(RLIMIT_AS, &limit);
  const rlim_t cap = static_cast<rlim_t>(kJudgeMemoryMb) << 20;
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > cap) limit.rlim_cur = cap;
  setrlimit(RLIMIT_AS, &limit);  // the soft limit only: the probes' own go higher
}

struct Options {
  std::string part;
  std::string probe;
  std::string object;       // the probe's object built from the submission, for its symbols
  std::string graded_namespace = "student";  // where that object's layers are
  std::string fixtures;
  std::string source;       // the graded file, read for forbidden names
  std::string clang_scan;   // what build/grader/clang/scan.sh found in it (FILE and FILE.errors)
  std::string label;        // how the student names that file in messages
  BuildRecipe build;        // the build system's commands, when this judge builds the probe
  std::string refuse;       // nothing to grade (no file handed in): every test fails with this
  std::string results;
  std::string hints;        // known mistakes' outputs on these fixtures, for feedback
  std::string hint_level = "nudge";
  std::string visibility = "visible";
  std::string name_suffix;  // added to every test's name
  std::string run_as;       // an unprivileged user the probes run as (the judge must be root)
  std::string sandbox = "auto";
  bool source_checks = true;  // off only in the grader's own tests of what holds at run time
  bool totals = false;        // print the part's points and number of tests, grade nothing
  double timeout = 10;
  int64_t memory_mb = 4096;
  int processes = 256;
  double deadline_seconds = 110;
  double cpus = std::max(1u, std::thread::hardware_concurrency());
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

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

// An empty file for a probe's result: the one file outside /tmp it may write, in a folder it
// may not change (so it cannot be swapped for a link), given to the probes' user when set.
void make_result_file(const fs::path& path, const ProcessLimits& limits) {
  std::ofstream(path).flush();
  if (limits.run_as_uid >= 0 && chown(path.c_str(), static_cast<uid_t>(limits.run_as_uid),
                                      static_cast<gid_t>(limits.run_as_gid)) != 0)
    throw std::runtime_error("cannot give " + path.string() + " to the unprivileged user");
}

// Each task runs in a folder of its own holding only its inputs and the file it writes its
// result to; in bubblewrap that file and a /tmp of capped size are all it may write.
void run_probes(const Options& options, const fs::path& work, const ProcessLimits& base_limits,
                const Sandbox& sandbox, const std::string& probe, Deadline deadline) {
  GradingContext& ctx = context();
  std::vector<ProcessJob> jobs;
  std::vector<std::string> tasks;
  std::vector<std::vector<std::string>> output_names;
  std::vector<fs::path> results;
  for (const auto& spec : task_specs()) {
    if (spec.part != ctx.part) continue;
    if (spec.on_cuda && !cuda_device_present()) {  // no CUDA code where it cannot run
      ctx.reports[spec.name].skipped = kNoCudaDevice;
      continue;
    }
    const fs::path folder = work / spec.name;
    fs::create_directory(folder);
    nlohmann::json inputs;
    for (const auto& key : spec.inputs) inputs[key] = ctx.fixtures.at(key);
    const fs::path input = folder / "in.json";
    std::ofstream(input) << inputs.dump();
    results.push_back(folder / "out.json");
    make_result_file(results.back(), base_limits);
    ProcessLimits limits = base_limits;
    limits.set_time_limit(options.timeout);
    // CUDA maps far more address space than it uses: its tasks have no per-process limit.
    if (spec.on_cuda) limits.memory_mb = 0;
    const std::vector<std::string> argv = {fs::absolute(probe).string(), spec.name, input.string(),
                                           results.back().string()};
    const Mounts mounts{{input.string()}, {results.back().string()}, "/tmp"};
    jobs.push_back({sandbox.wrap(argv, mounts), limits, sandbox.mode == Sandbox::Mode::bubblewrap});
    tasks.push_back(spec.name);
    output_names.emplace_back();
    for (const auto& output : spec.outputs) output_names.back().push_back(output.first);
  }
  const auto outcomes = run_processes(jobs, options.jobs, deadline);
  for (size_t i = 0; i < tasks.size(); ++i)
    ctx.reports[tasks[i]] = interpret_probe(outcomes[i], jobs[i].limits, results[i].string(), output_names[i]);
}

// A file the submission's steps wrote, or its source: at most 64 MiB of it.
std::string read_file(const std::string& path) {
  std::string text;
  if (!read_untrusted(path, 64 << 20, text)) throw std::runtime_error("cannot read " + path);
  return text;
}

// One line per use of torch's layers or of low-level code in the source at `path`, found on its
// text and, where build/grader/clang/scan.sh ran (`clang_scan`), on clang's syntax tree; and
// per test of which compiler reads it, which could hide code from clang.
std::vector<std::string> forbidden_source_uses(const std::string& path, const std::string& clang_scan,
                                               const std::string& label) {
  const std::string source = read_file(path);
  const std::string found = clang_scan.empty() ? "" : read_file(clang_scan);
  const auto merged = [](std::vector<std::string> uses, const std::vector<std::string>& more) {
    for (const auto& use : more)
      if (std::find(uses.begin(), uses.end(), use) == uses.end()) uses.push_back(use);
    return uses;
  };
  std::vector<std::string> violations;
  for (const auto& use : merged(forbidden_uses_in(source, label), forbidden_uses_from_clang(found, label)))
    violations.push_back(use + " is torch's own layer, which this assignment forbids");
  for (const auto& use : merged(low_level_uses_in(source, label), low_level_uses_from_clang(found, label)))
    violations.push_back(use + " is assembly or a linker attribute, which this assignment forbids (the grader's "
                               "checks read C++)");
  for (const auto& breach : subset_breaches_from_clang(found, label))
    violations.push_back(breach + ": outside the C++ this assignment allows (docs/handout.md, \"What your code may "
                                  "contain\")");
  for (const auto& test : compiler_tests_in(source, label))
    violations.push_back(test + " asks which compiler reads the code, which this assignment forbids "
                                "(the check for torch's layers reads it with clang)");
  if (!clang_scan.empty()) {
    const std::string unread = clang_could_not_read(read_file(clang_scan + ".errors"), path, label);
    if (!unread.empty()) violations.push_back(unread);
  }
  return violations;
}

// The caps of this grading and what the sandbox says of them, for the report.
std::string caps_description(const SubmissionCaps& caps, const Sandbox& sandbox, bool runs_as_root) {
  std::string text = caps.description(runs_as_root);
  if (sandbox.mode == Sandbox::Mode::bubblewrap)
    text += ", /tmp " + std::to_string(sandbox.tmp_mb) + " MiB, files written 64 MiB each, only its result";
  else
    text += ", files written 64 MiB each, no cap on their number (no bubblewrap)";
  return text;
}

// This user's tasks (processes and threads) now: RLIMIT_NPROC counts them all.
int64_t tasks_of_user(uid_t uid) {
  int64_t count = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::ifstream status(entry.path() / "status");
    std::string key;
    int64_t real_uid = -1, threads = 0;
    while (status >> key) {
      if (key == "Uid:") status >> real_uid;
      if (key == "Threads:") status >> threads;
    }
    if (real_uid == static_cast<int64_t>(uid)) count += threads;
  }
  return count;
}

// What a solution may call (object_symbols.h), from the vocabulary's symbols, which the build
// writes beside the judge.
std::set<std::string> callable_symbols() {
  std::string listing;
  if (!read_untrusted(SOLUTION_SYMBOLS, 16 << 20, listing) || listing.empty())
    throw std::runtime_error(std::string("the symbol check's allow-list ") + SOLUTION_SYMBOLS +
                             " is missing: build the target grading_framework");
  return undefined_symbols(listing);
}

// Builds the probe from the recipe, or takes the one given; checks the source and the
// object. Returns the probe to run, or "" when the submission is graded without one.
std::string build_and_check(const Options& options, const Sandbox& sandbox, const ProcessLimits& limits,
                            Deadline deadline) {
  GradingContext& ctx = context();
  std::string clang_scan = options.clang_scan, object = options.object, probe = options.probe;
  BuildResult built;
  if (!options.build.compile.empty()) {
    built = compile_submission(options.build, sandbox, limits, deadline);
    if (!built.compile_errors.empty()) {
      ctx.compile_errors = built.compile_errors;
      return "";
    }
    clang_scan = built.clang_scan;
    object = built.object;
  }
  const std::string source = options.build.compile.empty() ? options.source : options.build.source;
  if (options.source_checks && !source.empty())
    ctx.source_violations = forbidden_source_uses(source, clang_scan, ctx.submission);
  if (options.source_checks && !object.empty() && ctx.source_violations.empty()) {
    std::string problem;
    const auto symbols = object_symbols(object, sandbox, limits, deadline, problem);
    ctx.source_violations = problem.empty()
                                ? object_symbol_violations(symbols, ctx.submission, options.graded_namespace,
                                                           callable_symbols())
                                : std::vector<std::string>{problem};
  }
  if (!ctx.source_violations.empty()) return "";
  if (!options.build.compile.empty()) {
    link_submission(options.build, sandbox, limits, deadline, built);
    if (!built.compile_errors.empty()) {
      ctx.compile_errors = built.compile_errors;
      return "";
    }
    probe = built.probe;
  }
  return probe;
}

// Reads the fixtures, builds and checks the submission, runs the probes. Returns an error
// message when grading cannot go on.
std::string prepare(const Options& options, const fs::path& work, Deadline deadline) {
  ProcessLimits base_limits;
  if (!options.run_as.empty()) {
    const passwd* user = getpwnam(options.run_as.c_str());
    if (!user) return "no user named " + options.run_as;
    if (geteuid() != 0) return "--run-as needs the judge to run as root";
    base_limits.run_as_uid = static_cast<int>(user->pw_uid);
    base_limits.run_as_gid = static_cast<int>(user->pw_gid);
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
    return "the fixture file " + options.fixtures + " is unusable: " + common::one_line(e.what());
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
  // One set of caps for everything this submission runs: compile, checks, link and probes.
  SubmissionCaps caps(options.memory_mb, options.processes, options.cpus);
  base_limits.caps = &caps;
  if (caps.memory_in_cgroup()) base_limits.memory_mb = 0;  // the group's cap, not each process's
  else base_limits.memory_mb = options.memory_mb;
  const uid_t runner = base_limits.run_as_uid >= 0 ? static_cast<uid_t>(base_limits.run_as_uid) : geteuid();
  if (!caps.processes_in_cgroup() && runner != 0) base_limits.processes = tasks_of_user(runner) + options.processes;
  Sandbox sandbox;
  try {
    sandbox = choose_sandbox(options.sandbox, base_limits, {PROBE_LIBRARY_ROOT, REFUSE_LIBRARY_DIR});
    report_settings().sandbox = sandbox.description + "; caps: " + caps_description(caps, sandbox, runner == 0) +
                                (options.source_checks ? "" : "; no source or symbol checks (--skip-source-checks)");
    const std::string probe = build_and_check(options, sandbox, base_limits, deadline);
    if (!probe.empty()) run_probes(options, work, base_limits, sandbox, probe, deadline);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  cap_own_memory();
  Catch::Session session;
  Options options;
  using Catch::clara::Opt;
  session.cli(session.cli()
              | Opt(options.part, "main|extra")["--part"]("which part to grade (required)")
              | Opt(options.probe, "path")["--probe"]("the probe built from the submission, when the judge does not build it")
              | Opt(options.object, "path")["--object"]("with --probe: the submission's compiled object, whose symbols are checked")
              | Opt(options.graded_namespace, "name")["--namespace"]("the namespace of the --object's layers (default student; reference for the course's own)")
              | Opt(options.build.compile, "command")["--compile-command"]("the build system's command that compiles the submission (ninja -t commands)")
              | Opt(options.build.link, "command")["--link-command"]("the build system's command that links its probe")
              | Opt(options.build.scan, "path")["--scan"]("build/grader/clang/scan.sh: the source check on clang's syntax tree beside the compile")
              | Opt(options.build.build_folder, "path")["--build-folder"]("where the build commands run")
              | Opt(options.build.compile_cpu_seconds, "seconds")["--compile-timeout"]("CPU seconds the compile may use (default 40; 2.5 times that on the wall clock, at least 60 s)")
              | Opt(options.fixtures, "path")["--fixtures"]("the fixture file (required)")
              | Opt(options.source, "path")["--source"]("the submission's source, read for forbidden layers")
              | Opt(options.clang_scan, "path")["--clang-scan"]("the output of build/grader/clang/scan.sh on --source (and path.errors): check on clang's syntax tree")
              | Opt(options.label, "name")["--label"]("the submission's name in messages")
              | Opt(options.refuse, "reason")["--refuse"]("nothing to grade: every test fails with this reason")
              | Opt(options.results, "path")["--results"]("write a Gradescope results.json here")
              | Opt(options.hints, "path")["--hints"]("known mistakes' outputs (reference/make_hints), for hints")
              | Opt(options.hint_level, "mistake|nudge|numbers")["--hint-level"]("what a hint says: the mistake, what to look at (default), or nothing")
              | Opt(options.visibility, "visible|hidden|after_due_date|after_published")["--visibility"]("Gradescope visibility of these tests")
              | Opt(options.name_suffix, "text")["--name-suffix"]("added to every test's name, e.g. ' (hidden)'")
              | Opt(options.run_as, "user")["--run-as"]("run the probes as this unprivileged user (needs root)")
              | Opt(options.sandbox, "auto|bubblewrap|user|none")["--sandbox"]("where the probes run (default auto: the strongest that works)")
              | Opt([&](bool) { options.source_checks = false; })["--skip-source-checks"]("for the grader's own tests of what holds at run time: grade without the checks of the source, its syntax tree and the object's symbols")
              | Opt(options.totals)["--totals"]("print the part's total points and number of tests as JSON, and grade nothing")
              | Opt(options.timeout, "seconds")["--timeout"]("CPU seconds each test may use (default 10; 5 times that on the wall clock)")
              | Opt(options.memory_mb, "MiB")["--memory-mb"]("memory of all the submission's processes and its /tmp together, where cgroups can be made; else of each process (default 4096)")
              | Opt(options.processes, "n")["--processes"]("processes and threads the submission may run at once (default 256)")
              | Opt(options.cpus, "n")["--cpus"]("CPUs' worth of time the submission's processes may use together, where cgroups can be made (default: every core; grade-all gives each grading its share)")
              | Opt(options.deadline_seconds, "seconds")["--deadline"]("wall-clock seconds for building and running all the tests (default 110)")
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
  if (options.totals) {  // from the descriptions: what scripts compare scores with, never a constant
    const Part part = options.part == "extra" ? Part::extra : Part::main;
    int points = 0, tests = 0;
    for (const auto& spec : task_specs())
      if (spec.part == part) points += spec.points, ++tests;
    std::cout << nlohmann::json{{"max_score", points}, {"tests", tests}}.dump() << "\n";
    return 0;
  }
  if (options.fixtures.empty()) return usage_error("--fixtures is required");
  const bool builds = !options.build.compile.empty() || !options.build.link.empty();
  if (builds && (options.build.compile.empty() || options.build.link.empty() || options.build.build_folder.empty()))
    return usage_error("--compile-command, --link-command and --build-folder go together");
  if (builds == !options.probe.empty() && options.refuse.empty())
    return usage_error("either --compile-command (with --link-command) or --probe is required, or --refuse");
  const auto positive = [](double x) { return std::isfinite(x) && x > 0; };  // NaN and inf are not
  if (!positive(options.timeout) || options.jobs <= 0 || options.memory_mb <= 0 || options.processes <= 0 ||
      !positive(options.deadline_seconds) || !positive(options.cpus) || !positive(options.build.compile_cpu_seconds))
    return usage_error("--timeout, --compile-timeout, --jobs, --memory-mb, --processes, --cpus and --deadline must be positive");
  options.build.project_root = PROJECT_ROOT;
  for (std::string* path : {&options.source, &options.build.scan, &options.build.build_folder})
    if (!path->empty()) *path = fs::absolute(*path).lexically_normal().string();
  options.build.source = options.source;
  const std::set<std::string> visibilities = {"visible", "hidden", "after_due_date", "after_published"};
  if (!visibilities.count(options.visibility)) return usage_error("unknown --visibility " + options.visibility);
  try {
    context().hint_level = hint_level_from_name(options.hint_level);
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }

  auto config = session.configData();
  config.reporterName = "grade";
  config.testsOrTags.push_back("[" + options.part + "]");
  session.useConfigData(config);

  const Deadline deadline = deadline_in(options.deadline_seconds);
  char work_template[] = "/tmp/judge.XXXXXX";
  if (!mkdtemp(work_template)) return usage_error("cannot make a working folder in /tmp");
  const fs::path work = work_template;
  // Others may pass through to a task's files (the probes' user, with --run-as), not list it.
  fs::permissions(work, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  const std::string graded = !options.label.empty()    ? options.label
                             : !options.source.empty() ? options.source
                                                       : options.probe;
  report_settings().title = "Grading " + graded + " (" + options.part + " part) against " + options.fixtures;
  const std::string fatal = prepare(options, work, deadline);
  if (!fatal.empty()) {
    fs::remove_all(work);
    report_fatal(fatal);
    return 2;
  }
  session.run();
  fs::remove_all(work);
  return all_tests_passed() ? 0 : 1;
}
