// Torch's own linear and recurrent layers, which students must write themselves (each graded
// layer names its own: grader/common/layers/), and the C library calls that would reach them
// some other way. The probe refuses the ATen operators
// (grader/probe/refuse_layers.h: the authority); the judge also reads the source and the
// compiled object for the C++ names, so unexecuted uses are caught too, with a line number.
#pragma once

#include <string>
#include <vector>

namespace grading {

// ATen operator names as the dispatcher knows them ("aten::linear").
const std::vector<std::string>& forbidden_operators();

// Names that are forbidden when reached through a torch namespace (torch::, at::, nn::, F::,
// functional::), e.g. torch::nn::Linear, torch::lstm_cell, F::linear.
const std::vector<std::string>& forbidden_source_names();

// C library functions that load or run other code (dlopen, exec*, system, syscall, ...), where
// torch's layers could run out of the grader's sight. A submission's object may not call them.
const std::vector<std::string>& forbidden_library_calls();

}  // namespace grading
