// The rules for what a submission's compiled object may define and call, read from its symbol
// table (`nm -P -g`). Strong definitions belong to namespace `student` (the weak ones every
// translation unit emits for inline functions and templates may be anywhere but in the
// grader's namespace), so a submission cannot replace the grader's code or interpose on
// LibTorch's; and it may not call torch's layers, the grader's code, what registers kernels
// with LibTorch's dispatcher (which could outrank the probe's refusals), or what loads or runs
// other code (dlopen, exec, system, raw syscalls).
#pragma once

#include <string>
#include <vector>

namespace grading {

struct ObjectSymbol {
  char kind;           // nm's letter: U undefined, T/D/B/R defined, W/V weak, ...
  std::string symbol;  // as the linker sees it (mangled)
  std::string name;    // as C++ spells it (demangled)
};

// The symbols from `nm -P -g` (`raw`) and `nm -P -g -C` (`demangled`) on the same object, whose
// lines correspond; demangling happens there, in the sandbox, never in the judge, since a short
// mangled name can demangle to gigabytes.
std::vector<ObjectSymbol> parse_symbols(const std::string& raw, const std::string& demangled);

// One line per rule broken, naming the symbol as C++ spells it; `label` names the file, and
// `graded_namespace` the namespace its layers are in (student; reference for the course's own).
std::vector<std::string> object_symbol_violations(const std::vector<ObjectSymbol>& symbols, const std::string& label,
                                                  const std::string& graded_namespace = "student");

}  // namespace grading
