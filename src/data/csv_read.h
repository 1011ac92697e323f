// File reading behind ReadFileMaybeGzip, into caller-owned buffers that keep their memory from
// one file to the next (internal to the data module). A loader reading hundreds of files per
// thread then neither faults in nor zero-fills fresh pages for each one.
#pragma once

#include <string>
#include <string_view>

#include "tradelet/base/status.h"

namespace tradelet::data::internal {

// Reads `path` into *raw and, when it is gzip, inflates it into *text. Returns the file's text
// (a view into *raw or *text, valid until they change). The buffers only grow.
Result<std::string_view> ReadFileMaybeGzipInto(const std::string& path, std::string* raw,
                                               std::string* text);
// Inflates gzip bytes (all members) into *out (grown as needed, never shrunk) and returns the
// inflated size. `source` names the input in errors.
Result<size_t> GunzipInto(std::string_view bytes, std::string_view source, std::string* out);

}  // namespace tradelet::data::internal
