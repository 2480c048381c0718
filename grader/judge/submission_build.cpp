#include "grader/judge/submission_build.h"
#include "common/one_line.h"

#include <unistd.h>

#include <csignal>
#include <cstring>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace grading {
namespace {

// The wall clock, for a compile that blocks, allows a machine kept busy by other work: 2.5 times
// the CPU time, and at least a minute, so that a low CPU limit is what stops a busy compile.
constexpr double kCompileWallPerCpuSecond = 2.5;
constexpr double kCompileWallMinimum = 60;
constexpr double kLinkCpuSeconds = 20;
constexpr double kSymbolsCpuSeconds = 5;

std::vector<std::string> words_of(const std::string& command) {
  std::istringstream in(command);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) {
    word.erase(std::remove(word.begin(), word.end(), '"'), word.end());
    words.push_back(word);
  }
  return words;
}

std::vector<std::string> shell(const std::string& command, const std::string& folder) {
  return {"/bin/sh", "-c", "cd '" + folder + "' && " + command};
}

// The step's outcome as one line when it did not simply run to its end.
std::string stopped(const std::string& step, const ProcessOutcome& outcome, const ProcessLimits& limits) {
  const std::string out_of_cpu_time =
      "the " + step + " used more than " + std::to_string(static_cast<int>(limits.cpu_seconds)) +
      " s of CPU time and was stopped";
  switch (outcome.kind) {
    case ProcessOutcome::Kind::exited:
      // The compiler driver outlives its cc1plus, which RLIMIT_CPU stopped; in bubblewrap that
      // CPU time reaches no rusage of ours, so the driver's own words say it.
      return outcome.exit_code != 0 && outcome.output.find(strsignal(SIGXCPU)) != std::string::npos
                 ? out_of_cpu_time
                 : "";
    case ProcessOutcome::Kind::out_of_cpu_time: return out_of_cpu_time;
    case ProcessOutcome::Kind::out_of_memory:
      return "the " + step + " used more than " + std::to_string(limits.memory_mb) + " MiB of memory and was stopped";
    case ProcessOutcome::Kind::timed_out:
      return "the " + step + " was still running after " + std::to_string(static_cast<int>(outcome.seconds)) +
             " s and was stopped";
    default: return "the " + step + " " + outcome.describe(limits);
  }
}

ProcessLimits step_limits(const ProcessLimits& base, double cpu_seconds, double wall_seconds) {
  ProcessLimits limits = base;
  limits.cpu_seconds = cpu_seconds;
  limits.wall_seconds = wall_seconds;
  return limits;
}

std::string output_flag(const std::string& command, const std::string& flag) {
  const auto words = words_of(command);
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == flag) return words[i + 1];
  throw std::runtime_error("the build command names no " + flag + ": " + command.substr(0, 200));
}

std::string in_folder(const std::string& path, const std::string& folder) {
  return fs::path(path).is_absolute() ? path : (fs::path(folder) / path).lexically_normal().string();
}

// Gives a folder that the unprivileged user wrote, and all in it, back to the judge's user, so
// that the code the probes run cannot change the probe or its object for the tests after.
void seal(const std::string& folder, const ProcessLimits& limits) {
  if (limits.run_as_uid < 0) return;
  const auto give_back = [](const fs::path& path) {
    if (lchown(path.c_str(), geteuid(), getegid()) != 0)
      throw std::runtime_error("cannot take back " + path.string() + " from the unprivileged user");
  };
  give_back(folder);
  for (const auto& entry : fs::recursive_directory_iterator(folder)) give_back(entry.path());
  fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
}

}  // namespace

void make_writable_folder(const std::string& folder, const ProcessLimits& limits) {
  fs::remove_all(folder);
  fs::create_directories(folder);
  if (limits.run_as_uid >= 0 && chown(folder.c_str(), static_cast<uid_t>(limits.run_as_uid),
                                      static_cast<gid_t>(limits.run_as_gid)) != 0)
    throw std::runtime_error("cannot give " + folder + " to the unprivileged user");
}

