#include "convlstm/presets.h"

#include <algorithm>

#include "common/cli.h"

namespace convlstm {

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all = [] {
    const std::vector<std::string> lab = {
        "--patch", "4", "--hidden", "64", "--layers", "2", "--decoder", "next-frame", "--head", "cdna",
        "--loss", "bce", "--lr", "1e-3", "--batch", "4", "--precision", "auto", "--digits-per-clip", "1",
        "--budget-minutes", "12", "--min-steps", "1500",
        "--epoch-sequences", "1000000", "--eval-every", "500", "--eval-sequences", "64"};
    std::vector<std::string> lab_two_digits = lab;
    lab_two_digits.insert(lab_two_digits.end(), {"--digits-per-clip", "2"});  // the later value wins
    return std::vector<Preset>{
        {"tutorial", "the seed tutorial's model: 64x64 frames, nf 64, 2+2 layers, its decoder, MSE, Adam lr 1e-4, fp32",
         {"--patch", "1", "--hidden", "64", "--layers", "2", "--decoder", "tutorial", "--head", "pixels",
          "--loss", "mse", "--lr", "1e-4", "--batch", "16", "--precision", "fp32", "--digits-per-clip", "2"}},
        {"lab", "make lab's: one digit a clip, 4x4 patches, next-frame ConvLSTM moving the frame it read (CDNA), "
                "cross-entropy, batch 4, lr 1e-3, bf16 where the CPU has it, 12 minutes of training, "
                "too short to judge under 1500 steps",
         lab},
        {"lab-two-digits", "the lab preset on Moving MNIST's standard two digits a clip", lab_two_digits},
    };
  }();
  return all;
}

std::optional<int> parse_flags_with_preset(CLI::App& app, std::string& preset_name, const std::string& program,
                                           int argc, char** argv) {
  std::vector<std::string> names;
  std::string described = "a starting set of flags:";
  for (const Preset& preset : presets()) {
    names.push_back(preset.name);
    described += "\n  " + preset.name + ": " + preset.summary;
  }
  app.add_option("--preset", preset_name, described)->check(CLI::IsMember(names));
  // An option given twice keeps its last value, so later flags override earlier ones.
  for (CLI::Option* option : app.get_options()) option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  if (const auto exit_status = common::parse_flags(app, program, argc, argv)) return exit_status;

  // Parse again, the preset's flags first.
  const Preset& preset = *std::find_if(presets().begin(), presets().end(),
                                       [&](const Preset& p) { return p.name == preset_name; });
  std::vector<std::string> arguments = preset.flags;
  arguments.insert(arguments.end(), argv + 1, argv + argc);
  std::reverse(arguments.begin(), arguments.end());  // CLI11 takes a vector's arguments from its back
  app.clear();
  try {
    app.parse(arguments);
  } catch (const CLI::ParseError& e) {
    std::cerr << program << ": " << common::one_line(e.what()) << " (see --help)\n";
    return 2;
  }
  return std::nullopt;
}

}  // namespace convlstm
