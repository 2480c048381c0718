// The course's solution with a static initialiser that spins for ever in 64 threads, its own
// included, until the probe's CPU-time limit stops it: a submission that would take every core
// of the machine from a classmate graded beside it.
#include "reference/layers.cpp"

#include <thread>

namespace reference {
namespace {

void spin() {
  for (volatile unsigned long n = 0;; n = n + 1) {
  }
}

const bool spinning = []() -> bool {
  for (int i = 0; i < 63; ++i) std::thread(spin).detach();
  spin();
}();

}  // namespace
}  // namespace reference
