#include "grader/judge/submission_caps.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace grading {
namespace {

constexpr int64_t kCpuPeriodMicroseconds = 100000;

// This process's group in the hierarchy holding `controller` (v1, "4:memory:/a/b" -> "/a/b"), or
// in the v2 hierarchy when `controller` is "" ("0::/a/b"), from its membership file.
std::string own_group(const std::string& membership, const std::string& controller) {
  std::ifstream in(membership);
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    if (controller.empty()) {
      if (line.substr(0, first) == "0" && controllers.empty()) return line.substr(second + 1);
      continue;
    }
    std::istringstream names(controllers);
    std::string name;
    while (std::getline(names, name, ','))
      if (name == controller) return line.substr(second + 1);
  }
  return "";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes `value` with one write(2), as cgroupfs needs; false with errno set when refused. (It
// creates the file where cgroupfs already has it: a test's folder shaped like cgroupfs.)
bool write_file(const fs::path& path, const std::string& value) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const bool written = write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
  const int error = errno;
  close(fd);
  errno = error;
  return written;
}

std::set<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> found;
  std::string word;
  while (in >> word) found.insert(word);
  return found;
}

int64_t counter(const fs::path& file, const std::string& key) {
  std::ifstream in(file);
  std::string name;
  int64_t value;
  while (in >> name >> value)
    if (name == key) return value;
  return 0;
}

std::vector<pid_t> listed(const fs::path& file) {
  std::ifstream in(file);
  std::vector<pid_t> pids;
  pid_t pid;
  while (in >> pid) pids.push_back(pid);
  return pids;
}

std::string cpu_max(double cpus) {
  const auto quota = static_cast<int64_t>(std::ceil(cpus * kCpuPeriodMicroseconds));
  return std::to_string(quota) + " " + std::to_string(kCpuPeriodMicroseconds);
}

}  // namespace

SubmissionCaps::SubmissionCaps(int64_t memory_mb, int processes, double cpus, const CgroupSystem& system)
    : memory_mb_(memory_mb), processes_(processes), cpus_(cpus) {
  // v2 where the judge's own v2 group offers any of the controllers (a v2-only machine, or a
  // hybrid one whose v2 side has them); else v1, controller by controller.
  const std::string own_v2 = own_group(system.membership, "");
  fs::path mount = system.root;
  if (!fs::exists(mount / "cgroup.controllers")) mount /= "unified";
  const auto offered = words(read_text(mount / fs::path(own_v2).relative_path() / "cgroup.controllers"));
  bool v2 = false;
  for (const Group* group : {&memory_, &pids_, &cpu_}) v2 = v2 || (!own_v2.empty() && offered.count(group->controller));
  if (v2)
    make_v2((mount / fs::path(own_v2).relative_path()).string(), offered);
  else
    make_v1(system);
}

