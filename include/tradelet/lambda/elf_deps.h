// The shared libraries an ELF executable needs, found by reading its dynamic section rather than
// by running it: `ldd` executes the target's loader, so it cannot inspect an arm64 binary on an
// x86_64 build host. The packager uses this for both Lambda architectures.
//
// Resolution follows the dynamic loader's order for each object: its DT_RPATH (when it has no
// DT_RUNPATH), its DT_RUNPATH (with $ORIGIN expanded), then the library directories of the
// target machine (Debian multiarch first). A candidate whose ELF machine differs from the
// executable's is skipped, as the loader skips it. The closure is breadth-first, in the order
// `ldd` lists libraries.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tradelet/base/status.h"

namespace tradelet::lambda {

// What the loader reads from one 64-bit little-endian ELF file.
struct ElfDynamicInfo {
  std::string machine;                // "x86_64", "arm64", or "elf-machine-<n>"
  std::string interpreter;            // PT_INTERP; empty for a library or a static executable
  std::string soname;                 // DT_SONAME; empty for an executable
  std::vector<std::string> needed;    // DT_NEEDED, in order
  std::vector<std::string> rpath;     // DT_RPATH entries, unexpanded
  std::vector<std::string> runpath;   // DT_RUNPATH entries, unexpanded
};

// Parses bytes (the whole file). InvalidArgument names `path` and the malformed part (not ELF,
// 32-bit or big-endian, a header or table outside the file, a string offset past DT_STRSZ).
Result<ElfDynamicInfo> ParseElfDynamicInfo(std::string_view bytes, const std::string& path);

// Where Debian (and the Debian cross toolchain) keeps libraries for `machine`
// ("x86_64" or "arm64"), in search order.
std::vector<std::string> DefaultLibraryDirs(const std::string& machine);

struct SharedLibraries {
  std::vector<std::pair<std::string, std::string>> libraries;  // (DT_NEEDED name, path found)
  std::string loader;  // the interpreter found on this host; empty for a static binary
  std::string machine;
};

// The transitive DT_NEEDED closure of the executable at `path`, excluding the loader itself.
// `dirs` empty means DefaultLibraryDirs(machine of the executable). NotFound names the missing
// library and the object that needs it; InvalidArgument comes from ParseElfDynamicInfo.
Result<SharedLibraries> ResolveSharedLibraries(const std::string& path,
                                               const std::vector<std::string>& dirs = {});
// The same for an executable already read and parsed (`path` is where it lies: $ORIGIN and the
// messages use it).
Result<SharedLibraries> ResolveSharedLibraries(const ElfDynamicInfo& exe, const std::string& path,
                                               const std::vector<std::string>& dirs = {});

}  // namespace tradelet::lambda
