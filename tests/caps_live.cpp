// The submission's caps on this machine's own cgroups, v1 or v2, for real: three processes
// that each stay under the memory cap alone but not together are killed by it, a hundred
// processes meet the process cap, and two spinning processes capped to half a core's time get
// about that much. Exits 77 (ctest: skipped), saying why, where the judge can make no groups
// here (not root, or no controllers delegated to it); the file-level logic of both versions is
// tested against folders shaped like cgroupfs in grader_selftest.
#include "grader/judge/submission_caps.h"
#include "grader/judge/subprocess.h"

#include <sys/resource.h>

#include <chrono>
#include <iostream>

using namespace grading;

namespace {

int failures = 0;

void expect(bool holds, const std::string& what) {
  std::cout << (holds ? "ok: " : "FAILED: ") << what << "\n";
  if (!holds) ++failures;
}

double children_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

}  // namespace

int main() {
  SubmissionCaps caps(128, 20, 0.5);
  std::cout << caps.description(false) << "\n";
  if (!caps.memory_in_cgroup() || !caps.processes_in_cgroup() || !caps.cpu_in_cgroup()) {
    std::cout << "SKIPPED: the judge can make no cgroups for its caps here (see above)\n";
    return 77;
  }
  ProcessLimits limits;
  limits.caps = &caps;
  limits.cpu_seconds = 30;
  limits.wall_seconds = 30;
  // Three processes of 60 MiB each: each is under the cap alone, together they are over it.
  run_processes({{{"/bin/sh", "-c",
                   "for i in 1 2 3; do dd if=/dev/zero of=/dev/null bs=60M count=100 2>/dev/null & done; wait; sleep 1"},
                  limits}},
                1);
  expect(caps.memory_kills() > 0, "three 60 MiB processes meet the 128 MiB cap together");
  // 100 processes at once against a cap of 20: forks fail, and the shell says so.
  const auto processes =
      run_processes({{{"/bin/sh", "-c", "for i in $(seq 100); do sleep 2 & done; wait"}, limits}}, 1).at(0);
  expect(processes.output.find("fork") != std::string::npos, "100 processes meet the cap of 20");
  // Two spinning processes for 4 s of wall clock, capped together to half a core: about 2 s.
  const double before = children_cpu_seconds();
  run_processes({{{"/bin/sh", "-c", "timeout 4 sh -c 'while :; do :; done' & timeout 4 sh -c 'while :; do :; done' & wait"},
                  limits}},
                1);
  const double used = children_cpu_seconds() - before;
  std::cout << "two spinning processes used " << used << " s of CPU in 4 s\n";
  expect(used < 2.6, "two spinning processes stay within half a core's time");
  return failures == 0 ? 0 : 1;
}
