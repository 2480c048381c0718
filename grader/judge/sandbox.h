// Where a submission's code runs. The strongest mode that works on this machine is chosen once
// per judge run and named in the report:
//   bubblewrap         bwrap with new user, PID, IPC, network, UTS and cgroup namespaces, no
//                      capabilities, the system folders read-only, nothing of the course's in
//                      view (fixtures, hints, the build folder, other submissions) but what
//                      each step needs, writable only where that step writes and a /tmp of
//                      capped size in memory, and every process in it killed with it;
//   unprivileged user  no bubblewrap (missing, or the kernel or container forbids namespaces):
//                      the probes run as the --run-as user, which must not be able to read the
//                      course's files (Gradescope's student_code user);
//   none               neither: the code runs with the grader's own rights, limits only.
#pragma once

#include "grader/judge/subprocess.h"

#include <cstdint>
#include <string>
#include <vector>

namespace grading {

// What one command sees besides the system folders and the readable roots, at the same paths
// as outside.
struct Mounts {
  std::vector<std::string> read_only;  // files or folders
  std::vector<std::string> writable;   // files or folders that exist
  std::string working_folder;          // one of the above, a folder above one, or /tmp
};

struct Sandbox {
  enum class Mode { bubblewrap, unprivileged_user, none } mode = Mode::none;
  std::string bwrap;                        // the bubblewrap program (bubblewrap mode)
  std::vector<std::string> readable_roots;  // bound read-only besides the system folders
  int64_t tmp_mb = 256;                     // the private /tmp's size
  std::string description;                  // one line for the report

  // The command that runs `argv` in this sandbox, seeing `mounts` and the program itself.
  // Outside bubblewrap: `argv` as it is, seeing what its user may see.
  std::vector<std::string> wrap(const std::vector<std::string>& argv, const Mounts& mounts) const;
};

// Whether `path` is `root` or below it (both absolute and normal).
bool path_under(const std::string& path, const std::string& root);

// Whether `path` is in the system folders every sandbox shows (/usr, /etc, /bin, /lib, ...).
bool in_system_folder(const std::string& path);

// Whether this machine has an NVIDIA GPU's device files (/dev/nvidia0, ...).
bool cuda_device_present();

// requested: auto (the strongest that works), bubblewrap, user or none. `limits` are the
// probes' (run_as_uid says whether a user of its own is set up); `readable_roots` holds the
// libraries the probes load from outside the system folders. Throws std::runtime_error, one
// line, when the requested mode cannot be had.
Sandbox choose_sandbox(const std::string& requested, const ProcessLimits& limits,
                       const std::vector<std::string>& readable_roots);

}  // namespace grading
