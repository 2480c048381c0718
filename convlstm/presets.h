// convlstm_train's presets: named sets of flags a run starts from. Flags given on the command
// line are read after the preset's, so they win. docs/convlstm.md measures each preset.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace convlstm {

struct Preset {
  std::string name, summary;
  std::vector<std::string> flags;
};

const std::vector<Preset>& presets();

// Parses argv into `app`, the preset named by `--preset` (bound to `preset_name`, which holds
// the default) first. Returns what common::parse_flags returns: an exit status to leave with,
// or nothing to carry on.
std::optional<int> parse_flags_with_preset(CLI::App& app, std::string& preset_name, const std::string& program,
                                           int argc, char** argv);

}  // namespace convlstm
