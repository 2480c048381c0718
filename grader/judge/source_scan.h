// Reads a submission's source for torch's own linear and recurrent layers reached through a
// torch namespace (torch::nn::Linear, at::lstm_cell, F::linear, ...). Comments and string
// literals are ignored, so the stubs' own instructions never count against a student.
#pragma once

#include <string>
#include <vector>

namespace grading {

// "submitted.cpp:42: torch::nn::Linear"; throws std::runtime_error if the file is unreadable.
std::vector<std::string> forbidden_uses(const std::string& path, const std::string& label);

// The same, on text: used by the tests of this scanner.
std::vector<std::string> forbidden_uses_in(const std::string& source, const std::string& label);

}  // namespace grading
