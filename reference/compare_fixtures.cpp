// compare_fixtures COMMITTED REGENERATED
//
// Another LibTorch (PyPI's 2.x against Debian's 1.13) sums in other orders, so the fixtures and
// hints it writes differ from the committed ones in the last float32 digits. They grade the
// same when both files have the same keys, shapes and non-numbers, and every number agrees
// within the grading tolerance; this says so, or names the first place they part.
#include "grader/judge/compare.h"
#include "grader/judge/tolerance.h"

#include <cmath>
#include <fstream>
#include <iostream>
#include <stdexcept>

using nlohmann::json;

namespace {

json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    throw std::runtime_error(path + " is not JSON: " + e.what());
  }
}

bool close(double committed, double regenerated) {
  using namespace grading::tolerance;
  return grading::Tolerance{kAbsolute, kRelative}.excess(regenerated, committed) <= 0;
}

// Empty when `regenerated` grades like `committed`, else where and how they part.
std::string difference(const json& committed, const json& regenerated, const std::string& where) {
  if (committed.is_number() && regenerated.is_number()) {
    const double a = committed.get<double>(), b = regenerated.get<double>();
    if (close(a, b)) return "";
    return where + ": " + grading::number(a) + " committed, " + grading::number(b) + " now";
  }
  if (committed.type() != regenerated.type()) return where + ": a " + committed.type_name() +
                                                     " committed, a " + regenerated.type_name() + " now";
  if (committed.is_array()) {
    if (committed.size() != regenerated.size())
      return where + ": " + std::to_string(committed.size()) + " elements committed, " +
             std::to_string(regenerated.size()) + " now";
    for (size_t i = 0; i < committed.size(); ++i) {
      const std::string found = difference(committed[i], regenerated[i], where + "[" + std::to_string(i) + "]");
      if (!found.empty()) return found;
    }
    return "";
  }
  if (committed.is_object()) {
    for (const auto& [key, value] : committed.items()) {
      if (!regenerated.contains(key)) return where + "/" + key + ": committed, not written now";
      const std::string found = difference(value, regenerated[key], where + "/" + key);
      if (!found.empty()) return found;
    }
    for (const auto& [key, value] : regenerated.items())
      if (!committed.contains(key)) return where + "/" + key + ": written now, not committed";
    return "";
  }
  return committed == regenerated ? "" : where + ": " + committed.dump() + " committed, " + regenerated.dump() + " now";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: compare_fixtures COMMITTED REGENERATED\n";
    return 2;
  }
  try {
    const std::string found = difference(read_json(argv[1]), read_json(argv[2]), "");
    if (!found.empty()) {
      std::cerr << argv[1] << " and " << argv[2] << " grade differently at " << found << "\n";
      return 1;
    }
    std::cout << argv[2] << " agrees with " << argv[1] << " within the grading tolerance\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "compare_fixtures: " << e.what() << "\n";
    return 2;
  }
}
