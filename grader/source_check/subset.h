// The C++ a submission may contain, as an allow-list checked on clang's view of the file before
// its code exists (docs/handout.md, "What your code may contain"):
//   - everything it declares is in namespace student (the graded namespace: `reference` for the
//     course's solution; helpers in namespaces inside it); at file
//     scope only that namespace, using-declarations and -directives, namespace aliases and
//     static_assert; no extern "C", no block-scope extern, no declaration, definition,
//     explicit instantiation or specialisation of anything it does not own;
//   - no template specialisation or explicit instantiation at all (they skip access checks);
//   - standard attributes from a short list only ([[nodiscard]], [[maybe_unused]],
//     [[noreturn]], [[fallthrough]], [[deprecated]], alignas, override, final); no GNU
//     __attribute__ or __declspec;
//   - no reinterpret_cast, no conversion between pointer types or between pointers and integers
//     (implicit ones to void* included), no union, no __builtin_ function;
//   - #include of layers/layers.h, torch/torch.h and the C++ standard library's headers only,
//     none after a #define or #undef; no #pragma.
// Each breach is printed as "outside-subset LINE: TEXT: WHAT", which the judge reads
// (grader/judge/source_scan.h).
#pragma once

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/Frontend/CompilerInstance.h>

#include <string>
#include <vector>

namespace grading {

// Checks the file's own top-level declarations (`in_file`) and its tokens.
void check_subset(clang::ASTContext& context, const std::vector<clang::Decl*>& in_file,
                  const std::string& graded_namespace);

// Watches the file's preprocessor directives; call before parsing starts.
void watch_directives(clang::CompilerInstance& compiler);

}  // namespace grading
