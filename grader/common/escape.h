// Text a submission controls (folder names, what it printed, its source), made safe to put in an
// HTML page, a URL or a CSV cell: the class report, the gradebook, the similarity pages.
#pragma once

#include <string>

namespace grading {

// Text as HTML: escaped (printable(), then & < > " '), so no student's bytes become markup.
std::string html_text(const std::string& text);

// A folder name as a relative URL path segment: every byte but [A-Za-z0-9._~-] as %XX.
std::string url_segment(const std::string& name);

// One CSV cell holding `text` as text: escaped (printable()), a leading = + - @ (which
// spreadsheets read as a formula) behind a quote mark, and quoted where it holds , ; or ".
std::string csv_field(const std::string& text);

}  // namespace grading
