#include "grader/judge/object_symbols.h"

#include "grader/common/forbidden.h"

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <sstream>

namespace grading {
namespace {

std::string demangle(const std::string& symbol) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(symbol.c_str(), nullptr, nullptr, &status),
                                              std::free);
  return status == 0 && name ? std::string(name.get()) : symbol;
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

}  // namespace

std::vector<std::string> object_symbol_violations(const std::string& nm_output, const std::string& label,
                                                  const std::string& graded_namespace) {
  std::vector<std::string> violations;
  const auto add = [&](const std::string& line) {
    if (std::find(violations.begin(), violations.end(), line) == violations.end()) violations.push_back(line);
  };
  std::istringstream lines(nm_output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);  // nm -P: NAME TYPE [VALUE SIZE]
    std::string symbol, type;
    if (!(fields >> symbol >> type) || type.size() != 1) continue;
    const std::string name = demangle(symbol);
    const char kind = type[0];
    const bool undefined = kind == 'U' || kind == 'w' || kind == 'v';
    const bool weak = kind == 'W' || kind == 'V' || kind == 'u';
    if (reserved(name)) {
      add(label + " " + (undefined ? "uses " : "defines ") + name +
          ", which belongs to the grader; a submission may use only its own code and LibTorch");
    } else if (is_torch_layer(name)) {
      add(label + " calls " + name.substr(0, name.find('(')) + ", torch's own layer, which this assignment forbids");
    } else if (undefined && runs_other_code(symbol)) {
      add(label + " calls " + symbol + ", which loads or runs other code; this assignment does not allow it");
    } else if (!undefined && !weak && !in_namespace(name, graded_namespace)) {
      add(label + " defines " + name + " outside namespace " + graded_namespace +
          "; put everything you write in namespace " + graded_namespace + " (helpers in an unnamed namespace inside it)");
    }
  }
  return violations;
}

}  // namespace grading