Mounts mounts_named_by(const std::string& command, const std::string& build_folder, const std::string& project_root) {
  Mounts mounts;
  const auto words = words_of(command);
  const auto add = [&](std::vector<std::string>& list, const std::string& path) {
    if (std::find(list.begin(), list.end(), path) == list.end()) list.push_back(path);
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    std::vector<std::string> named;
    if ((word == "-o" || word == "-MF") && i + 1 < words.size()) {
      add(mounts.writable, fs::path(in_folder(words[++i], build_folder)).parent_path().string());
      continue;
    }
    if (word == "-MT" && i + 1 < words.size()) {
      ++i;  // a name, not a path
      continue;
    }
    if ((word == "-I" || word == "-isystem" || word == "-include") && i + 1 < words.size()) {
      named.push_back(words[++i]);
      if (word == "-include") named.push_back(named.back() + ".gch");
    } else if (word.rfind("-I", 0) == 0) {
      named.push_back(word.substr(2));
    } else if (word.rfind("-Wl,", 0) == 0) {
      std::istringstream parts(word.substr(4));
      std::string part;
      while (std::getline(parts, part, ','))  // --version-script=PATH names PATH
        named.push_back(part.find('=') == std::string::npos ? part : part.substr(part.find('=') + 1));
    } else if (word[0] != '-') {
      named.push_back(word);
    }
    for (const auto& name : named) {
      const fs::path path = in_folder(name, build_folder);
      std::error_code error;
      if (!fs::exists(path, error) || in_system_folder(path.string())) continue;  // in view already
      if (path == fs::path(project_root)) {
        add(mounts.read_only, (path / "layers").string());
      } else if (!path_under(project_root, path.string()) && !path_under(build_folder, path.string())) {
        add(mounts.read_only, path.string());  // never a folder that holds the course
      }
    }
  }
  mounts.read_only.erase(std::remove_if(mounts.read_only.begin(), mounts.read_only.end(),
                                        [&](const std::string& path) {
                                          return std::find(mounts.writable.begin(), mounts.writable.end(), path) !=
                                                 mounts.writable.end();
                                        }),
                         mounts.read_only.end());
  return mounts;
}

BuildResult compile_submission(const BuildRecipe& recipe, const Sandbox& sandbox, const ProcessLimits& limits,
                               Deadline deadline) {
  BuildResult result;
  result.object = in_folder(output_flag(recipe.compile, "-o"), recipe.build_folder);
  Mounts compile_mounts = mounts_named_by(recipe.compile, recipe.build_folder, recipe.project_root);
  for (const auto& folder : compile_mounts.writable) make_writable_folder(folder, limits);
  const ProcessLimits compile_limits =
      step_limits(limits, recipe.compile_cpu_seconds,
                  std::max(kCompileWallMinimum, kCompileWallPerCpuSecond * recipe.compile_cpu_seconds));
  std::vector<ProcessJob> jobs = {{sandbox.wrap(shell(recipe.compile, recipe.build_folder), compile_mounts),
                                   compile_limits, sandbox.mode == Sandbox::Mode::bubblewrap}};
  if (!recipe.scan.empty()) {
    // The scan parses the same file on clang's precompiled layers.h, which lives beside it, and
    // writes beside the object's folder: each grading's own (grader/grade.sh).
    const std::string scan_folder = (fs::path(result.object).parent_path().parent_path() / "scan").string();
    make_writable_folder(scan_folder, limits);
    result.clang_scan = scan_folder + "/uses";
    Mounts scan_mounts = compile_mounts;
    scan_mounts.writable = {scan_folder};
    scan_mounts.read_only.push_back(fs::path(recipe.scan).parent_path().parent_path().string());  // build/grader
    scan_mounts.read_only.push_back(recipe.source);
    jobs.push_back({sandbox.wrap({"/bin/sh", recipe.scan, recipe.source, result.clang_scan}, scan_mounts),
                    compile_limits, sandbox.mode == Sandbox::Mode::bubblewrap});
  }
  const auto outcomes = run_processes(jobs, static_cast<int>(jobs.size()), deadline);
  if (jobs.size() > 1) seal(fs::path(result.clang_scan).parent_path().string(), limits);
  const std::string compile_stopped = stopped("compile", outcomes[0], compile_limits);
  if (!compile_stopped.empty()) {
    result.compile_errors = "  " + compile_stopped + "\n";
  } else if (outcomes[0].exit_code != 0) {
    result.compile_errors = first_errors(outcomes[0].output);
  } else if (jobs.size() > 1) {
    const std::string scan_stopped = stopped("source check", outcomes[1], compile_limits);
    if (!scan_stopped.empty()) result.compile_errors = "  " + scan_stopped + "\n";
    else if (outcomes[1].exit_code != 0)  // scan.sh itself always exits 0
      throw std::runtime_error("the source check could not run: " +
                               common::one_line(outcomes[1].output));
  }
  return result;
}

