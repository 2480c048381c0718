// Command-line handling shared by the programs: a bad flag is one line and exit status 2.
#pragma once

#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "common/one_line.h"

namespace common {

// Parses argv into `app`. Returns the exit status to leave with when the program should stop
// here: 0 after printing --help, 2 after one line about a bad flag; nothing to carry on.
inline std::optional<int> parse_flags(CLI::App& app, const std::string& program, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << program << ": " << one_line(e.what()) << " (see --help)\n";
    return 2;
  }
}

}  // namespace common
