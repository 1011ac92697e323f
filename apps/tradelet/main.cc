// tradelet: the composition root. Wires ports to adapters and maps Status to exit codes.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "command.h"
#include "tradelet/base/log.h"

namespace tradelet::cli {

std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}

Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return NotFound("cannot write '" + path + "'");
  out << text;
  out.close();
  if (!out) return DataLoss("error writing '" + path + "'");
  return Status::Ok();
}

int ReportStatus(const std::string& command, const Status& status) {
  if (status.ok()) return kExitOk;
  std::fprintf(stderr, "tradelet %s: %s\n", command.c_str(),
               Logger::Redact(status.ToString()).c_str());
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
    case StatusCode::kDataLoss:
    case StatusCode::kNotFound:
      return kExitBadInput;
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
    case StatusCode::kResourceExhausted:
      return kExitUnavailable;
    case StatusCode::kUnimplemented:
      return kExitNotBuilt;
    default:
      return kExitFailure;
  }
}

int NotBuilt(int argc, char** argv, const char* usage, int issue) {
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::printf("%s\n\nStatus: not built yet (tracked as issue %d).\n", usage, issue);
      return kExitOk;
    }
  }
  std::fprintf(stderr, "tradelet %s: not built yet (tracked as issue %d); nothing was done\n",
               argv[0], issue);
  return kExitNotBuilt;
}

namespace {

void PrintHelp() {
  std::printf(
      "tradelet %s: run small trading algorithms reliably and cheaply\n\n"
      "usage: tradelet <command> [options]   (tradelet <command> --help for details)\n\n"
      "commands:\n",
      TRADELET_VERSION);
  auto cmds = Registry();
  std::sort(cmds.begin(), cmds.end(),
            [](const Command& a, const Command& b) { return std::strcmp(a.name, b.name) < 0; });
  for (const auto& c : cmds) std::printf("  %-18s %s\n", c.name, c.summary);
  std::printf(
      "\nexit codes: 0 ok, 1 failure, 2 usage, 3 bad input, 4 unavailable, 5 not built\n"
      "logs: JSON lines on stderr; TRADELET_LOG_LEVEL=debug|info|warn|error|off\n");
}

}  // namespace
}  // namespace tradelet::cli

int main(int argc, char** argv) {
  using namespace tradelet;
  Logger::RegisterSecretsFromEnvironment();
  if (const char* lvl = std::getenv("TRADELET_LOG_LEVEL")) {
    LogLevel l;
    if (ParseLogLevel(lvl, &l)) Logger::SetLevel(l);
  }
  // Lambda starts the packaged binary as `bootstrap`: run the custom runtime (cmd_lambda_runtime).
  const char* base = std::strrchr(argv[0], '/');
  if (!std::strcmp(base ? base + 1 : argv[0], "bootstrap")) {
    for (const auto& c : cli::Registry()) {
      if (!std::strcmp(c.name, "lambda-runtime")) return c.run(argc, argv);
    }
  }
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    cli::PrintHelp();
    return argc < 2 ? cli::kExitUsage : cli::kExitOk;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::printf("tradelet %s\n", TRADELET_VERSION);
    return 0;
  }
  // Two-word commands ("data fetch") first, then one-word ones. argv[0] passed on is the last
  // word of the command's name.
  if (argc >= 3) {
    const std::string two = std::string(argv[1]) + " " + argv[2];
    for (const auto& c : cli::Registry()) {
      if (two == c.name) return c.run(argc - 2, argv + 2);
    }
  }
  for (const auto& c : cli::Registry()) {
    if (!std::strcmp(argv[1], c.name)) return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "tradelet: unknown command '%s' (see tradelet --help)\n", argv[1]);
  return cli::kExitUsage;
}
