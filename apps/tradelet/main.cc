// tradelet: the composition root. Wires ports to adapters and maps Status to exit codes.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>

#include "command.h"
#include "tradelet/base/log.h"

namespace tradelet::cli {

std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}

Result<std::string> ReadTextFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument("'" + path + "' is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (std::filesystem::exists(path, ec)) {
      return InvalidArgument("cannot open '" + path + "': permission denied or not readable");
    }
    return NotFound("cannot open '" + path + "': no such file");
  }
  // A size limit, so /dev/zero or a runaway file ends in an error instead of bad_alloc.
  constexpr size_t kMaxBytes = size_t{64} << 20;
  std::string out;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    if (out.size() + static_cast<size_t>(in.gcount()) > kMaxBytes) {
      return InvalidArgument("'" + path + "' is larger than the 64 MiB input limit");
    }
    out.append(buf, static_cast<size_t>(in.gcount()));
  }
  return out;
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

// The command boundary: no exception ends the process by a signal (std::terminate -> SIGABRT).
// Commands report errors as Status; anything that still escapes (an allocation too large, a
// library's exception) becomes one line on stderr and exit 1.
int RunGuarded(const Command& c, int argc, char** argv) {
  try {
    return c.run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "tradelet %s: out of memory (an input or setting asks for too much)\n",
                 c.name);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tradelet %s: internal error: %s\n", c.name,
                 Logger::Redact(e.what()).c_str());
  } catch (...) {
    std::fprintf(stderr, "tradelet %s: internal error: unknown exception\n", c.name);
  }
  return kExitFailure;
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
      if (!std::strcmp(c.name, "lambda-runtime")) return cli::RunGuarded(c, argc, argv);
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
      if (two == c.name) return cli::RunGuarded(c, argc - 2, argv + 2);
    }
  }
  for (const auto& c : cli::Registry()) {
    if (!std::strcmp(argv[1], c.name)) return cli::RunGuarded(c, argc - 1, argv + 1);
  }
  std::fprintf(stderr, "tradelet: unknown command '%s' (see tradelet --help)\n", argv[1]);
  return cli::kExitUsage;
}
