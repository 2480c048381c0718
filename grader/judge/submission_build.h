// Builds a submission's probe inside the sandbox, each step with limits of its own within the
// grading's deadline and caps: the compile (beside it, the source check on clang's syntax
// tree), the check of the object's symbols, and the link. Every step sees the system, LibTorch,
// the public interface (layers/) and what its command names, never the rest of the course:
// not reference/, the fixtures, the hints or tests/.
#pragma once

#include "grader/judge/object_symbols.h"
#include "grader/judge/sandbox.h"
#include "grader/judge/subprocess.h"

#include <string>
#include <vector>

namespace grading {

struct BuildRecipe {
  std::string compile;       // the build system's command that compiles the submission
  std::string link;          // and the one that links the probe
  std::string scan;          // build/grader/clang/scan.sh, or "" without clang's tools
  std::string build_folder;  // where both commands run
  std::string project_root;  // of which only layers/ is in view
  std::string source;        // the file the compile reads
  // A compile of one file on the precompiled header takes seconds; a cold one without it about
  // 20 s. Past this it is a bomb (an #include of /dev/zero, a constexpr loop), not a build.
  double compile_cpu_seconds = 40;
};

struct BuildResult {
  std::string compile_errors;  // the compiler's or linker's first errors, or why it was stopped
  std::string clang_scan;      // the syntax-tree check's output file ("" when it did not run)
  std::string object;          // the compiled object
  std::string probe;           // the linked probe ("" when the build stopped before)
};

// The folder steps that write run in: made anew, and given to `limits`' user when it is set.
void make_writable_folder(const std::string& folder, const ProcessLimits& limits);

// What a command names that exists (resolved in `build_folder`), read-only, with the project
// root narrowed to its layers/ folder; the folders of its outputs (-o, -MF), writable.
Mounts mounts_named_by(const std::string& command, const std::string& build_folder, const std::string& project_root);

// Compiles (and scans, where `recipe.scan` is set). Stops there, with compile_errors set, when
// the compile failed or was stopped.
BuildResult compile_submission(const BuildRecipe& recipe, const Sandbox& sandbox, const ProcessLimits& limits,
                               Deadline deadline);

// Links the probe; on failure sets compile_errors.
void link_submission(const BuildRecipe& recipe, const Sandbox& sandbox, const ProcessLimits& limits,
                     Deadline deadline, BuildResult& result);

// The object's global symbols, read and demangled by nm in the sandbox. When nm cannot (it hit
// a limit: a name that demangles to gigabytes, say), `problem` says so in one line for the
// student.
std::vector<ObjectSymbol> object_symbols(const std::string& object, const Sandbox& sandbox,
                                         const ProcessLimits& limits, Deadline deadline, std::string& problem);

// The compiler's first error lines from its output, with their context, at most 15 lines.
std::string first_errors(const std::string& output);

}  // namespace grading
