// Where a Catch2 program of the framework's own writes its files: a folder of its name under
// the system's temporary folder, made on first use.
#pragma once

#include <filesystem>
#include <string>

inline std::string scratch_path(const std::string& program, const std::string& name) {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / program;
  std::filesystem::create_directories(folder);
  return (folder / name).string();
}
