// Comparing a reported tensor with an expected one, as one line of explanation.
#pragma once

#include "grader/common/flat_tensor.h"
#include "grader/judge/tolerance.h"

#include <nlohmann/json.hpp>

#include <string>

namespace grading {

// A value as people read it: six significant digits.
std::string number(double v);

// Empty when `json` is a tensor (stored in `out`), else why not, naming `what`.
std::string parse_tensor(const std::string& what, const nlohmann::json& json, FlatTensor& out);

// Empty when `actual` matches `expected` within `tolerance`, else one line: which tensor,
// its shape, how many elements are off, the largest error and where, expected and actual;
// with `per_frame` (the first dimension is the frame), also which frames match: "frame 0
// right, frames 1-5 off" points at the state carried from frame to frame.
std::string mismatch(const std::string& what, const nlohmann::json& actual,
                     const FlatTensor& expected, Tolerance tolerance, bool per_frame = false);

}  // namespace grading
