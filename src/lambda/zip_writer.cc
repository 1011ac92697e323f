#include "tradelet/lambda/zip_writer.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace tradelet::lambda {
namespace {

// 1980-01-01 00:00:00 in MS-DOS date/time encoding.
constexpr uint16_t kDosTime = 0;
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
constexpr uint16_t kVersionNeeded = 20;             // 2.0: deflate
constexpr uint16_t kVersionMadeBy = (3 << 8) | 20;  // host 3 = Unix, so attributes are modes
constexpr uint32_t kRegularFile = 0100000;

void Put16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>(v >> 8));
}
void Put32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

Result<std::string> Deflate(const std::string& data, int level) {
  z_stream zs{};
  // windowBits -15: raw deflate, as ZIP method 8 stores it (no zlib header or checksum).
  if (deflateInit2(&zs, level, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Internal("zlib deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Internal("zlib deflate did not finish");
  out.resize(written);
  return out;
}

Status CheckName(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.back() == '/' ||
      name.find('\\') != std::string::npos || name.find('\0') != std::string::npos) {
    return InvalidArgument("zip entry name '" + name + "' is not a relative file path");
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    const std::string_view part(name.data() + start, end - start);
    if (part.empty() || part == "." || part == "..") {
      return InvalidArgument("zip entry name '" + name + "' has an empty, '.' or '..' part");
    }
    start = end + 1;
  }
  if (name.size() > 0xffff) return InvalidArgument("zip entry name too long");
  return Status::Ok();
}

}  // namespace

uint32_t ZipCrc32(const std::string& data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  size_t off = 0;
  while (off < data.size()) {
    const size_t n = std::min<size_t>(data.size() - off, std::numeric_limits<uInt>::max());
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data() + off), static_cast<uInt>(n));
    off += n;
  }
  return static_cast<uint32_t>(crc);
}

Result<std::string> BuildZip(std::vector<ZipEntry> entries, ZipStats* stats, int level) {
  if (level < 0 || level > 9)
    return InvalidArgument("zip deflate level " + std::to_string(level) + " is not 0..9");
  std::sort(entries.begin(), entries.end(),
            [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
  for (size_t i = 0; i < entries.size(); ++i) {
    TL_RETURN_IF_ERROR(CheckName(entries[i].name));
    if (i > 0 && entries[i].name == entries[i - 1].name) {
      return InvalidArgument("zip entry '" + entries[i].name + "' appears twice");
    }
    if (entries[i].data.size() >= 0xffffffffULL) {
      return OutOfRange("zip entry '" + entries[i].name + "' is 4 GiB or larger");
    }
  }
  if (entries.size() >= 0xffff) return OutOfRange("more than 65,534 zip entries");

  std::string out;
  std::string central;
  ZipStats s;
  for (const auto& e : entries) {
    // Level 0 stores without calling zlib (its stored blocks can outgrow deflateBound).
    std::string packed;
    if (level > 0) {
      TL_ASSIGN_OR_RETURN(packed, Deflate(e.data, level));
    }
    uint16_t method = 8;
    if (level == 0 || packed.size() >= e.data.size()) {
      packed = e.data;
      method = 0;
    }
    const uint32_t crc = ZipCrc32(e.data);
    if (out.size() >= 0xffffffffULL) return OutOfRange("zip larger than 4 GiB");
    const uint32_t offset = static_cast<uint32_t>(out.size());
    Put32(&out, 0x04034b50);
    Put16(&out, kVersionNeeded);
    Put16(&out, 0);  // flags: sizes known up front, no data descriptor
    Put16(&out, method);
    Put16(&out, kDosTime);
    Put16(&out, kDosDate);
    Put32(&out, crc);
    Put32(&out, static_cast<uint32_t>(packed.size()));
    Put32(&out, static_cast<uint32_t>(e.data.size()));
    Put16(&out, static_cast<uint16_t>(e.name.size()));
    Put16(&out, 0);  // no extra field (no timestamps, uid/gid)
    out += e.name;
    out += packed;

    Put32(&central, 0x02014b50);
    Put16(&central, kVersionMadeBy);
    Put16(&central, kVersionNeeded);
    Put16(&central, 0);
    Put16(&central, method);
    Put16(&central, kDosTime);
    Put16(&central, kDosDate);
    Put32(&central, crc);
    Put32(&central, static_cast<uint32_t>(packed.size()));
    Put32(&central, static_cast<uint32_t>(e.data.size()));
    Put16(&central, static_cast<uint16_t>(e.name.size()));
    Put16(&central, 0);  // extra
    Put16(&central, 0);  // comment
    Put16(&central, 0);  // disk
    Put16(&central, 0);  // internal attributes
    Put32(&central, (kRegularFile | (e.mode & 07777)) << 16);
    Put32(&central, offset);
    central += e.name;
    s.uncompressed_bytes += e.data.size();
  }
  if (out.size() + central.size() >= 0xffffffffULL) return OutOfRange("zip larger than 4 GiB");
  const uint32_t cd_offset = static_cast<uint32_t>(out.size());
  out += central;
  Put32(&out, 0x06054b50);
  Put16(&out, 0);
  Put16(&out, 0);
  Put16(&out, static_cast<uint16_t>(entries.size()));
  Put16(&out, static_cast<uint16_t>(entries.size()));
  Put32(&out, static_cast<uint32_t>(central.size()));
  Put32(&out, cd_offset);
  Put16(&out, 0);
  s.entries = entries.size();
  s.zip_bytes = out.size();
  if (stats) *stats = s;
  return out;
}

}  // namespace tradelet::lambda
