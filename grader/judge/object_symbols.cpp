#include "grader/judge/object_symbols.h"

#include "grader/common/forbidden.h"

#include <algorithm>
#include <sstream>

namespace grading {
namespace {

// What registers kernels or operators with LibTorch's dispatcher (TORCH_LIBRARY_IMPL and its
// kin), or finds and loads code by name: ways past the probe's refusals of torch's layers.
bool reaches_past_the_refusals(const std::string& name) {
  for (const char* prefix : {"torch::Library::", "torch::detail::TorchLibraryInit", "c10::RegisterOperators",
                             "c10::Dispatcher::register", "at::DynamicLibrary", "c10::DynamicLibrary"})
    if (name.rfind(prefix, 0) == 0) return true;
  return false;
}

// "typeinfo for student::X" -> "student::X": what a compiler-made symbol belongs to.
std::string owner(const std::string& name) {
  for (const char* prefix : {"typeinfo for ", "typeinfo name for ", "vtable for ", "VTT for ",
                             "construction vtable for ", "guard variable for ", "non-virtual thunk to ",
                             "virtual thunk to ", "covariant return thunk to ", "TLS init function for ",
                             "TLS wrapper function for ", "reference temporary #"})
    if (name.rfind(prefix, 0) == 0) return owner(name.substr(std::string(prefix).size()));
  return name;
}

bool in_namespace(const std::string& name, const std::string& ns) { return owner(name).rfind(ns + "::", 0) == 0; }

bool reserved(const std::string& name) { return in_namespace(name, "grading"); }

// "c10::ArrayRef<long>::vec() const" -> "c10::ArrayRef::vec() const": template arguments
// may name anything, the name itself is what counts.
std::string without_template_arguments(const std::string& name) {
  std::string kept;
  int depth = 0;
  for (char c : name) {
    if (c == '<') ++depth;
    else if (c == '>' && depth > 0) --depth;
    else if (depth == 0) kept += c;
  }
  return kept;
}

// The qualified name's parts before its parameter list: "at::_ops::linear::call(...)" ->
// at, _ops, linear, call.
std::vector<std::string> name_parts(const std::string& name) {
  const std::string plain = without_template_arguments(owner(name));
  const std::string qualified = plain.substr(0, plain.find('('));
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = qualified.find("::", start);
    parts.push_back(qualified.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + 2;
  }
}

bool is_torch_layer(const std::string& name) {
  const auto parts = name_parts(name);
  if (parts.empty() || (parts[0] != "at" && parts[0] != "torch" && parts[0] != "c10")) return false;
  const auto& forbidden = forbidden_source_names();
  return std::any_of(parts.begin() + 1, parts.end(), [&](const std::string& part) {
    return std::find(forbidden.begin(), forbidden.end(), part) != forbidden.end();
  });
}

bool runs_other_code(const std::string& symbol) {
  const auto& calls = forbidden_library_calls();
  return std::find(calls.begin(), calls.end(), symbol) != calls.end();
}

bool undefined_kind(char kind) { return kind == 'U' || kind == 'w' || kind == 'v'; }

// The C++ standard library and the runtime under it, which any C++ may need: the library's own
// names, exceptions, guards of static locals, new and delete, stack protection, thread-local
// storage and what the compiler calls for copies. Judged on the mangled name: a demangled
// template function starts with its return type, so "std::vector<...> at::f(...)" is at::'s.
// Not libstdc++'s files opened from a descriptor (__basic_file::sys_open, which stdio_filebuf
// reaches): a submission opens files by name, where the sandbox decides.
bool in_cxx_runtime(const ObjectSymbol& entry) {
  if (entry.symbol.rfind("_ZNSt12__basic_file", 0) == 0) return false;
  for (const char* prefix : {"_ZSt", "_ZNSt", "_ZNKSt", "_ZTVSt", "_ZTISt", "_ZTSSt", "_ZTTSt", "_ZTVNSt",
                             "_ZTINSt", "_ZTSNSt", "_ZTTNSt", "_ZNSs", "_ZNKSs", "_ZNSi", "_ZNSo", "_ZNSd",
                             "_ZNKSi", "_ZNKSo", "_ZNSa", "_ZNKSa", "_ZN9__gnu_cxx", "_ZNK9__gnu_cxx",
                             "_ZTVN10__cxxabiv1", "_ZTIN10__cxxabiv1", "_Znw", "_Zna", "_Zdl", "_Zda", "__cxa_",
                             "_Unwind_", "__gxx_personality_v0", "__dynamic_cast", "__stack_chk_fail",
                             "__tls_get_addr", "__dso_handle", "_GLOBAL_OFFSET_TABLE_", "__pthread_key_create"})
    if (entry.symbol.rfind(prefix, 0) == 0) return true;
  for (const char* name : {"memcpy", "memmove", "memset", "memcmp", "strlen"})
    if (entry.symbol == name) return true;
  return false;
}

}  // namespace

std::vector<ObjectSymbol> parse_symbols(const std::string& raw, const std::string& demangled) {
  std::vector<ObjectSymbol> symbols;
  std::istringstream raw_lines(raw), demangled_lines(demangled);
  std::string raw_line, demangled_line;
  while (std::getline(raw_lines, raw_line) && std::getline(demangled_lines, demangled_line)) {
    std::istringstream fields(raw_line);  // NAME TYPE [VALUE SIZE]
    std::string symbol, type;
    if (!(fields >> symbol >> type) || type.size() != 1) continue;
    // The demangled line ends as the raw one does, after the name.
    const std::string tail = raw_line.substr(symbol.size());
    const bool same_tail = demangled_line.size() >= tail.size() &&
                           demangled_line.compare(demangled_line.size() - tail.size(), tail.size(), tail) == 0;
    const std::string name = same_tail ? demangled_line.substr(0, demangled_line.size() - tail.size()) : symbol;
    symbols.push_back({type[0], symbol, name});
  }
  return symbols;
}

std::set<std::string> undefined_symbols(const std::string& raw) {
  std::set<std::string> undefined;
  for (const auto& entry : parse_symbols(raw, raw))
    if (undefined_kind(entry.kind)) undefined.insert(entry.symbol);
  return undefined;
}

std::vector<std::string> object_symbol_violations(const std::vector<ObjectSymbol>& symbols, const std::string& label,
                                                  const std::string& graded_namespace,
                                                  const std::set<std::string>& callable) {
  std::vector<std::string> violations;
  const auto add = [&](const std::string& line) {
    if (std::find(violations.begin(), violations.end(), line) == violations.end()) violations.push_back(line);
  };
  for (const auto& entry : symbols) {
    const std::string& name = entry.name;
    const char kind = entry.kind;
    const bool undefined = undefined_kind(kind);
    const bool weak = kind == 'W' || kind == 'V' || kind == 'u';
    if (reserved(name)) {
      add(label + " " + (undefined ? "uses " : "defines ") + name +
          ", which belongs to the grader; a submission may use only its own code and LibTorch");
    } else if (is_torch_layer(name)) {
      add(label + " calls " + name.substr(0, name.find('(')) + ", torch's own layer, which this assignment forbids");
    } else if (undefined && reaches_past_the_refusals(name)) {
      add(label + " uses " + name.substr(0, name.find('(')) +
          ", which registers kernels with LibTorch or loads its code by name; this assignment does not allow it");
    } else if (undefined && runs_other_code(entry.symbol)) {
      add(label + " calls " + entry.symbol + ", which loads or runs other code; this assignment does not allow it");
    } else if (undefined && !callable.count(entry.symbol) && !in_cxx_runtime(entry)) {
      add(label + " calls " + name.substr(0, name.find('(')) +
          ", which no solution needs (what a solution may call: grader/source_check/solution_vocabulary.cpp)");
    } else if (!undefined && !weak && !in_namespace(name, graded_namespace)) {
      add(label + " defines " + name + " outside namespace " + graded_namespace +
          "; put everything you write in namespace " + graded_namespace + " (helpers in an unnamed namespace inside it)");
    }
  }
  return violations;
}

}  // namespace grading
