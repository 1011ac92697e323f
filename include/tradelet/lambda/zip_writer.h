// A deterministic ZIP writer: the same entries give the same bytes, whatever the file system
// says. Entries are sorted by name; every timestamp is 1980-01-01 00:00:00 (the ZIP epoch);
// permissions are exactly what the caller gives (Unix mode in the external attributes, as
// Lambda reads them to find an executable `bootstrap`); no extra fields, no comments; raw
// deflate (zlib, level 9 unless told), or stored when deflate would not shrink the data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tradelet/base/status.h"

namespace tradelet::lambda {

struct ZipEntry {
  std::string name;  // '/'-separated relative path, no leading '/', no "..", unique
  std::string data;
  uint32_t mode = 0644;  // permission bits only (S_IFREG is added)
};

struct ZipStats {
  uint64_t zip_bytes = 0;
  uint64_t uncompressed_bytes = 0;
  size_t entries = 0;
};

// Builds the archive in memory. InvalidArgument for a bad or duplicate name, OutOfRange past
// the 4 GiB / 65,535-entry limits of a ZIP without ZIP64 (far beyond Lambda's 250 MB), or a
// `level` outside zlib's 0..9 (0: every entry stored; 1: fastest deflate; 9: smallest).
Result<std::string> BuildZip(std::vector<ZipEntry> entries, ZipStats* stats = nullptr,
                             int level = 9);

// CRC-32 (IEEE) as ZIP stores it.
uint32_t ZipCrc32(const std::string& data);

}  // namespace tradelet::lambda
