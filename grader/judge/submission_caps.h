// Caps on everything one submission's processes use together, not each process alone: memory
// (its /tmp included, which the sandbox keeps in memory), the number of processes and threads,
// and CPU (so that a submission that spins many threads slows only itself, never a classmate
// graded beside it). Made of cgroups, one group per judge run, where the judge may create them:
// cgroup v1 (a memory, a pids and a cpu group) or v2 (one group with memory.max, pids.max and
// cpu.max, below the judge's own, whose controllers it enables). Elsewhere each cap falls back to
// a per-process limit, and description() says which held and why.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace grading {

// Where this machine's cgroups are: the mounted hierarchies and this process's place in them.
// Tests point both at a folder shaped like cgroupfs.
struct CgroupSystem {
  std::string root = "/sys/fs/cgroup";       // v1: one folder per controller; v2: the hierarchy, or unified/
  std::string membership = "/proc/self/cgroup";
};

class SubmissionCaps {
 public:
  // `cpus`: how many CPUs' worth of time the submission's processes may use together.
  SubmissionCaps(int64_t memory_mb, int processes, double cpus, const CgroupSystem& system = {});
  ~SubmissionCaps();  // kills whatever is still in the groups, then removes them
  SubmissionCaps(const SubmissionCaps&) = delete;
  SubmissionCaps& operator=(const SubmissionCaps&) = delete;

  int64_t memory_mb() const { return memory_mb_; }
  int processes() const { return processes_; }
  double cpus() const { return cpus_; }
  bool memory_in_cgroup() const { return memory_.procs_fd >= 0; }
  bool processes_in_cgroup() const { return pids_.procs_fd >= 0; }
  bool cpu_in_cgroup() const { return cpu_.procs_fd >= 0; }

  // In a child between fork and exec (async-signal-safe): joins the groups. Returns false
  // when a group exists but could not be joined.
  bool join() const;

  // How many times the memory cap has killed a process so far (0 without a memory group).
  int64_t memory_kills() const;

  // Kills every process still in the groups.
  void kill_all() const;

  // Reads the kernel's scheduler statistics of every thread in the groups now; waiting_share()
  // then says what share of their runnable time, since the caps were made, they spent waiting
  // for a CPU (0 to 1; -1 before any sample or without a group to list them). A share near 1
  // means the machine was too busy, not the submission too slow.
  void sample_waiting() const;
  double waiting_share() const;

  // "memory 4096 MiB for all its processes and /tmp together (cgroup v1), ..."; `runs_as_root`:
  // whether the submission's processes run as root, whom RLIMIT_NPROC does not hold.
  std::string description(bool runs_as_root) const;

 private:
  struct Group {
    explicit Group(const char* controller) : controller(controller) {}
    const char* controller;  // its cgroup controller
    std::string folder;      // "" when the cap falls back
    int procs_fd = -1;      // its cgroup.procs, open for writing
    std::string why_not;    // why there is no group
  };
  void make_v1(const CgroupSystem& system);
  // `own`: the judge's v2 group's folder; `offered`: the controllers its cgroup.controllers lists.
  void make_v2(const std::string& own, const std::set<std::string>& offered);

  int64_t memory_mb_;
  int processes_;
  double cpus_;
  int version_ = 0;  // 1 or 2 where any group was made
  Group memory_{"memory"}, pids_{"pids"}, cpu_{"cpu"};
  std::vector<std::string> made_;  // every folder this object made, in the order made
  // v2: the controllers this object enabled in the judge's own group, and the leaf it moved
  // the judge into to do so (a group with processes cannot enable controllers below it).
  std::string enabled_in_, enabled_, judge_leaf_, own_group_;
  mutable std::map<pid_t, std::pair<int64_t, int64_t>> scheduled_;  // thread -> (ran, waited) ns
};

}  // namespace grading
