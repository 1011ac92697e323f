// The CLI's command registry. Each subcommand lives in its own cmd_<name>.cc and registers
// itself with TL_REGISTER_COMMAND; main.cc dispatches on the first argument.
#pragma once

#include <string>
#include <vector>

#include "tradelet/base/status.h"

namespace tradelet::cli {

// Exit codes shared by every command (documented in docs/user-guide.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,       // the job ran and failed (e.g. an order was rejected)
  kExitUsage = 2,         // bad command line
  kExitBadInput = 3,      // input data or config failed validation
  kExitUnavailable = 4,   // network, broker or data source unavailable
  kExitNotBuilt = 5,      // the capability is not built yet
};

// The whole file as bytes; kNotFound naming the path when it cannot be opened.
Result<std::string> ReadTextFile(const std::string& path);
// Writes `text` to `path` (truncating), creating its folder; kNotFound when it cannot be
// created, kDataLoss on a short write.
Status WriteTextFile(const std::string& path, const std::string& text);

// A status whose message starts with a key of a strategy config ("data.dir: ...",
// "data.symbols: ...", "backtest.benchmark_file: ...") is about that file: prefixed with its
// path, as the config's parse errors are. Other statuses (a CSV's own file:line) unchanged.
Status WithConfigFile(const Status& status, const std::string& config_path);

// Maps a Status to the exit code above and prints it to stderr ("tradelet <cmd>: <message>").
int ReportStatus(const std::string& command, const Status& status);

// A command is one word ("backtest") or two ("data fetch"); two-word names are matched first,
// so a group word ("data") can be its own command that explains the group.
struct Command {
  const char* name;
  const char* summary;
  // argv[0] is the command name; returns the process exit code.
  int (*run)(int argc, char** argv);
};

std::vector<Command>& Registry();

struct Registrar {
  explicit Registrar(Command c) { Registry().push_back(c); }
};

// For subcommands whose capability has not landed: `--help` explains, anything else exits
// kExitNotBuilt with a clear message. No fake output.
int NotBuilt(int argc, char** argv, const char* usage, int issue);

}  // namespace tradelet::cli

#define TL_REGISTER_COMMAND(name, summary, fn) \
  static ::tradelet::cli::Registrar TL_CONCAT_(tl_registrar_, __LINE__)({name, summary, fn})
