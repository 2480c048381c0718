#include "grader/judge/class_report.h"

#include "grader/common/escape.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace grading {

namespace {

// The similar pairs the page lists; the similarity check's own index.html lists them all.
constexpr size_t kSimilarPairsShown = 10;

std::string percent(double part, double whole) {
  char text[16];
  std::snprintf(text, sizeof text, "%.0f %%", whole > 0 ? 100 * part / whole : 0.0);
  return text;
}

// The main part's scores as an SVG histogram: ten bins of a tenth of the points each, labelled
// by their lower bound, and full marks.
std::string histogram_svg(const ClassReport& report) {
  constexpr int kBins = 10, kWidth = 640, kHeight = 220, kTop = 20, kBar = kWidth / (kBins + 1);
  std::vector<int> counts(kBins + 1, 0);
  for (const auto& s : report.students)
    ++counts[report.max_main > 0 ? std::min(kBins, static_cast<int>(s.main / report.max_main * kBins)) : 0];
  const int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << kWidth << "' height='" << kTop + kHeight + 40
      << "' role='img' aria-label='histogram of the main part scores'>";
  for (int b = 0; b <= kBins; ++b) {
    const int height = counts[b] * kHeight / most, x = b * kBar, base = kTop + kHeight;
    char label[16];
    std::snprintf(label, sizeof label, "%g+", report.max_main * b / kBins);
    svg << "<rect x='" << x + 4 << "' y='" << base - height << "' width='" << kBar - 8 << "' height='" << height
        << "' fill='#3b6ea8'/>"
        << "<text x='" << x + kBar / 2 << "' y='" << base - height - 4 << "' text-anchor='middle'>" << counts[b]
        << "</text><text x='" << x + kBar / 2 << "' y='" << base + 18 << "' text-anchor='middle'>"
        << (b == kBins ? std::string("full") : std::string(label)) << "</text>";
  }
  svg << "<text x='" << kWidth / 2 << "' y='" << kTop + kHeight + 36 << "' text-anchor='middle'>main part score, of "
      << report.max_main << "</text></svg>";
  return svg.str();
}

}  // namespace

void write_class_report(const std::string& path, const ClassReport& report) {
  const double n = static_cast<double>(report.students.size());
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Class report</title><style>"
          "body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}"
          "td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}"
          ".bar{background:#3b6ea8;height:10px}.track{background:#eee;width:200px}"
          "svg text{font:12px sans-serif}</style></head><body>\n";
  html << "<h1>Class report</h1>\n<p id='count'>" << report.students.size() << " submissions graded.</p>\n";
  html << "<h2>Scores</h2>\n" << histogram_svg(report) << "\n";

  html << "<h2>Tests</h2>\n<table id='tests'><tr><th>test</th><th>passed, of those it ran for</th><th></th></tr>\n";
  for (const auto& test : report.tests) {
    double passed = 0, graded = 0;  // of the students it ran for, not skipped (CUDA, say)
    for (const auto& s : report.students) {
      const auto found = s.passed.find(test);
      if (found == s.passed.end()) continue;
      ++graded;
      passed += found->second;
    }
    html << "<tr><td>" << html_text(test) << "</td>";
    if (graded == 0) {
      html << "<td>skipped</td><td></td></tr>\n";
      continue;
    }
    html << "<td>" << percent(passed, graded) << "</td><td><div class='track'><div class='bar' style='width:"
         << static_cast<int>(200 * passed / graded) << "px'></div></div></td></tr>\n";
  }
  html << "</table>\n";

  std::map<std::string, int> hint_counts;
  for (const auto& s : report.students)
    for (const auto& hint : s.hints) ++hint_counts[hint];
  std::vector<std::pair<std::string, int>> hints(hint_counts.begin(), hint_counts.end());
  std::stable_sort(hints.begin(), hints.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  html << "<h2>Known mistakes</h2>\n<p>The hints the grader gave, by how many students got each (with "
          "<code>HINT_LEVEL=mistake</code> they name the mistake).</p>\n<table id='mistakes'>"
          "<tr><th>students</th><th>hint</th></tr>\n";
  for (const auto& [hint, count] : hints)
    html << "<tr><td>" << count << " (" << percent(count, n) << ")</td><td>" << html_text(hint) << "</td></tr>\n";
  if (hints.empty()) html << "<tr><td>0</td><td>no known mistake matched</td></tr>\n";
  html << "</table>\n";

  html << "<h2>Did not build, stopped, or no results</h2>\n<table id='problems'>"
          "<tr><th>student</th><th>why</th></tr>\n";
  bool any_problem = false;
  for (const auto& s : report.students)
    if (!s.problem.empty()) {
      html << "<tr><td>" << html_text(s.name) << "</td><td>" << html_text(s.problem) << "</td></tr>\n";
      any_problem = true;
    }
  if (!any_problem) html << "<tr><td>none</td><td></td></tr>\n";
  html << "</table>\n";

  html << "<h2>Similar submissions</h2>\n";
  if (!report.similarity_note.empty()) {
    html << "<p id='similarity'>" << html_text(report.similarity_note) << "</p>\n";
  } else {
    html << "<p>The pairs sharing the most code beyond the stubs, in tokens of their own code (renaming, comments "
            "and layout set aside; <a href='similarity/index.html'>all pairs</a>). A high rank is a reason to read "
            "the two side by side, not proof of copying (docs/instructor.md, \"Similarity\").</p>\n";
    if (!report.similarity_left_out.empty()) {
      html << "<p>Left out of the comparison:</p><ul id='similarity_left_out'>";
      for (const auto& note : report.similarity_left_out) html << "<li>" << html_text(note) << "</li>";
      html << "</ul>\n";
    }
    html << "<table id='similarity'><tr><th>tokens shared</th><th>submission</th><th>its own code shared</th>"
            "<th>submission</th><th>its own code shared</th><th></th></tr>\n";
    for (size_t shown = 0; shown < std::min(kSimilarPairsShown, report.similar.size()); ++shown) {
      const SimilarPair& pair = report.similar[shown];
      html << "<tr><td>" << pair.tokens << "</td><td>" << html_text(pair.a) << "</td><td>"
           << percent(pair.percent_a, 100) << "</td><td>" << html_text(pair.b) << "</td><td>"
           << percent(pair.percent_b, 100) << "</td><td><a href='similarity/" << url_segment(pair.page)
           << "'>side by side</a></td></tr>\n";
    }
    if (report.similar.empty())
      html << "<tr><td colspan='6'>no two submissions share code beyond the stubs</td></tr>\n";
    html << "</table>\n";
  }

  html << "<h2>Students</h2>\n<table id='students'><tr><th>student</th><th>main, of " << report.max_main
       << "</th><th>extra, of " << report.max_extra << "</th></tr>\n";
  for (const auto& s : report.students)
    html << "<tr><td><a href='" << url_segment(s.name) << "/report.txt'>" << html_text(s.name) << "</a></td><td>"
         << s.main << "</td><td>" << s.extra << "</td></tr>\n";
  html << "</table>\n</body></html>\n";

  std::ofstream out(path);
  out << html.str();
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace grading