void SubmissionCaps::make_v1(const CgroupSystem& system) {
  const std::string bytes = std::to_string(memory_mb_ << 20);
  const auto make = [&](const std::string& controller, const std::vector<std::pair<std::string, std::string>>& settings,
                        Group& group) {
    const fs::path mount = fs::path(system.root) / controller;
    const std::string own = own_group(system.membership, controller);
    if (own.empty() || !fs::exists(mount / "cgroup.procs")) {
      group.why_not = "no cgroup v1 " + controller + " controller here";
      return;
    }
    const fs::path folder = mount / fs::path(own).relative_path() / ("judge-" + std::to_string(getpid()));
    std::error_code error;
    if (!fs::create_directory(folder, error)) {
      group.why_not = "cannot create a " + controller + " cgroup (" + (error ? error.message() : "it exists") + ")";
      return;
    }
    made_.push_back(folder.string());
    for (const auto& [file, value] : settings) {
      if (file.rfind("memory.memsw.", 0) == 0 && !fs::exists(folder / file)) continue;  // only with swap accounting
      if (!write_file(folder / file, value)) {
        group.why_not = "cannot set " + file + " (" + std::strerror(errno) + ")";
        return;
      }
    }
    group.procs_fd = open((folder / "cgroup.procs").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (group.procs_fd < 0) group.why_not = std::string("cannot open cgroup.procs: ") + std::strerror(errno);
    else group.folder = folder.string();
  };
  // Swap off for the group (swappiness 0 and memsw equal to memory): the cap is on memory used.
  make("memory", {{"memory.limit_in_bytes", bytes}, {"memory.memsw.limit_in_bytes", bytes}, {"memory.swappiness", "0"}},
       memory_);
  make("pids", {{"pids.max", std::to_string(processes_)}}, pids_);
  make("cpu", {{"cpu.cfs_period_us", std::to_string(kCpuPeriodMicroseconds)},
               {"cpu.cfs_quota_us", std::to_string(static_cast<int64_t>(std::ceil(cpus_ * kCpuPeriodMicroseconds)))}},
       cpu_);
  if (memory_in_cgroup() || processes_in_cgroup() || cpu_in_cgroup()) version_ = 1;
}

void SubmissionCaps::make_v2(const std::string& own, const std::set<std::string>& offered) {
  const auto already = words(read_text(fs::path(own) / "cgroup.subtree_control"));
  std::string wanted;
  for (Group* group : {&memory_, &pids_, &cpu_}) {
    const std::string controller = group->controller;
    if (!offered.count(controller))
      group->why_not = "cgroup v2: the " + controller + " controller is not delegated to the judge's group";
    else if (!already.count(controller))
      wanted += (wanted.empty() ? "+" : " +") + controller;
  }
  const auto fail_all = [&](const std::string& why) {
    for (Group* group : {&memory_, &pids_, &cpu_})
      if (group->why_not.empty()) group->why_not = why;
  };
  if (!wanted.empty() && !write_file(fs::path(own) / "cgroup.subtree_control", wanted)) {
    // A group that holds processes (the judge) cannot enable controllers for its children:
    // the judge moves into a leaf of its own first.
    if (errno != EBUSY) return fail_all("cgroup v2: cannot enable controllers (" + std::string(std::strerror(errno)) + ")");
    const fs::path leaf = fs::path(own) / ("judge-self-" + std::to_string(getpid()));
    std::error_code error;
    if (!fs::create_directory(leaf, error) || !write_file(leaf / "cgroup.procs", std::to_string(getpid()))) {
      fs::remove(leaf, error);
      return fail_all("cgroup v2: cannot move the judge into a leaf group of its own");
    }
    judge_leaf_ = leaf.string();
    own_group_ = own;
    if (!write_file(fs::path(own) / "cgroup.subtree_control", wanted))
      return fail_all("cgroup v2: cannot enable controllers (" + std::string(std::strerror(errno)) + ")");
  }
  if (!wanted.empty()) {
    enabled_in_ = own;
    enabled_ = wanted;
  }
  const fs::path folder = fs::path(own) / ("judge-" + std::to_string(getpid()));
  std::error_code error;
  if (!fs::create_directory(folder, error))
    return fail_all("cgroup v2: cannot create a group (" + (error ? error.message() : std::string("it exists")) + ")");
  made_.push_back(folder.string());
  const std::vector<std::pair<Group*, std::vector<std::pair<std::string, std::string>>>> settings = {
      {&memory_, {{"memory.max", std::to_string(memory_mb_ << 20)}, {"memory.swap.max", "0"}}},
      {&pids_, {{"pids.max", std::to_string(processes_)}}},
      {&cpu_, {{"cpu.max", cpu_max(cpus_)}}}};
  const int fd = open((folder / "cgroup.procs").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail_all("cgroup v2: cannot open cgroup.procs (" + std::string(std::strerror(errno)) + ")");
  bool shared = false;
  for (const auto& [group, files] : settings) {
    if (!group->why_not.empty()) continue;
    bool set = true;
    for (const auto& [file, value] : files) {
      if (file == "memory.swap.max" && !fs::exists(folder / file)) continue;  // no swap accounting
      if (!write_file(folder / file, value)) {
        group->why_not = "cgroup v2: cannot set " + file + " (" + std::strerror(errno) + ")";
        set = false;
        break;
      }
    }
    if (!set) continue;
    group->folder = folder.string();
    group->procs_fd = fd;
    shared = true;
  }
  if (!shared) close(fd);
  else version_ = 2;
}

SubmissionCaps::~SubmissionCaps() {
  kill_all();
  std::set<int> fds;
  for (const Group* group : {&memory_, &pids_, &cpu_})
    if (group->procs_fd >= 0) fds.insert(group->procs_fd);
  for (int fd : fds) close(fd);
  for (auto folder = made_.rbegin(); folder != made_.rend(); ++folder) {
    // A killed process leaves its group a moment after SIGKILL lands.
    for (int attempt = 0; attempt < 100 && rmdir(folder->c_str()) != 0 && errno == EBUSY; ++attempt) {
      kill_all();
      usleep(10000);
    }
  }
  // v2: the judge's own group as it was.
  if (!enabled_.empty()) {
    std::string disabled = enabled_;
    std::replace(disabled.begin(), disabled.end(), '+', '-');
    write_file(fs::path(enabled_in_) / "cgroup.subtree_control", disabled);
  }
  if (!judge_leaf_.empty() && write_file(fs::path(own_group_) / "cgroup.procs", std::to_string(getpid())))
    rmdir(judge_leaf_.c_str());
}

bool SubmissionCaps::join() const {
  int joined[3];
  int count = 0;
  for (const Group* group : {&memory_, &pids_, &cpu_}) {
    if (group->procs_fd < 0 || std::find(joined, joined + count, group->procs_fd) != joined + count) continue;
    if (write(group->procs_fd, "0", 1) != 1) return false;
    joined[count++] = group->procs_fd;
  }
  return true;
}

int64_t SubmissionCaps::memory_kills() const {
  if (memory_.folder.empty()) return 0;
  return counter(fs::path(memory_.folder) / (version_ == 2 ? "memory.events" : "memory.oom_control"), "oom_kill");
}

void SubmissionCaps::kill_all() const {
  std::set<std::string> folders;
  for (const Group* group : {&memory_, &pids_, &cpu_})
    if (!group->folder.empty()) folders.insert(group->folder);
  for (const auto& folder : folders) {
    if (version_ == 2) write_file(fs::path(folder) / "cgroup.kill", "1");  // Linux 5.14 and later
    for (pid_t pid : listed(fs::path(folder) / "cgroup.procs"))
      if (pid > 0) kill(pid, SIGKILL);
  }
}

void SubmissionCaps::sample_waiting() const {
  const Group& group = !pids_.folder.empty() ? pids_ : !memory_.folder.empty() ? memory_ : cpu_;
  if (group.folder.empty()) return;
  for (pid_t thread : listed(fs::path(group.folder) / (version_ == 2 ? "cgroup.threads" : "tasks"))) {
    std::ifstream in("/proc/" + std::to_string(thread) + "/schedstat");  // ran, waited (ns), slices
    int64_t ran = 0, waited = 0;
    if (in >> ran >> waited) scheduled_[thread] = {ran, waited};
  }
}

double SubmissionCaps::waiting_share() const {
  int64_t ran = 0, waited = 0;
  for (const auto& [thread, times] : scheduled_) {
    ran += times.first;
    waited += times.second;
  }
  return ran + waited > 0 ? static_cast<double>(waited) / static_cast<double>(ran + waited) : -1;
}

std::string SubmissionCaps::description(bool runs_as_root) const {
  const std::string kind = "(cgroup v" + std::to_string(version_) + ")";
  std::ostringstream text;
  text << "memory " << memory_mb_ << " MiB ";
  if (memory_in_cgroup())
    text << "for all its processes and /tmp together " << kind;
  else
    text << "per process (" << memory_.why_not << ")";
  if (processes_in_cgroup())
    text << ", processes " << processes_ << " at once " << kind;
  else if (runs_as_root)
    text << ", processes not capped (" << pids_.why_not << ", and root ignores RLIMIT_NPROC)";
  else
    text << ", processes " << processes_ << " more than its user runs (RLIMIT_NPROC; " << pids_.why_not << ")";
  if (cpu_in_cgroup())
    text << ", CPU " << cpus_ << " cores' time together " << kind;
  else
    text << ", CPU not capped together (" << cpu_.why_not << ")";
  return text.str();
}

}  // namespace grading
