// The course's solution with a static initialiser that tries every way out of the process that
// the probe's system-call filter refuses, as a submission would once it had undone every check
// made in its own process (run with the source and symbol checks off). If any call is not
// refused, every test crashes saying which; otherwise it grades as the reference does.
#include "reference/layers.cpp"
#include "tests/hostile/escape_attempts.h"

#include <cstdlib>
#include <iostream>

namespace reference {
namespace {

const bool contained = [] {
  const std::string through = hostile::calls_let_through();
  if (through.empty()) return true;
  std::cerr << "the system-call filter let through: " << through << "\n";
  std::abort();
}();

}  // namespace
}  // namespace reference
