// `tradelet package lambda`: a self-contained, reproducible AWS Lambda zip for provided.al2023.
//
// Layout (everything under LAMBDA_TASK_ROOT = /var/task):
//   bootstrap                     the tradelet binary (stripped), started by Lambda as
//                                 `bootstrap`; its ELF interpreter is rewritten to
//                                 <task_root>/lib/ld-linux-*.so.* and its DT_RPATH to $ORIGIN/lib
//   lib/                          every shared library the binary needs (read from the ELF
//                                 files, elf_deps.h), glibc and its dynamic loader included
//   config/<name>.toml            the strategy config
//   certs/ca-certificates.crt     Debian's CA bundle (used when the image has no system store)
//
// Why glibc is bundled: Debian 12 builds against glibc 2.36 and its libstdc++ needs GLIBC_2.36
// symbols (libgcc_s GLIBC_2.35), while Amazon Linux 2023 has glibc 2.34, so the host's
// libraries cannot run on AL2023's loader. Starting the binary through the bundled loader (an
// absolute PT_INTERP under /var/task, no shell wrapper) makes the zip independent of the
// image's C library. DT_RPATH (not RUNPATH) is used so Lambda's LD_LIBRARY_PATH, which lists
// /lib64 first, cannot pull in the image's older libraries. Time zones need no tzdata:
// base/time.h has America/New_York built in.
//
// Reproducible: the same binary, libraries, config and CA bundle give the same zip bytes
// (see zip_writer.h); the tools used (strip, patchelf) are deterministic.
//
// Both Lambda architectures: an arm64 binary (`scripts/build arm64`) packages on an x86_64 host
// with the arm64 libraries from Debian multiarch and the cross binutils' strip.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tradelet/base/status.h"
#include "tradelet/lambda/zip_writer.h"

namespace tradelet::lambda {

struct PackageOptions {
  std::string binary;  // REQUIRED: the tradelet executable to ship as bootstrap
  std::string config;  // REQUIRED: the strategy TOML
  std::string output;  // REQUIRED: where to write the zip
  // Where Lambda unpacks the zip; the interpreter path is absolute under it. Only tests that
  // run the package outside Lambda change it.
  std::string task_root = "/var/task";
  std::string ca_bundle = "/etc/ssl/certs/ca-certificates.crt";
  uint64_t max_zip_bytes = 10ull * 1024 * 1024;  // the project's budget (Lambda allows 50 MB)
  bool strip = true;                             // strip symbols from the shipped binary
  // zlib deflate level of the zip (BuildZip): 9 for a deployment; a package run locally right
  // away (LocalFunction, `tradelet demo`) uses 0 or 1, several times faster to build.
  int zip_level = 9;
  // Checks the config can run where it is going (the CLI passes the live module's check), so
  // no function ships that fails every call. Runs before anything is built; null = no check.
  std::function<Status(const std::string& config)> validate_config;
};

struct PackagedFile {
  std::string name;    // path inside the zip
  std::string source;  // where it came from on the build host
  uint64_t bytes = 0;
};

struct PackageSummary {
  ZipStats stats;
  std::string machine;  // "x86_64" or "arm64"
  std::string interpreter;
  std::vector<PackagedFile> files;
};

// Builds the zip. Errors: NotFound (binary, config, CA bundle, a library not installed for the
// binary's architecture), InvalidArgument (bad config TOML, not an ELF executable, an
// architecture other than x86_64 or arm64), Unavailable (patchelf/strip missing), OutOfRange
// (zip over max_zip_bytes; nothing is written then).
Result<PackageSummary> PackageLambda(const PackageOptions& options);

// Parses `ldd` output: (soname, resolved path) pairs and the dynamic loader's path. The tests
// check ResolveSharedLibraries against ldd with it. NotFound names the first "=> not found"
// library.
struct LddResult {
  std::vector<std::pair<std::string, std::string>> libraries;
  std::string loader;  // empty for a static binary
};
Result<LddResult> ParseLddOutput(const std::string& text);

}  // namespace tradelet::lambda
