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

// A flag's old name, kept only to say what replaced it: using it is one line of error, e.g.
// "--layers is now --lstm student|libtorch". It is left out of --help.
inline void add_renamed_flag(CLI::App& app, const std::string& old_name, const std::string& replacement) {
  app.add_option(old_name)->group("")->check(CLI::Validator(
      [old_name, replacement](std::string&) { return old_name + " is now " + replacement; }, ""));
}

}  // namespace common
