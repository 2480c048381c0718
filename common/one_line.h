#pragma once

#include <string>

namespace common {

// The first line of an error message: LibTorch's errors append a C++ backtrace, which a user
// reading "what went wrong" does not need. Longer than `most` characters, it is cut there and
// ends in "...".
inline std::string one_line(const std::string& message, size_t most = std::string::npos) {
  const std::string line = message.substr(0, message.find('\n'));
  return line.size() > most ? line.substr(0, most) + "..." : line;
}

}  // namespace common
