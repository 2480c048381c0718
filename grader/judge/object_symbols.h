// The rules for what a submission's compiled object may define and call, read from its symbol
// table (`nm -P -g`). Strong definitions belong to namespace `student`; weak ones (the inline
// functions and template instances of the headers it includes, which the syntax-tree check
// leaves as the only definitions outside it) may be anywhere but in the grader's namespace, and
// the probe, which links the submission last and exports nothing, keeps the grader's copy of
// any it shares. What it calls is an allow-list: the functions that
// grader/source_check/solution_vocabulary.cpp, compiled as a submission is, needs from LibTorch
// and the C library, and the C++ standard library and runtime; anything else (the dispatcher's
// registration, dlopen, exec, raw syscalls, ...) is refused by name.
#pragma once

#include <set>
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

// The undefined symbols (mangled) in `nm -P -g` output of the vocabulary's object: what a
// solution may call besides the C++ standard library and runtime.
std::set<std::string> undefined_symbols(const std::string& raw);

// One line per rule broken, naming the symbol as C++ spells it; `label` names the file,
// `graded_namespace` the namespace its layers are in (student; reference for the course's own)
// and `callable` what undefined_symbols() read from the vocabulary.
std::vector<std::string> object_symbol_violations(const std::vector<ObjectSymbol>& symbols, const std::string& label,
                                                  const std::string& graded_namespace,
                                                  const std::set<std::string>& callable);

}  // namespace grading
