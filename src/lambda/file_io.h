// Whole-file reads and atomic writes for the packager and the ELF reader.
#pragma once

#include <string>

#include "tradelet/base/status.h"

namespace tradelet::lambda::internal {

// The file's bytes. NotFound when it cannot be opened, DataLoss on a read error; `what` names
// the file's role in the message ("shared library /usr/lib/...: cannot open").
Result<std::string> ReadFile(const std::string& path, const char* what);

// Writes `data` to path.tmp, then renames it over `path`: readers see the old file or the new
// one, never a partial one.
Status WriteFileAtomically(const std::string& path, const std::string& data);

}  // namespace tradelet::lambda::internal
