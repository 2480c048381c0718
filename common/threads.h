// How many CPU threads LibTorch's operators use. LibTorch sizes its pool by the physical cores
// that its cpuinfo library counts, and on some virtual machines (this project's 2-CPU one among
// them) that count is 1, so a training run would leave every other CPU idle. The programs size
// the pool themselves instead.
#pragma once

#include <cstdint>

#include <CLI/CLI.hpp>

namespace common {

// Adds --threads to `app`, writing to `threads` (0 until set: see use_threads).
void add_threads_flag(CLI::App& app, int64_t& threads);

// Sets LibTorch's intra-op threads to `requested`, or with 0 to OMP_NUM_THREADS when that is
// set, else to the CPUs this process may run on; returns the count set.
int64_t use_threads(int64_t requested);

}  // namespace common