void link_submission(const BuildRecipe& recipe, const Sandbox& sandbox, const ProcessLimits& limits,
                     Deadline deadline, BuildResult& result) {
  const std::string probe = in_folder(output_flag(recipe.link, "-o"), recipe.build_folder);
  Mounts mounts = mounts_named_by(recipe.link, recipe.build_folder, recipe.project_root);
  for (const auto& folder : mounts.writable) make_writable_folder(folder, limits);
  const ProcessLimits link_limits = step_limits(limits, kLinkCpuSeconds, 3 * kLinkCpuSeconds);
  const auto outcome = run_processes({{sandbox.wrap(shell(recipe.link, recipe.build_folder), mounts), link_limits,
                                       sandbox.mode == Sandbox::Mode::bubblewrap}},
                                     1, deadline)
                           .at(0);
  const std::string link_stopped = stopped("link", outcome, link_limits);
  if (!link_stopped.empty())
    result.compile_errors = "  " + link_stopped + "\n";
  else if (outcome.exit_code != 0)
    result.compile_errors = first_errors(outcome.output);
  else
    result.probe = probe;
  for (const auto& folder : mounts.writable) seal(folder, limits);
  seal(fs::path(result.object).parent_path().string(), limits);
}

std::vector<ObjectSymbol> object_symbols(const std::string& object, const Sandbox& sandbox,
                                         const ProcessLimits& limits, Deadline deadline, std::string& problem) {
  ProcessLimits nm_limits = step_limits(limits, kSymbolsCpuSeconds, 3 * kSymbolsCpuSeconds);
  nm_limits.output_bytes = 64 << 20;
  const Mounts mounts{{object}, {}, ""};
  const std::string separator = "--- demangled ---\n";
  const auto outcome =
      run_processes({{sandbox.wrap({"/bin/sh", "-c",
                                    "/usr/bin/nm -P -g \"$0\" && echo '---' demangled '---' && /usr/bin/nm -P -g -C \"$0\"",
                                    object},
                                   mounts),
                      nm_limits, sandbox.mode == Sandbox::Mode::bubblewrap}},
                    1, deadline)
          .at(0);
  if (outcome.kind == ProcessOutcome::Kind::exited && (outcome.exit_code == 126 || outcome.exit_code == 127))
    throw std::runtime_error("the symbol check could not run (binutils' nm): " +
                             common::one_line(outcome.output));
  const size_t split = outcome.output.find(separator);
  if (outcome.kind != ProcessOutcome::Kind::exited || outcome.exit_code != 0 || outcome.output_truncated ||
      split == std::string::npos) {
    const std::string why = stopped("symbol check", outcome, nm_limits);
    problem = "the compiled object's symbols could not be read: " +
              (!why.empty() ? why : outcome.output_truncated ? "nm printed more than 64 MiB" : outcome.describe(nm_limits));
    return {};
  }
  return parse_symbols(outcome.output.substr(0, split), outcome.output.substr(split + separator.size()));
}

std::string first_errors(const std::string& output) {
  std::istringstream in(output);
  std::string line;
  std::ostringstream errors;
  int kept = 0;
  bool seen_error = false;
  while (std::getline(in, line) && kept < 15) {
    if (line.find("error") != std::string::npos) seen_error = true;
    if (seen_error) {
      errors << "  " << line.substr(0, 300) << "\n";
      ++kept;
    }
  }
  if (!seen_error) {  // no line says error: what it printed, as it is
    std::istringstream again(output);
    while (std::getline(again, line) && kept < 15) {
      errors << "  " << line.substr(0, 300) << "\n";
      ++kept;
    }
  }
  const std::string text = errors.str();
  return text.empty() ? "  (it printed nothing)\n" : text;
}

}  // namespace grading
