// Runs commands as child processes, several at a time, each in its own process group with a
// CPU-time limit, a wall-clock limit, an address-space limit and a cap on the output kept, all
// within one wall-clock deadline, optionally inside a submission's shared caps. A child that
// hangs, crashes, floods its output or forks is contained and reported, never waited on
// forever; the caller becomes a child subreaper, so even a double-forked daemon is killed at
// the end.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace grading {

class SubmissionCaps;

struct ProcessLimits {
  // A hang is judged by CPU time, which a busy machine does not stretch (RLIMIT_CPU, in whole
  // seconds, rounded up). A child that sleeps or blocks uses none: the wall clock stops it at
  // wall_seconds, and run_processes runs it once more, alone, before reporting it.
  double cpu_seconds = 10;
  double wall_seconds = 50;
  int64_t memory_mb = 0;          // address-space limit; 0 = none (CUDA needs none)
  size_t output_bytes = 1 << 20;  // stdout and stderr together; the rest is read and dropped
  int64_t file_mb = 64;           // largest file the child may write
  int64_t processes = 0;          // RLIMIT_NPROC for the child's user; 0 = none
  const SubmissionCaps* caps = nullptr;  // groups the child joins, shared with its siblings
  int run_as_uid = -1;            // with run_as_gid: drop to this user (needs root); -1 = stay
  int run_as_gid = -1;

  // cpu_seconds, and wall_seconds five times that: room for a machine four times oversubscribed.
  void set_time_limit(double cpu) {
    cpu_seconds = cpu;
    wall_seconds = 5 * cpu;
  }
};

struct ProcessOutcome {
  enum class Kind { exited, signaled, out_of_cpu_time, out_of_memory, timed_out, not_started } kind =
      Kind::not_started;
  int exit_code = -1;
  int signal = 0;
  std::string output;  // stdout and stderr interleaved, capped
  bool output_truncated = false;
  double seconds = 0;
  bool ran_again_alone = false;  // the first run reached the wall-clock limit
  bool deadline_passed = false;  // stopped, or never started, by the run's overall deadline
  // When it was stopped by a wall clock: the share of their runnable time the submission's
  // threads had spent waiting for a CPU (SubmissionCaps::waiting_share); -1 when unknown.
  double waiting_share = -1;

  // "exited with status 3", "crashed: SIGSEGV (Segmentation fault)",
  // "timed out: used its 10 s of CPU time", "timed out: still running after 60 s, ...", and for
  // a wall clock's stop on a machine too busy to run it, that it was starved, not slow.
  std::string describe(const ProcessLimits& limits) const;
};

struct ProcessJob {
  std::vector<std::string> argv;  // argv[0] is the program's path
  ProcessLimits limits;
  // The program runs its command and exits with 128 + the signal that killed it (bubblewrap).
  bool exit_code_reports_signal = false;
};

using Deadline = std::chrono::steady_clock::time_point;

// "NAME=value" entries, null-terminated: the whole environment of every child, whatever the
// judge's own holds (a staff member's shell, root's under a platform's entrypoint), so none of
// it reaches a submission's code.
const char* const* child_environment();

// A deadline `seconds` from now.
Deadline deadline_in(double seconds);

// Runs every job, `parallel` at a time, then each that reached its wall-clock limit once more
// with nothing else of ours running, while the deadline allows; whatever still runs at the
// deadline is stopped, and what has not started by then never starts. Outcomes in the jobs'
// order.
std::vector<ProcessOutcome> run_processes(const std::vector<ProcessJob>& jobs, int parallel,
                                          Deadline deadline = Deadline::max());

}  // namespace grading
