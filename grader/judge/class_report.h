// report.html: one self-contained page (no network, no script) of a graded class for course
// staff: the score distribution, each test's pass rate, the hints most students got (named
// mistakes when graded at HINT_LEVEL=mistake), the submissions that did not build, were
// stopped or have no results, the most similar pairs of submissions with links to their
// side-by-side pages, and a link to each student's report. Every piece of text a
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

// A pair the similarity check ranked (grader/similarity/), with its side-by-side page.
struct SimilarPair {
  std::string a, b;                  // folder names, as printable() shows them
  size_t tokens = 0;                 // of their own code in runs both hold
  double percent_a = 0, percent_b = 0;
  std::string page;                  // relative to the similarity folder
};

struct ClassReport {
  std::vector<GradedStudent> students;
  std::vector<SimilarPair> similar;  // most similar first; the page shows the first ten
  std::vector<std::string> similarity_left_out;  // what the check did not read, and why
  std::string similarity_note;       // why there is no similarity section, when there is none
  std::vector<std::string> tests;  // in the report's order
  double max_main = 0, max_extra = 0;
};

// Throws std::runtime_error naming the path when it cannot be written.
void write_class_report(const std::string& path, const ClassReport& report);

}  // namespace grading
