// Finds torch's own linear and recurrent layers in a submission's source, and the low-level
// ways around the checks (assembly, attributes that name symbols or sections), two ways:
//   - on the text: torch namespaces followed by a forbidden name (torch::nn::Linear,
//     at::lstm_cell, F::linear, ...), comments and string literals ignored, so the stubs' own
//     instructions never count against a student;
//   - on clang's syntax tree, where clang's development files are installed: what
//     grader/source_check/forbidden_uses found, which also sees through `using namespace`,
//     aliases, macros and function pointers.
#pragma once

#include <string>
#include <vector>

namespace grading {

// On the text: "submitted.cpp:42: torch::nn::Linear".
std::vector<std::string> forbidden_uses_in(const std::string& source, const std::string& label);

// Tests of which compiler reads the code (__clang__, __GNUC__, ...), which would let code hide
// from the check on clang's syntax tree what GCC compiles: "submitted.cpp:3: __clang__".
std::vector<std::string> compiler_tests_in(const std::string& source, const std::string& label);

// On the text: asm blocks and declarations, #line directives, and the attributes section,
// alias, weakref, ifunc, constructor, destructor, init_priority, symver and code_seg:
// "submitted.cpp:9: asm".
std::vector<std::string> low_level_uses_in(const std::string& source, const std::string& label);

// The uses forbidden_uses found, from its output (LINE: TEXT), each once.
std::vector<std::string> forbidden_uses_from_clang(const std::string& found, const std::string& label);

// The low-level uses forbidden_uses found (low-level LINE: TEXT), each once.
std::vector<std::string> low_level_uses_from_clang(const std::string& found, const std::string& label);

// What forbidden_uses found outside the assignment's C++ subset (grader/source_check/subset.h),
// from its "outside-subset LINE: TEXT: WHAT" lines: "submitted.cpp:12: union U { ... }: a union".
std::vector<std::string> subset_breaches_from_clang(const std::string& found, const std::string& label);

// Clang's first error in the submission at `path`, from forbidden_uses' error output, as one
// line for the student ("" when none): code clang cannot read cannot be checked for torch's
// layers. A stale precompiled header is the grader's: std::runtime_error.
std::string clang_could_not_read(const std::string& errors, const std::string& path,
                                 const std::string& label);

}  // namespace grading
