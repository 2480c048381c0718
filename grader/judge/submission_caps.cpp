#include "grader/judge/submission_caps.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace grading {
namespace {

// This process's group in a v1 hierarchy ("/process_api/59b9..."), from /proc/self/cgroup.
std::string own_group(const std::string& controller) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    std::istringstream controllers(line.substr(first + 1, second - first - 1));
    std::string name;
    while (std::getline(controllers, name, ','))
      if (name == controller) return line.substr(second + 1);
  }
  return "";
}

bool write_file(const fs::path& path, const std::string& value) {
  std::ofstream out(path);
  out << value;
  out.flush();
  return static_cast<bool>(out);
}

// Makes a group for this judge run below its own, sets `settings` in it and opens its
// cgroup.procs. Returns the fd, or -1 with `why` set.
int make_group(const std::string& controller, const std::vector<std::pair<std::string, std::string>>& settings,
               std::vector<std::string>& made, std::string& why) {
  const fs::path mount = "/sys/fs/cgroup/" + controller;
  const std::string own = own_group(controller);
  if (own.empty() || !fs::exists(mount / "cgroup.procs")) {
    why = "no cgroup v1 " + controller + " controller here";
    return -1;
  }
  const fs::path group = mount / fs::path(own).relative_path() / ("judge-" + std::to_string(getpid()));
  std::error_code error;
  if (!fs::create_directory(group, error)) {
    why = "cannot create a " + controller + " cgroup (" + (error ? error.message() : "it exists") + ")";
    return -1;
  }
  made.push_back(group.string());
  for (const auto& setting : settings) {
    if (!fs::exists(group / setting.first)) continue;  // memory.memsw.* only with swap accounting
    if (!write_file(group / setting.first, setting.second)) {
      why = "cannot set " + setting.first;
      return -1;
    }
  }
  const int fd = open((group / "cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) why = std::string("cannot open cgroup.procs: ") + std::strerror(errno);
  return fd;
}

std::vector<pid_t> members(const std::string& group) {
  std::ifstream in(group + "/cgroup.procs");
  std::vector<pid_t> pids;
  pid_t pid;
  while (in >> pid) pids.push_back(pid);
  return pids;
}

}  // namespace

SubmissionCaps::SubmissionCaps(int64_t memory_mb, int processes) : memory_mb_(memory_mb), processes_(processes) {
  const std::string bytes = std::to_string(memory_mb << 20);
  // Swap off for the group (swappiness 0 and memsw equal to memory): the cap is on memory used.
  memory_fd_ = make_group("memory",
                          {{"memory.limit_in_bytes", bytes}, {"memory.memsw.limit_in_bytes", bytes},
                           {"memory.swappiness", "0"}},
                          folders_, why_no_memory_group_);
  pids_fd_ = make_group("pids", {{"pids.max", std::to_string(processes)}}, folders_, why_no_pids_group_);
}

SubmissionCaps::~SubmissionCaps() {
  kill_all();
  for (int fd : {memory_fd_, pids_fd_})
    if (fd >= 0) close(fd);
  for (const auto& group : folders_) {
    // A killed process leaves its group a moment after SIGKILL lands.
    for (int attempt = 0; attempt < 100 && rmdir(group.c_str()) != 0 && errno == EBUSY; ++attempt) {
      kill_all();
      usleep(10000);
    }
  }
}

bool SubmissionCaps::join() const {
  for (int fd : {memory_fd_, pids_fd_})
    if (fd >= 0 && write(fd, "0", 1) != 1) return false;
  return true;
}

int64_t SubmissionCaps::memory_kills() const {
  for (const auto& group : folders_) {
    std::ifstream in(group + "/memory.oom_control");
    std::string key;
    int64_t value;
    while (in >> key >> value)
      if (key == "oom_kill") return value;
  }
  return 0;
}

void SubmissionCaps::kill_all() const {
  for (const auto& group : folders_)
    for (pid_t pid : members(group)) kill(pid, SIGKILL);
}

std::string SubmissionCaps::description(bool runs_as_root) const {
  std::ostringstream text;
  text << "memory " << memory_mb_ << " MiB ";
  if (memory_in_cgroup())
    text << "for all its processes and /tmp together (cgroup)";
  else
    text << "per process (" << why_no_memory_group_ << ")";
  if (processes_in_cgroup())
    text << ", processes " << processes_ << " at once (cgroup)";
  else if (runs_as_root)
    text << ", processes not capped (" << why_no_pids_group_ << ", and root ignores RLIMIT_NPROC)";
  else
    text << ", processes " << processes_ << " more than its user runs (RLIMIT_NPROC; " << why_no_pids_group_ << ")";
  return text.str();
}

}  // namespace grading
