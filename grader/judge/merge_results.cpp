// merge_results --out FILE RESULTS...
//
// Joins several Gradescope results.json files (the main and extra parts, visible and hidden
// fixtures) into one: the tests one after another, renumbered, the scores summed. Only the
// reports of parts shown at once (visibility "visible") go into the output students see at
// once; the others' messages stay in their tests, shown when those are.
#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

using nlohmann::json;

int main(int argc, char** argv) {
  CLI::App app{"Join Gradescope results.json files into one."};
  std::string out_path;
  std::vector<std::string> inputs;
  app.add_option("--out", out_path)->required();
  app.add_option("results", inputs)->required()->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);

  json merged = {{"score", 0.0}, {"output", ""}, {"output_format", "text"}, {"stdout_visibility", "hidden"},
                 {"tests", json::array()}};
  try {
    for (const auto& path : inputs) {
      std::ifstream in(path);
      const json part = json::parse(in);
      merged["score"] = merged["score"].get<double>() + part.value("score", 0.0);
      if (part.value("visibility", "visible") == "visible")
        merged["output"] = merged["output"].get<std::string>() + part.value("output", "") + "\n";
      for (auto test : part.value("tests", json::array())) {
        test["number"] = std::to_string(merged["tests"].size() + 1);
        merged["tests"].push_back(test);
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "merge_results: " << e.what() << "\n";
    return 1;
  }
  std::ofstream out(out_path);
  out << merged.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  if (!out) {
    std::cerr << "merge_results: cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}
