#include "grader/judge/report.h"

#include "grader/common/printable.h"
#include "grader/judge/grading_context.h"

// Reporter base classes are only declared with this set.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace grading {
namespace {

struct TestRecord {
  std::string name;
  int max_points = 0;
  enum class Status { passed, failed, skipped } status = Status::failed;
  std::vector<std::string> messages;
};

bool g_all_passed = false;

int points_of(const Catch::TestCaseInfo& info) {
  for (const auto& tag : info.tags)
    if (tag.rfind("pts=", 0) == 0) return std::stoi(tag.substr(4));
  return 0;
}

// Written beside the destination, then renamed over it: whatever was planted at the path (a
// link to somewhere else, a folder) is refused or replaced, never written through.
void write_results(const nlohmann::json& results) {
  const std::string& path = report_settings().results_path;
  if (path.empty()) return;
  std::error_code error;
  if (fs::is_directory(fs::symlink_status(path, error))) {
    std::cerr << "judge: cannot write " << path << ": a folder is in the way\n";
    return;
  }
  std::string staging = path + ".XXXXXX";
  const int fd = mkstemp(staging.data());
  if (fd < 0) {
    std::cerr << "judge: cannot write " << path << "\n";
    return;
  }
  fchmod(fd, 0644);  // readable as a file written the ordinary way would be
  const std::string text = results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written || std::rename(staging.c_str(), path.c_str()) != 0) {
    std::remove(staging.c_str());
    std::cerr << "judge: cannot write " << path << "\n";
  }
}

class GradeReporter : public Catch::StreamingReporterBase<GradeReporter> {
 public:
  using StreamingReporterBase::StreamingReporterBase;

  static std::string getDescription() {
    return "score table, 'Score: X / N' and a Gradescope results.json";
  }

  void assertionStarting(const Catch::AssertionInfo&) override {}

  bool assertionEnded(const Catch::AssertionStats& stats) override {
    const auto& result = stats.assertionResult;
    if (result.isOk()) return true;
    std::string message = result.hasMessage() ? result.getMessage() : result.getExpandedExpression();
    if (result.getResultType() == Catch::ResultWas::ThrewException)
      message = "the grader failed on this test: " + message;
    messages_.push_back(printable(message));  // the submission's words are in many
    return true;
  }

  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    TestRecord record;
    record.name = stats.testInfo.name + report_settings().name_suffix;
    record.max_points = points_of(stats.testInfo);
    record.messages = std::move(messages_);
    messages_.clear();
    const auto& skipped = context().skipped;
    const auto skip = skipped.find(stats.testInfo.name);
    if (stats.totals.assertions.failed > 0) {
      record.status = TestRecord::Status::failed;
    } else if (skip != skipped.end()) {
      record.status = TestRecord::Status::skipped;
      record.messages = {"skipped: " + printable(skip->second)};
    } else if (stats.totals.assertions.passed == 0) {
      // A test that checked nothing has proven nothing.
      record.status = TestRecord::Status::failed;
      record.messages.push_back("the grader checked nothing in this test");
    } else {
      record.status = TestRecord::Status::passed;
    }
    records_.push_back(std::move(record));
    StreamingReporterBase::testCaseEnded(stats);
  }

  void testRunEnded(const Catch::TestRunStats& stats) override {
    int score = 0;
    int max_score = 0;
    size_t width = 0;
    for (const auto& r : records_) width = std::max(width, r.name.size());
    std::ostringstream table;
    if (!report_settings().title.empty()) table << printable(report_settings().title) << "\n";
    if (!report_settings().sandbox.empty()) table << "Sandbox: " << report_settings().sandbox << "\n";
    nlohmann::json tests = nlohmann::json::array();
    g_all_passed = !records_.empty();
    for (size_t i = 0; i < records_.size(); ++i) {
      const TestRecord& r = records_[i];
      const bool passed = r.status == TestRecord::Status::passed;
      const int earned = passed ? r.max_points : 0;
      score += earned;
      max_score += r.max_points;
      if (r.status == TestRecord::Status::failed) g_all_passed = false;
      const char* verdict = passed ? "passed" : r.status == TestRecord::Status::skipped ? "skipped" : "FAILED";
      table << "  " << std::left << std::setw(static_cast<int>(width) + 2) << r.name << std::right
            << std::setw(2) << earned << " / " << std::left << std::setw(3) << r.max_points
            << verdict << "\n";
      std::string output;
      for (const auto& m : r.messages) {
        table << "      " << m << "\n";
        output += m + "\n";
      }
      nlohmann::json test = {{"name", r.name},       {"number", std::to_string(i + 1)},
                             {"score", earned},      {"max_score", r.max_points},
                             {"output", output},     {"visibility", report_settings().visibility}};
      if (r.status != TestRecord::Status::skipped) test["status"] = passed ? "passed" : "failed";
      tests.push_back(test);
    }
    const std::string& compile_errors = context().compile_errors;
    if (!compile_errors.empty())
      table << "\nThe compiler's first errors:\n" << printable_lines(compile_errors) << "\n";
    table << "Score: " << score << " / " << max_score << "\n";
    stream << table.str() << std::flush;
    write_results({{"score", score},
                   {"max_score", max_score},
                   {"output", table.str()},
                   {"visibility", report_settings().visibility},
                   {"stdout_visibility", "hidden"},
                   {"output_format", "text"},
                   {"tests", tests}});
    StreamingReporterBase::testRunEnded(stats);
  }

 private:
  std::vector<std::string> messages_;
  std::vector<TestRecord> records_;
};

}  // namespace

CATCH_REGISTER_REPORTER("grade", GradeReporter)

ReportSettings& report_settings() {
  static ReportSettings settings;
  return settings;
}

bool all_tests_passed() { return g_all_passed; }

void report_fatal(const std::string& message) {
  std::cerr << "judge: " << printable(message) << "\n";
  write_results({{"score", 0},
                 {"output", "The grader could not run: " + printable(message)},
                 {"visibility", report_settings().visibility},
                 {"stdout_visibility", "hidden"},
                 {"output_format", "text"},
                 {"tests", nlohmann::json::array()}});
}

}  // namespace grading
