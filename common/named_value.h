// A flag whose value is one of a few names, each standing for an enum value.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace common {

// The value `name` stands for among `choices`; otherwise throws one line naming them all:
// "--flag must be a, b or c, not 'name'".
template <typename Value>
Value named_value(const std::string& flag, const std::string& name,
                  const std::vector<std::pair<std::string, Value>>& choices) {
  std::string names;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (choices[i].first == name) return choices[i].second;
    names += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i].first;
  }
  throw std::runtime_error(flag + " must be " + names + ", not '" + name + "'");
}

// The reverse: the name `value` has among `choices` (which must hold it).
template <typename Value>
std::string value_name(Value value, const std::vector<std::pair<std::string, Value>>& choices) {
  for (const auto& [name, known] : choices)
    if (known == value) return name;
  throw std::logic_error("a value without a name among its choices");
}

}  // namespace common
