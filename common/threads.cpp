#include "common/threads.h"

#include <sched.h>

#include <cstdlib>

#include <ATen/Parallel.h>

namespace common {

void add_threads_flag(CLI::App& app, int64_t& threads) {
  app.add_option("--threads", threads,
                 "CPU threads for the tensor operations (default: OMP_NUM_THREADS, else every CPU this process "
                 "may use)")
      ->check(CLI::Range(1, 1024));
}

int64_t use_threads(int64_t requested) {
  int64_t threads = requested;
  if (threads == 0) {
    const char* from_environment = std::getenv("OMP_NUM_THREADS");
    if (from_environment != nullptr) threads = std::atoll(from_environment);
  }
  if (threads <= 0) {
    cpu_set_t allowed;
    threads = sched_getaffinity(0, sizeof allowed, &allowed) == 0 ? CPU_COUNT(&allowed) : 1;
  }
  at::set_num_threads(static_cast<int>(threads));
  return threads;
}

}  // namespace common
