#include "tradelet/data/csv.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace tradelet::data {

CsvCursor::CsvCursor(std::string_view text, std::string source, char separator)
    : text_(text), source_(std::move(source)), sep_(separator) {
  if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  fields_.reserve(16);
}

std::string_view TrimSpaces(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

bool CsvCursor::Next() {
  fields_.clear();
  const char* const data = text_.data();
  const size_t n = text_.size();
  // Skip blank lines (any mix of line ends).
  while (pos_ < n && (data[pos_] == '\n' || data[pos_] == '\r')) {
    if (data[pos_] == '\r' && pos_ + 1 < n && data[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++next_line_;
  }
  if (pos_ >= n || !status_.ok()) return false;
  line_ = next_line_;
  const size_t record_start = pos_;
  // Fast path: no quotes. One pass over the bytes; fields are views into the text.
  size_t field_start = pos_;
  size_t i = pos_;
  for (;;) {
    if (i == n) {
      fields_.emplace_back(data + field_start, i - field_start);
      pos_ = n;
      return true;
    }
    const char c = data[i];
    if (c == sep_) {
      fields_.emplace_back(data + field_start, i - field_start);
      field_start = ++i;
    } else if (c == '\n' || c == '\r') {
      fields_.emplace_back(data + field_start, i - field_start);
      if (c == '\r' && i + 1 < n && data[i + 1] == '\n') ++i;
      pos_ = i + 1;
      ++next_line_;
      return true;
    } else if (c == '"' && i == field_start) {
      fields_.clear();
      return ParseQuotedRecord(record_start);
    } else {
      ++i;
    }
  }
}

bool CsvCursor::ParseQuotedRecord(size_t record_start) {
  // Slow path for records with quoted fields. Fields are first recorded as spans (into the
  // text or into scratch_) and turned into views at the end, since scratch_ may reallocate.
  struct Span {
    bool in_scratch;
    size_t off, len;
  };
  std::vector<Span> spans;
  scratch_.clear();
  const char* const data = text_.data();
  const size_t n = text_.size();
  size_t i = record_start;
  for (;;) {
    if (i < n && data[i] == '"') {
      const size_t quote_line = next_line_;
      ++i;
      const size_t content = i;
      bool escaped = false;
      size_t scratch_off = 0;
      for (;;) {
        if (i >= n) {
          status_ = InvalidArgument(source_ + ":" + std::to_string(quote_line) +
                                    ": unterminated quoted field");
          fields_.clear();
          return false;
        }
        const char c = data[i];
        if (c == '"') {
          if (i + 1 < n && data[i + 1] == '"') {
            if (!escaped) {
              escaped = true;
              scratch_off = scratch_.size();
              scratch_.append(data + content, i - content);
            }
            scratch_.push_back('"');
            i += 2;
            continue;
          }
          break;
        }
        if (c == '\n' || (c == '\r' && !(i + 1 < n && data[i + 1] == '\n'))) ++next_line_;
        if (escaped) scratch_.push_back(c);
        ++i;
      }
      if (escaped) {
        spans.push_back({true, scratch_off, scratch_.size() - scratch_off});
      } else {
        spans.push_back({false, content, i - content});
      }
      ++i;  // closing quote
      // Anything between the closing quote and the separator is kept out (lenient, like
      // most readers); it cannot hold a separator or line end by construction.
      while (i < n && data[i] != sep_ && data[i] != '\n' && data[i] != '\r') ++i;
    } else {
      const size_t start = i;
      while (i < n && data[i] != sep_ && data[i] != '\n' && data[i] != '\r') ++i;
      spans.push_back({false, start, i - start});
    }
    if (i >= n) {
      pos_ = n;
      break;
    }
    if (data[i] == sep_) {
      ++i;
      if (i == n) {  // trailing separator at end of input: one more empty field
        spans.push_back({false, i, 0});
        pos_ = n;
        break;
      }
      continue;
    }
    // line end
    if (data[i] == '\r' && i + 1 < n && data[i + 1] == '\n') ++i;
    pos_ = i + 1;
    ++next_line_;
    break;
  }
  fields_.reserve(spans.size());
  for (const Span& s : spans) {
    fields_.emplace_back(s.in_scratch ? scratch_.data() + s.off : data + s.off, s.len);
  }
  return true;
}

namespace {
// What an error echoes from a file: at most `cap` bytes, control and non-ASCII bytes as \xNN,
// so a 20 MB field or binary bytes never reach a log line or --json output whole.
std::string Echo(std::string_view text, size_t cap) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == cap) {
      out += "... (" + std::to_string(text.size()) + " bytes)";
      break;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}
}  // namespace

Status CsvCursor::FieldError(std::string_view field_name, size_t column,
                             std::string_view what) const {
  return InvalidArgument(source_ + ":" + std::to_string(line_) + ": field '" +
                         Echo(field_name, 64) + "' (column " + std::to_string(column + 1) +
                         "): " + Echo(what, 200));
}

Status CsvCursor::LineError(std::string_view what) const {
  return InvalidArgument(source_ + ":" + std::to_string(line_) + ": " + Echo(what, 200));
}

Result<std::string> GunzipBytes(std::string_view bytes, std::string_view source) {
  std::string out;
  // The trailer's ISIZE (size mod 2^32 of the last member) is a good first guess.
  if (bytes.size() >= 18) {
    const auto* t = reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size() - 4);
    const uint32_t isize = t[0] | (t[1] << 8) | (t[2] << 16) | (uint32_t{t[3]} << 24);
    if (isize < (1u << 31)) out.reserve(isize + 1);
  }
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Internal("zlib inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  if (out.capacity() == 0) out.reserve(bytes.size() * 4);
  int rc = Z_OK;
  for (;;) {
    if (out.size() == out.capacity()) out.reserve(out.capacity() * 2 + 4096);
    const size_t old = out.size();
    const size_t room = out.capacity() - old;
    out.resize(out.capacity());
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    zs.avail_out = static_cast<uInt>(room);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(old + (room - zs.avail_out));
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      // Another gzip member follows (gzip allows concatenation).
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    if (rc != Z_OK) {
      std::string msg = zs.msg ? zs.msg : "corrupt data";
      inflateEnd(&zs);
      return DataLoss(std::string(source) + ": gzip: " + msg);
    }
    if (zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return DataLoss(std::string(source) + ": gzip: truncated stream");
    }
  }
  inflateEnd(&zs);
  return out;
}

Result<std::string> ReadFileMaybeGzip(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    // Only a missing file is NOT_FOUND; permission denied, a directory, ... say what they are.
    const int e = errno;
    const std::string msg = path + ": cannot open: " + std::strerror(e);
    return e == ENOENT ? NotFound(msg) : InvalidArgument(msg);
  }
  std::string bytes;
  char buf[1 << 16];
  size_t got;
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (size > 0 && size <= (1L << 30)) bytes.reserve(static_cast<size_t>(size));
  // A size limit, so /dev/zero or a runaway file ends in an error instead of bad_alloc.
  constexpr size_t kMaxBytes = size_t{1} << 30;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (bytes.size() + got > kMaxBytes) {
      std::fclose(f);
      return InvalidArgument(path + ": larger than the 1 GiB input limit");
    }
    bytes.append(buf, got);
  }
  const bool err = std::ferror(f);
  std::fclose(f);
  if (err) return DataLoss(path + ": read error");
  if (IsGzip(bytes)) return GunzipBytes(bytes, path);
  return bytes;
}

}  // namespace tradelet::data
