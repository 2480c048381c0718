// similarity SUBMISSIONS --out DIR [--base STUB]...
//
// Ranks every pair of submissions (SUBMISSIONS/<student>/ with --files) by how much code they
// share beyond the stubs (--base), the way MOSS does: normalised tokens (tokens.h), winnowed
// k-gram fingerprints (winnowing.h), shared runs found around shared fingerprints (matching.h).
// Writes DIR/pairs.csv (every pair that shares code), DIR/pairs.json (the first --pages and
// what was left out of any submission, for the class report) and DIR/index.html with a
// side-by-side page for each of those pairs (pair_pages.h). The first line it prints is its
// summary; what it leaves out of a submission goes to stderr and the pages.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <dirent.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>

#include "grader/common/escape.h"
#include "grader/common/printable.h"
#include "grader/similarity/matching.h"
#include "grader/similarity/pair_pages.h"

namespace {

// A bigger file is no submission of this assignment (the stubs are 4 KB) and is not read.
constexpr off_t kMaxFileBytes = 64 << 20;

bool is_folder(const std::string& path) {
  struct stat info;
  return lstat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// The sub-folders' names, sorted byte by byte; links are not followed.
std::vector<std::string> student_folders(const std::string& folder) {
  std::vector<std::string> names;
  DIR* dir = opendir(folder.c_str());
  if (!dir) throw std::runtime_error("cannot read the folder " + folder);
  while (const dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != ".." && is_folder(folder + "/" + name)) names.push_back(name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

// Reads the file at `path` into `text`. A missing file is no submission's fault (the bonus is
// optional): false and no reason. A link, a folder, a device or an oversized file: false and
// the reason, which the pages show.
bool read_source(const std::string& path, std::string& text, std::string& why_not) {
  struct stat info;
  if (lstat(path.c_str(), &info) != 0) return false;
  if (!S_ISREG(info.st_mode)) return why_not = "not a plain file (a link, a folder or a device): not read", false;
  if (info.st_size > kMaxFileBytes)
    return why_not = "over " + std::to_string(kMaxFileBytes >> 20) + " MiB: not read", false;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return why_not = "unreadable", false;
  text = bytes.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Rank pairs of submissions by the code they share beyond the stubs (winnowing, as MOSS)."};
  std::string submissions_folder, out;
  std::vector<std::string> base_paths, file_names{"submitted.cpp", "extra.cpp"};
  similarity::Settings settings;
  size_t pages = 30;
  app.add_option("submissions", submissions_folder, "a folder with one folder per student")
      ->required()->check(CLI::ExistingDirectory);
  app.add_option("--out", out, "where the pages, pairs.csv and pairs.json go")->required();
  app.add_option("--base", base_paths, "code every student starts from (the stubs): not counted")
      ->check(CLI::ExistingFile);
  app.add_option("--files", file_names, "the files of a submission compared")->delimiter(',');
  app.add_option("--kgram", settings.k, "tokens a k-gram")->check(CLI::Range(4, 100));
  app.add_option("--window", settings.window, "winnowing's window")->check(CLI::Range(1, 100));
  app.add_option("--max-share", settings.max_share,
                 "code in more submissions than this is the task's idiom (default: 10 or a tenth of the class)")
      ->check(CLI::Range(2, 1000000));
  app.add_option("--pages", pages, "pairs given a side-by-side page, most similar first")->check(CLI::Range(0, 10000));
  CLI11_PARSE(app, argc, argv);

  try {
    const auto start = std::chrono::steady_clock::now();
    std::vector<similarity::SourceFile> base;
    for (const auto& path : base_paths) {
      std::string text, why_not;
      if (!read_source(path, text, why_not)) throw std::runtime_error("cannot read the base file " + path);
      base.push_back({path, text});
    }
    const auto base_kgrams = similarity::base_kgrams(base, settings);

    std::vector<similarity::Submission> submissions;
    for (const auto& name : student_folders(submissions_folder)) {
      similarity::Submission submission;
      submission.name = name;
      for (const auto& file : file_names) {
        std::string text, why_not;
        if (read_source(submissions_folder + "/" + name + "/" + file, text, why_not))
          submission.files.push_back({file, text});
        else if (!why_not.empty())
          submission.notes.push_back(file + ": " + why_not);
      }
      similarity::tokenise(submission, base_kgrams, settings);
      for (const auto& note : submission.notes)
        std::cerr << "similarity: " << grading::printable(name) << "/" << grading::printable(note) << "\n";
      submissions.push_back(std::move(submission));
    }
    if (settings.max_share == 0) settings.max_share = similarity::default_max_share(submissions.size());
    similarity::fingerprint(submissions, settings);
    const auto pairs = similarity::similar_pairs(submissions, settings);

    if (mkdir(out.c_str(), 0755) != 0 && !is_folder(out)) throw std::runtime_error("cannot make the folder " + out);
    std::ofstream csv(out + "/pairs.csv");
    csv << "rank,submission_a,submission_b,tokens,percent_a,percent_b\n";
    nlohmann::json top = nlohmann::json::array(), notes = nlohmann::json::array();
    for (size_t rank = 1; rank <= pairs.size(); ++rank) {
      const auto& pair = pairs[rank - 1];
      const std::string& a = submissions[pair.a].name;
      const std::string& b = submissions[pair.b].name;
      csv << rank << "," << grading::csv_field(a) << "," << grading::csv_field(b) << "," << pair.matched << ","
          << similarity::one_decimal(pair.percent_a) << "," << similarity::one_decimal(pair.percent_b) << "\n";
      if (rank <= pages)  // names as printable() shows them: two names differing in bytes that are not UTF-8 stay apart
        top.push_back({{"a", grading::printable(a)}, {"b", grading::printable(b)}, {"tokens", pair.matched},
                       {"percent_a", pair.percent_a}, {"percent_b", pair.percent_b},
                       {"page", similarity::pair_page(rank)}});
    }
    if (!csv.flush()) throw std::runtime_error("cannot write " + out + "/pairs.csv");
    for (const auto& s : submissions)
      for (const auto& note : s.notes) notes.push_back(grading::printable(s.name) + ": " + grading::printable(note));
    std::ofstream json_file(out + "/pairs.json");
    json_file << nlohmann::json{{"pairs", top}, {"notes", notes}}.dump(1) << "\n";
    if (!json_file.flush()) throw std::runtime_error("cannot write " + out + "/pairs.json");
    similarity::write_pair_pages(out, submissions, pairs, pages, settings);

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "similarity: " << submissions.size() << " submissions, " << pairs.size()
              << " pairs share code beyond the stubs (" << similarity::one_decimal(seconds) << " s)\n";
    for (size_t rank = 1; rank <= std::min<size_t>(10, pairs.size()); ++rank) {
      const auto& pair = pairs[rank - 1];
      std::cout << "  " << pair.matched << " tokens  " << grading::printable(submissions[pair.a].name) << " ("
                << similarity::one_decimal(pair.percent_a) << " %)  " << grading::printable(submissions[pair.b].name)
                << " (" << similarity::one_decimal(pair.percent_b) << " %)\n";
    }
    std::cout << "wrote " << out << "/index.html\n";
  } catch (const std::exception& error) {
    std::cerr << "similarity: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
