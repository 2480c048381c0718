// The committed JSON files (fixtures, hints) are written one key per line, keys sorted, so
// that a change to them reads as a small diff in review.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace grading {

// Writes `object` (a JSON object) to `path` so; throws naming the path when it cannot.
void write_one_key_per_line(const nlohmann::json& object, const std::string& path);

}  // namespace grading
