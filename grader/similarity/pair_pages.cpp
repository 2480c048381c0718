#include "grader/similarity/pair_pages.h"

#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "grader/common/escape.h"

namespace similarity {
namespace {

using grading::html_text;

constexpr int kColours = 8;
const char* const kStyle =
    "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
    "td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd;vertical-align:top}"
    ".sides{display:flex;gap:1em}.side{flex:1;min-width:0}pre{font-size:12px;background:#fafafa;"
    "padding:6px;overflow-x:auto}.n{color:#999;user-select:none}"
    ".r0{background:#ffd8a8}.r1{background:#b2f2bb}.r2{background:#a5d8ff}.r3{background:#fcc2d7}"
    ".r4{background:#d0bfff}.r5{background:#ffec99}.r6{background:#99e9f2}.r7{background:#eebefa}";

// Where each line of a text starts, for the line of any byte in O(log lines).
class LineIndex {
 public:
  explicit LineIndex(const std::string& text) {
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  size_t line_of(size_t offset) const {  // from 1
    return std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin();
  }

 private:
  std::vector<size_t> starts_{0};
};

// Source as shown: tabs as spaces, no carriage returns; escaped by html_text afterwards.
std::string shown(const std::string& code) {
  std::string out;
  for (const char c : code) {
    if (c == '\t') out += "    ";
    else if (c != '\r') out += c;
  }
  return out;
}

// One submission's files with the runs marked: run r's bytes in class r mod kColours, its first
// byte's element named side + r, linking to the other side's.
std::string marked_source(const Submission& s, const std::vector<Run>& runs, bool side_a) {
  const std::string self = side_a ? "a" : "b", other = side_a ? "b" : "a";
  std::ostringstream html;
  for (uint32_t f = 0; f < s.files.size(); ++f) {
    const std::string& text = s.files[f].text;
    std::vector<int> run_at(text.size(), -1);                  // byte -> its run
    std::vector<size_t> run_start(runs.size(), std::string::npos);  // run -> its first byte in this file
    for (size_t r = 0; r < runs.size(); ++r) {
      const uint32_t first = side_a ? runs[r].a : runs[r].b;
      if (s.tokens[first].file != f) continue;  // a run lies within one file
      const size_t begin = s.tokens[first].begin, end = s.tokens[first + runs[r].length - 1].end;
      run_start[r] = begin;
      std::fill(run_at.begin() + begin, run_at.begin() + end, static_cast<int>(r));
    }
    html << "<h3>" << html_text(s.files[f].name) << "</h3>\n<pre><span class='n'>   1 </span>";
    size_t line = 1;
    int open = -1;
    for (size_t i = 0; i <= text.size(); ++i) {
      const int here = i < text.size() && text[i] != '\n' ? run_at[i] : -1;
      if (here != open) {
        if (open >= 0) html << "</span>";
        if (here >= 0) {
          const bool starts = run_start[here] == i;
          html << "<span class='r" << here % kColours << "'";
          if (starts) html << " id='" << self << here + 1 << "'><a href='#" << other << here + 1 << "'>&#9656;</a>";
          else html << ">";
        }
        open = here;
      }
      if (i == text.size()) break;
      size_t next = i;  // the stretch of bytes up to the next change of run or line
      while (next < text.size() && text[next] != '\n' && run_at[next] == here) ++next;
      if (next > i) {
        html << html_text(shown(text.substr(i, next - i)));
        i = next - 1;
        continue;
      }
      char number[16];
      std::snprintf(number, sizeof number, "%4zu ", ++line);
      html << "\n<span class='n'>" << number << "</span>";
    }
    if (open >= 0) html << "</span>";
    html << "</pre>\n";
  }
  return html.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path);
  out << content;
  if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

std::string page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>" + title + "</title><style>" +
         kStyle + "</style></head><body>\n";
}

void remove_old_pair_pages(const std::string& folder) {
  DIR* dir = opendir(folder.c_str());
  if (!dir) return;
  std::vector<std::string> old;
  while (const dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.rfind("pair-", 0) == 0 && name.size() > 5 && name.substr(name.size() - 5) == ".html") old.push_back(name);
  }
  closedir(dir);
  for (const auto& name : old) unlink((folder + "/" + name).c_str());
}

}  // namespace

std::string pair_page(size_t rank) { return "pair-" + std::to_string(rank) + ".html"; }

std::string one_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

