
// Appended to the stubs by tests/expect_gradescope.cmake. At load time, in every probe, it
// plants a link by each name the grader writes or reads, in every folder it may write under
// the build folder, the course's folder and /tmp, each link pointing at a file beside it that
// does not exist: if root ever writes through one, that file appears. Written within the
// assignment's C++ subset, so that the checks before it runs let it run.
#include <filesystem>

namespace student {
namespace {

const bool planted = [] {
  namespace fs = std::filesystem;
  std::error_code error;
  // The probe is build/gradings/<this grading>/probe/probe_student_main.
  const fs::path build =
      fs::read_symlink("/proc/self/exe", error).parent_path().parent_path().parent_path().parent_path();
  const char* names[] = {"results.json", "results_extra.json", "compile_main.log", "compile_extra.log",
                         "framework_build.log", "submitted.cpp", "extra.cpp", "uses", "uses.errors",
                         "out.json", "in.json", "probe_student_main", "probe_student_extra",
                         "submitted.cpp.o", "extra.cpp.o", "hidden-report.txt", "stderr"};
  const auto plant = [&](const fs::path& folder) {  // where it may not write, each link fails
    for (const char* name : names)
      fs::create_symlink(folder / (std::string(name) + ".planted-by-student"), folder / name, error);
  };
  for (const fs::path& root : {build, build.parent_path(), fs::path("/tmp")}) {
    plant(root);
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, error);
         it != fs::recursive_directory_iterator(); it.increment(error)) {
      const std::string name = it->path().filename().string();
      if (name.rfind(".venv", 0) == 0 || name == ".git") it.disable_recursion_pending();
      if (it->is_directory(error)) plant(it->path());
    }
  }
  return true;
}();

}  // namespace
}  // namespace student
