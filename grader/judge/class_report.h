// report.html: one self-contained page (no network, no script) of a graded class for course
// staff: the score distribution, each test's pass rate, the hints most students got (named
// mistakes when graded at HINT_LEVEL=mistake), the submissions that did not build, were
// stopped or have no results, and a link to each student's report. Every piece of text a
// student controls (folder names, messages) is escaped.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace grading {

struct GradedStudent {
  std::string name;                      // the folder's name, any bytes
  double main = 0, extra = 0;
  std::map<std::string, bool> passed;    // by test name; a skipped test is not in it
  std::vector<std::string> hints;        // the "hint: ..." lines of the reports, each once
  std::string problem;                   // why a part has no results, or why it stopped
};

struct ClassReport {
  std::vector<GradedStudent> students;
  std::vector<std::string> tests;  // in the report's order
  double max_main = 0, max_extra = 0;
};

// Throws std::runtime_error naming the path when it cannot be written.
void write_class_report(const std::string& path, const ClassReport& report);

// Text as HTML: escaped (printable(), then & < > " '), so no student's bytes become markup.
std::string html_text(const std::string& text);

// A folder name as a relative URL path segment: every byte but [A-Za-z0-9._~-] as %XX.
std::string url_segment(const std::string& name);

}  // namespace grading
