// The hidden fixture set's sizes and settings, by key. Each graded layer's description
// (grader/common/layers/) gives the visible set's; the hidden ones are the one thing about a
// layer students must not see, so they live here, in the course's copy only. Every size and
// setting a description declares needs a value here; make_fixtures names any that is missing.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace reference {

const std::map<std::string, nlohmann::json>& hidden_set_values();

}  // namespace reference
