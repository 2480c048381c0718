// The course's solution with a static initialiser that prints every environment variable it was
// given and crashes, so that each test's report shows them: the judge's own environment (a
// staff member's shell, root's under a platform's entrypoint) must not be among them.
#include "reference/layers.cpp"

#include <cstdlib>
#include <fstream>
#include <iostream>

namespace reference {
namespace {

const bool shown = []() -> bool {
  std::ifstream environment("/proc/self/environ");
  std::string variable, names, values;
  int count = 0;
  while (std::getline(environment, variable, '\0')) {
    ++count;
    names += " " + variable.substr(0, variable.find('='));
    values += " " + variable;
  }
  std::cerr << "saw " << count << " variables:" << names << ";" << values << "\n";
  std::abort();
}();

}  // namespace
}  // namespace reference
