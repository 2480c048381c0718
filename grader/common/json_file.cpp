#include "grader/common/json_file.h"

#include <fstream>
#include <stdexcept>

namespace grading {

void write_one_key_per_line(const nlohmann::json& object, const std::string& path) {
  std::ofstream out(path);
  out << "{\n";
  size_t written = 0;
  for (const auto& item : object.items())  // nlohmann's objects iterate in key order
    out << nlohmann::json(item.key()).dump() << ": " << item.value().dump() << (++written < object.size() ? ",\n" : "\n");
  out << "}\n";
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace grading
