// gradebook --grades DIR --main results.json --extra results_extra.json -- STUDENT...
//
// Collects each part's DIR/<student>/ results file (Gradescope format, written by the judge;
// grader/lib.sh names them) into DIR/gradebook.csv, one row per student and one column per test,
// DIR/summary.txt: the score histogram and the share of students failing each test, and
// DIR/report.html, the same and more as a page (grader/judge/class_report.h). A student's
// folder name is data: any bytes, shown escaped, never a formula in a spreadsheet or markup.
#include "grader/common/escape.h"
#include "grader/judge/class_report.h"

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

using nlohmann::json;

namespace {

struct Row {
  std::string student;
  std::map<std::string, double> points;  // by test name
  double main = 0, extra = 0;
  std::string note;                       // why a part has no results
};

// What the class report takes from one test's output: its hint lines, and a line saying the
// submission did not build or was stopped.
void read_test_output(const std::string& output, grading::GradedStudent& student) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("hint: ", 0) == 0 &&
        std::find(student.hints.begin(), student.hints.end(), line) == student.hints.end())
      student.hints.push_back(line);
    const bool stopped = line.find("did not compile") != std::string::npos ||
                         line.find("was stopped") != std::string::npos || line.find("timed out:") != std::string::npos;
    if (stopped && student.problem.empty()) student.problem = line;
  }
}

// Why grading stopped when a part has no results: grade.sh's own error lines ("grade: ..."),
// one per part, or failing those the report's last non-empty line.
std::string why_no_results(const std::string& report_path) {
  std::ifstream in(report_path);
  std::string line, last, errors;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    last = line;
    if (line.rfind("grade:", 0) == 0) errors += (errors.empty() ? "" : "; ") + line;
  }
  return errors.empty() ? last : errors;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Collect each student's results.json into a gradebook and a summary."};
  std::string grades, main_results, extra_results, similarity_pairs, similarity_note;
  std::vector<std::string> students;
  app.add_option("--grades", grades, "the folder grade_all.sh wrote")->required()->check(CLI::ExistingDirectory);
  app.add_option("--main", main_results, "each student's results file of the main part (grader/lib.sh)")->required();
  app.add_option("--extra", extra_results, "each student's results file of the bonus (grader/lib.sh)")->required();
  app.add_option("--similarity", similarity_pairs, "the similarity check's pairs.json, for the class report");
  app.add_option("--similarity-note", similarity_note, "why there is no similarity check, for the class report");
  app.add_option("students", students, "the students' folder names, after --")->required();
  CLI11_PARSE(app, argc, argv);
  if (main_results == extra_results) {
    std::cerr << "gradebook: --main and --extra name the same file\n";
    return 2;
  }

  std::vector<std::string> tests;  // columns, in the order tests first appear
  std::map<std::string, double> max_points;
  std::map<std::string, int> failures;
  std::vector<Row> rows;
  grading::ClassReport class_report;
  double max_main = 0, max_extra = 0;
  for (const auto& student : students) {
    Row row{student, {}, 0, 0, ""};
    grading::GradedStudent graded;
    graded.name = student;
    for (const std::string& file : {main_results, extra_results}) {
      const std::string path = grades + "/" + student + "/" + file;
      std::ifstream in(path);
      json results;
      try {
        results = json::parse(in);
      } catch (const std::exception&) {
        row.note = why_no_results(grades + "/" + student + "/report.txt");
        continue;
      }
      const bool extra = file == extra_results;
      (extra ? row.extra : row.main) = results.value("score", 0.0);
      (extra ? max_extra : max_main) = std::max(extra ? max_extra : max_main, results.value("max_score", 0.0));
      for (const auto& test : results.value("tests", json::array())) {
        const std::string name = test.at("name");
        if (!max_points.count(name)) tests.push_back(name);
        max_points[name] = test.value("max_score", 0.0);
        row.points[name] = test.value("score", 0.0);
        if (test.value("status", "") == "failed") ++failures[name];
        if (test.contains("status")) graded.passed[name] = test.value("status", "") == "passed";
        read_test_output(test.value("output", ""), graded);
      }
    }
    graded.main = row.main;
    graded.extra = row.extra;
    if (!row.note.empty()) graded.problem = row.note;
    class_report.students.push_back(graded);
    rows.push_back(row);
  }

  const std::string csv_path = grades + "/gradebook.csv";
  std::ofstream csv(csv_path);
  csv << "student";
  for (const auto& test : tests) csv << "," << grading::csv_field(test);
  csv << ",main,extra,note\n";
  for (const auto& row : rows) {
    csv << grading::csv_field(row.student);
    for (const auto& test : tests) {
      const auto found = row.points.find(test);
      csv << ",";
      if (found != row.points.end()) csv << found->second;
    }
    csv << "," << row.main << "," << row.extra << "," << grading::csv_field(row.note) << "\n";
  }
  csv.close();
  if (!csv) {
    std::cerr << "gradebook: cannot write " << csv_path << "\n";
    return 1;
  }

  std::ostringstream summary;
  summary << rows.size() << " submissions graded\n\nmain part, out of " << max_main << ":\n";
  const int bins = 10;
  std::vector<int> histogram(bins + 1, 0);
  for (const auto& row : rows)
    ++histogram[max_main > 0 ? static_cast<int>(row.main / max_main * bins) : 0];
  for (int b = 0; b <= bins; ++b) {
    const double low = max_main * b / bins;
    summary << std::setw(6) << (b == bins ? "full" : std::to_string(static_cast<int>(low)) + "+") << " "
            << std::setw(4) << histogram[b] << " " << std::string(histogram[b], '#') << "\n";
  }
  summary << "\nstudents failing each test:\n";
  for (const auto& test : tests)
    summary << "  " << std::left << std::setw(40) << test << std::right << std::setw(5)
            << std::fixed << std::setprecision(0)
            << (rows.empty() ? 0.0 : 100.0 * failures[test] / rows.size()) << " %\n";
  std::ofstream summary_file(grades + "/summary.txt");
  summary_file << summary.str();
  summary_file.close();
  if (!summary_file) {
    std::cerr << "gradebook: cannot write " << grades << "/summary.txt\n";
    return 1;
  }
  class_report.tests = tests;
  class_report.similarity_note = similarity_note;
  if (!similarity_pairs.empty()) {
    try {
      std::ifstream in(similarity_pairs);
      const json found = json::parse(in);
      for (const auto& pair : found.at("pairs"))
        class_report.similar.push_back({pair.at("a"), pair.at("b"), pair.at("tokens"), pair.at("percent_a"),
                                        pair.at("percent_b"), pair.at("page")});
      class_report.similarity_left_out = found.at("notes").get<std::vector<std::string>>();
    } catch (const std::exception& e) {
      std::cerr << "gradebook: " << similarity_pairs << " is not the similarity check's pairs: " << e.what() << "\n";
      return 1;
    }
  } else if (similarity_note.empty()) {
    class_report.similarity_note = "The similarity check was not run.";
  }
  class_report.max_main = max_main;
  class_report.max_extra = max_extra;
  try {
    grading::write_class_report(grades + "/report.html", class_report);
  } catch (const std::exception& e) {
    std::cerr << "gradebook: " << e.what() << "\n";
    return 1;
  }
  std::cout << summary.str() << "wrote " << grades << "/gradebook.csv, summary.txt and report.html\n";
  return 0;
}
