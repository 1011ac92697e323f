// Command-line parsing shared by the subcommands (CLI11).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>

#include "command.h"

namespace tradelet::cli {

// Parses argv into `app`'s options. nullopt: go on and run. Otherwise the command must return
// the value: kExitOk after --help (CLI11 printed it), kExitUsage after a usage error (CLI11
// printed what was wrong).
inline std::optional<int> ParseArgs(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
}

}  // namespace tradelet::cli
