#include "grader/judge/sandbox.h"
#include "common/one_line.h"

#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace grading {
namespace {

// Inside the sandbox the code is this user, whoever runs the judge.
constexpr const char* kSandboxUser = "65534";  // nobody

std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream folders(path ? path : "/usr/bin:/bin");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const std::string candidate = folder + "/" + program;
    if (!folder.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// Besides /usr and /etc: on a merged /usr links into it, elsewhere folders of their own.
constexpr const char* kLibraryFolders[] = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};

// bwrap's options, up to the `--` before the command, which runs `program`.
std::vector<std::string> bwrap_options(const std::vector<std::string>& readable_roots, int64_t tmp_mb,
                                       const Mounts& mounts, const std::string& program) {
  std::vector<std::string> options = {
      "--unshare-all", "--unshare-user", "--uid", kSandboxUser, "--gid", kSandboxUser,
      "--cap-drop", "ALL", "--die-with-parent", "--new-session", "--clearenv",
      "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"};
  for (const char* const* entry = child_environment(); *entry; ++entry) {
    const std::string variable = *entry;
    const size_t equals = variable.find('=');
    options.insert(options.end(), {"--setenv", variable.substr(0, equals), variable.substr(equals + 1)});
  }
  for (const char* folder : kLibraryFolders) {
    std::error_code error;
    if (fs::is_symlink(folder, error)) {
      options.insert(options.end(), {"--symlink", fs::read_symlink(folder, error).string(), folder});
    } else if (fs::is_directory(folder, error)) {
      options.insert(options.end(), {"--ro-bind", folder, folder});
    }
  }
  options.insert(options.end(), {"--proc", "/proc", "--dev", "/dev", "--size", std::to_string(tmp_mb << 20),
                                 "--tmpfs", "/tmp"});
  // After the private /tmp, which would hide a root below it (a course's checkout in /tmp).
  for (const auto& root : readable_roots)
    if (!path_under(root, "/usr")) options.insert(options.end(), {"--ro-bind-try", root, root});
  // A GPU's device files, and /sys where the CUDA driver looks the devices up, for the tests
  // on CUDA.
  std::error_code error;
  bool gpu = false;
  for (const auto& entry : fs::directory_iterator("/dev", error))
    if (entry.path().filename().string().rfind("nvidia", 0) == 0) {
      options.insert(options.end(), {"--dev-bind-try", entry.path().string(), entry.path().string()});
      gpu = true;
    }
  if (gpu) options.insert(options.end(), {"--ro-bind-try", "/sys", "/sys"});
  // The program itself, and nothing else of the folder it was built in.
  if (!in_system_folder(program)) options.insert(options.end(), {"--ro-bind", program, program});
  for (const auto& path : mounts.read_only) options.insert(options.end(), {"--ro-bind", path, path});
  for (const auto& path : mounts.writable) options.insert(options.end(), {"--bind", path, path});
  if (!mounts.working_folder.empty()) options.insert(options.end(), {"--chdir", mounts.working_folder});
  // The sandbox's own root and /dev are folders in memory: read-only, so that only /tmp, of
  // capped size, and the writable mounts above take what the code writes. /proc read-only too:
  // no /proc/self/mem to write the process's own memory through.
  options.insert(options.end(), {"--remount-ro", "/dev", "--remount-ro", "/proc", "--remount-ro", "/"});
  return options;
}

// Why bubblewrap cannot run here, or "" when a trivial command runs inside it.
std::string bubblewrap_failure(const std::string& bwrap, const std::vector<std::string>& readable_roots,
                               const ProcessLimits& limits) {
  std::vector<std::string> argv = {bwrap};
  const auto options = bwrap_options(readable_roots, 1, {}, "/usr/bin/true");
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), {"--", "/usr/bin/true"});
  ProcessLimits trial = limits;
  trial.set_time_limit(5);
  const ProcessOutcome outcome = run_processes({{argv, trial}}, 1).at(0);
  if (outcome.kind == ProcessOutcome::Kind::exited && outcome.exit_code == 0) return "";
  const std::string said = common::one_line(outcome.output);
  return said.empty() ? outcome.describe(trial) : said;
}

}  // namespace

bool path_under(const std::string& path, const std::string& root) {
  return path == root || path.rfind(root + "/", 0) == 0;
}

bool in_system_folder(const std::string& path) {
  for (const char* folder : {"/usr", "/etc", "/proc", "/dev"})
    if (path_under(path, folder)) return true;
  for (const char* folder : kLibraryFolders)
    if (path_under(path, folder)) return true;
  return false;
}

bool cuda_device_present() {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/dev", error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("nvidia", 0) == 0 && name.size() > 6 && std::isdigit(static_cast<unsigned char>(name[6])))
      return true;
  }
  return false;
}

std::vector<std::string> Sandbox::wrap(const std::vector<std::string>& argv, const Mounts& mounts) const {
  if (mode != Mode::bubblewrap) return argv;
  std::vector<std::string> command = {bwrap};
  const auto options = bwrap_options(readable_roots, tmp_mb, mounts, argv.at(0));
  command.insert(command.end(), options.begin(), options.end());
  command.push_back("--");
  command.insert(command.end(), argv.begin(), argv.end());
  return command;
}

Sandbox choose_sandbox(const std::string& requested, const ProcessLimits& limits,
                       const std::vector<std::string>& readable_roots) {
  if (requested != "auto" && requested != "bubblewrap" && requested != "user" && requested != "none")
    throw std::runtime_error("--sandbox must be auto, bubblewrap, user or none, not '" + requested + "'");
  Sandbox sandbox;
  sandbox.readable_roots = readable_roots;
  if (requested == "none") {
    sandbox.description = "none (--sandbox none): the code ran with the grader's own rights";
    return sandbox;
  }
  std::string why_not_bubblewrap = "--sandbox user";
  if (requested != "user") {
    sandbox.bwrap = find_on_path("bwrap");
    why_not_bubblewrap = sandbox.bwrap.empty()
                             ? "bubblewrap is not installed (Debian: apt-get install bubblewrap)"
                             : bubblewrap_failure(sandbox.bwrap, readable_roots, limits);
    if (why_not_bubblewrap.empty()) {
      sandbox.mode = Sandbox::Mode::bubblewrap;
      sandbox.description = "bubblewrap (namespaces of its own, no view of the course's files)";
      return sandbox;
    }
    if (requested == "bubblewrap")
      throw std::runtime_error("--sandbox bubblewrap cannot run: " + why_not_bubblewrap);
  }
  if (limits.run_as_uid >= 0) {
    sandbox.mode = Sandbox::Mode::unprivileged_user;
    const passwd* user = getpwuid(static_cast<uid_t>(limits.run_as_uid));
    const std::string name = user ? user->pw_name : std::to_string(limits.run_as_uid);
    sandbox.description = "unprivileged user " + name + ", without bubblewrap: " + why_not_bubblewrap;
    return sandbox;
  }
  if (requested == "user") throw std::runtime_error("--sandbox user needs --run-as");
  sandbox.description = "none, the code ran with the grader's own rights: " + why_not_bubblewrap;
  return sandbox;
}

}  // namespace grading
