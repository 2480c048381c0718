// The gradebook a judge run ends with: a table of tests and points, `Score: X / N` on its own
// line, and a Gradescope results.json. Built by a Catch2 reporter registered as "grade".
#pragma once

#include <string>

namespace grading {

struct ReportSettings {
  std::string results_path;            // Gradescope results.json; empty = none
  std::string visibility = "visible";  // Gradescope visibility of every test in this run
  std::string title;                   // first line of the table
  std::string sandbox;                 // where the submission's code ran (sandbox.h)
  std::string name_suffix;             // added to every test's name, e.g. " (hidden)"
};

ReportSettings& report_settings();

// After the run: true when every test passed or was skipped, and at least one ran.
bool all_tests_passed();

// For a run that cannot grade at all (unreadable fixtures): the message, 0 points, and a
// results.json that says so.
void report_fatal(const std::string& message);

}  // namespace grading
