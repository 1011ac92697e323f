// Runs the built tradelet binary (TRADELET_BIN) as a user would, for the CLI tests.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace tradelet::cli_test {

struct Outcome {
  int exit_code;    // -1: ended by a signal
  std::string out;  // stdout and stderr together
};

// `args` go through the shell after the binary, so quoting and VAR=value prefixes behave as in
// a terminal.
inline Outcome RunCli(const std::string& args) {
  const std::string cmd = std::string(TRADELET_BIN) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

}  // namespace tradelet::cli_test
