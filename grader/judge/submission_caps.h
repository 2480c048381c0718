// Caps on everything one submission's processes use together, not each process alone: memory
// (its /tmp included, which the sandbox keeps in memory) and the number of processes. Made of
// cgroup v1 memory and pids groups, one pair per judge run, where the judge may create them
// (root on a machine with v1 controllers mounted); elsewhere each cap falls back to a per-process
// limit, and description() says which held.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grading {

class SubmissionCaps {
 public:
  SubmissionCaps(int64_t memory_mb, int processes);
  ~SubmissionCaps();  // kills whatever is still in the groups, then removes them
  SubmissionCaps(const SubmissionCaps&) = delete;
  SubmissionCaps& operator=(const SubmissionCaps&) = delete;

  int64_t memory_mb() const { return memory_mb_; }
  int processes() const { return processes_; }
  bool memory_in_cgroup() const { return memory_fd_ >= 0; }
  bool processes_in_cgroup() const { return pids_fd_ >= 0; }

  // In a child between fork and exec (async-signal-safe): joins the groups. Returns false
  // when a group exists but could not be joined.
  bool join() const;

  // How many times the memory cap has killed a process so far (0 without a memory group).
  int64_t memory_kills() const;

  // Kills every process still in the groups.
  void kill_all() const;

  // "memory 4096 MiB for all its processes and /tmp together (cgroup), ..."; `runs_as_root`:
  // whether the submission's processes run as root, whom RLIMIT_NPROC does not hold.
  std::string description(bool runs_as_root) const;

 private:
  int64_t memory_mb_;
  int processes_;
  std::vector<std::string> folders_;  // the groups this object made
  int memory_fd_ = -1;                // their cgroup.procs, open for writing
  int pids_fd_ = -1;
  std::string why_no_memory_group_, why_no_pids_group_;
};

}  // namespace grading
