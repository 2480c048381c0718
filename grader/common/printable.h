// Text a submission controls (what it prints, throws or names its folder), made safe to show
// on a terminal and to put in JSON or CSV: control characters (C0, DEL, C1), the Unicode
// controls that reorder or hide text (bidirectional marks, overrides and isolates, zero-width
// and tag characters, line and paragraph separators) and bytes that are not UTF-8 are written as escapes (\n, \r, \t, \xNN, \u202E),
// so nothing it writes can move the cursor, recolour, draw over the report or break a file.
#pragma once

#include <string>

namespace grading {

std::string printable(const std::string& text);

// The same, keeping newlines as they are: for multi-line text the grader itself composed
// around the submission's (the compiler's first errors).
std::string printable_lines(const std::string& text);

}  // namespace grading
