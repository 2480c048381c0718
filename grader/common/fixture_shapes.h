// The shape every fixture tensor must have, written in terms of the fixture's own sizes, so a
// hand-edited or truncated fixture file is refused before it can cost a student points.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace grading {

// Binds the free dimensions (batch sizes and the like) it meets in `bound`, so that one
// fixture file uses each consistently. Throws std::runtime_error with a one-line reason.
void check_fixture_shape(const std::string& key, const std::vector<int64_t>& shape,
                         const nlohmann::json& fixtures, std::map<std::string, int64_t>& bound);

// Every tensor key a shape is known for (the self-test holds them to the task table's keys).
std::vector<std::string> shaped_fixture_keys();

}  // namespace grading
