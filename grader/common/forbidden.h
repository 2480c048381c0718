// Torch's own linear and recurrent layers, which students must write themselves.
// The probe watches the ATen operators a student's code runs (the authority); the judge also
// reads the source for the C++ names, so unexecuted uses are caught too.
#pragma once

#include <string>
#include <vector>

namespace grading {

// ATen operator names as RecordFunction reports them ("aten::linear").
const std::vector<std::string>& forbidden_operators();

// Names that are forbidden when reached through a torch namespace (torch::, at::, nn::, F::,
// functional::), e.g. torch::nn::Linear, torch::lstm_cell, F::linear.
const std::vector<std::string>& forbidden_source_names();

}  // namespace grading