void write_pair_pages(const std::string& folder, const std::vector<Submission>& submissions,
                      const std::vector<SimilarPair>& pairs, size_t pages, const Settings& settings) {
  remove_old_pair_pages(folder);
  std::ostringstream index;
  index << page_head("Similar submissions") << "<h1>Similar submissions</h1>\n<p id='summary'>"
        << submissions.size() << " submissions; " << pairs.size()
        << " pairs share code beyond the stubs, ranked by how many tokens of their own code lie in runs of at "
           "least "
        << settings.k << " tokens both hold, after renaming, comments and layout are set aside; code that more than "
        << settings.max_share
        << " submissions hold counts as the task's idiom. A high rank is a reason to read the two side by "
           "side, not proof of copying.</p>\n";
  std::ostringstream notes;
  for (const auto& s : submissions)
    for (const auto& note : s.notes) notes << "<li>" << html_text(s.name) << ": " << html_text(note) << "</li>\n";
  if (!notes.str().empty()) index << "<h2>Left out</h2>\n<ul id='notes'>\n" << notes.str() << "</ul>\n";
  index << "<table id='pairs'><tr><th>rank</th><th>tokens shared</th><th>submission</th><th>its own code "
           "shared</th><th>submission</th><th>its own code shared</th><th></th></tr>\n";
  for (size_t rank = 1; rank <= std::min(pages, pairs.size()); ++rank) {
    const SimilarPair& pair = pairs[rank - 1];
    index << "<tr><td>" << rank << "</td><td>" << pair.matched << "</td><td>" << html_text(submissions[pair.a].name)
          << "</td><td>" << one_decimal(pair.percent_a) << " %</td><td>" << html_text(submissions[pair.b].name)
          << "</td><td>" << one_decimal(pair.percent_b) << " %</td><td><a href='" << pair_page(rank)
          << "'>side by side</a></td></tr>\n";
  }
  if (pairs.empty()) index << "<tr><td colspan='7'>no two submissions share code beyond the stubs</td></tr>\n";
  index << "</table>\n</body></html>\n";
  write_file(folder + "/index.html", index.str());

  for (size_t rank = 1; rank <= std::min(pages, pairs.size()); ++rank) {
    const SimilarPair& pair = pairs[rank - 1];
    const Submission& a = submissions[pair.a];
    const Submission& b = submissions[pair.b];
    const auto line_span = [](const Submission& s, const std::vector<LineIndex>& lines, uint32_t first,
                              uint32_t length) {
      const Token& t0 = s.tokens[first];
      const Token& t1 = s.tokens[first + length - 1];
      return html_text(s.files[t0.file].name) + " " + std::to_string(lines[t0.file].line_of(t0.begin)) + "&ndash;" +
             std::to_string(lines[t0.file].line_of(t1.begin));
    };
    std::vector<LineIndex> lines_a, lines_b;
    for (const auto& file : a.files) lines_a.emplace_back(file.text);
    for (const auto& file : b.files) lines_b.emplace_back(file.text);
    std::ostringstream page;
    page << page_head("Similar: rank " + std::to_string(rank)) << "<p><a href='index.html'>all pairs</a></p>\n<h1>"
         << html_text(a.name) << " and " << html_text(b.name) << ": " << pair.matched << " tokens</h1>\n<p>"
         << pair.runs.size() << " runs of code both hold, each in one colour on both sides; &#9656; at a run's start "
            "jumps to the other side's.</p>\n<details><summary>the runs by line</summary>\n"
         << "<table id='runs'><tr><th>run</th><th>tokens</th><th>" << html_text(a.name) << ", lines</th><th>"
         << html_text(b.name) << ", lines</th></tr>\n";
    for (size_t r = 0; r < pair.runs.size(); ++r) {
      const Run& run = pair.runs[r];
      page << "<tr><td class='r" << r % kColours << "'>" << r + 1 << "</td><td>" << run.length << "</td><td><a href='#a"
           << r + 1 << "'>" << line_span(a, lines_a, run.a, run.length) << "</a></td><td><a href='#b" << r + 1 << "'>"
           << line_span(b, lines_b, run.b, run.length) << "</a></td></tr>\n";
    }
    page << "</table></details>\n<div class='sides'><div class='side'><h2>" << html_text(a.name) << " ("
         << one_decimal(pair.percent_a) << " % of its own code)</h2>\n"
         << marked_source(a, pair.runs, true) << "</div><div class='side'><h2>" << html_text(b.name) << " ("
         << one_decimal(pair.percent_b) << " % of its own code)</h2>\n"
         << marked_source(b, pair.runs, false) << "</div></div>\n</body></html>\n";
    write_file(folder + "/" + pair_page(rank), page.str());
  }
}

}  // namespace similarity
