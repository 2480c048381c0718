#pragma once

#include <string>

namespace common {

// The first line of an error message: LibTorch's errors append a C++ backtrace, which a user
// reading "what went wrong" does not need.
inline std::string one_line(const std::string& message) { return message.substr(0, message.find('\n')); }

}  // namespace common
