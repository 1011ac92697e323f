#include "tradelet/data/csv.h"

#include <libdeflate.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "data/csv_read.h"

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

bool CsvCursor::SkipBlankLines() {
  const char* const data = text_.data();
  const size_t n = text_.size();
  // Any mix of line ends.
  while (pos_ < n && (data[pos_] == '\n' || data[pos_] == '\r')) {
    if (data[pos_] == '\r' && pos_ + 1 < n && data[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++next_line_;
  }
  if (pos_ >= n || !status_.ok()) return false;
  line_ = next_line_;
  return true;
}

void CsvCursor::EndPlainRecord(size_t end) {
  fields_.clear();
  pos_ = end;
  // A plain record holds no line end, so its last byte tells whether one ended it.
  if (end > 0 && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) ++next_line_;
}

bool CsvCursor::Next() {
  fields_.clear();
  if (!SkipBlankLines()) return false;
  const char* const data = text_.data();
  const size_t n = text_.size();
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

namespace {

struct FreeDecompressor {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// Inflated output above this is an error, not an allocation failure (a gzip bomb, or a file no
// bar reader should hold in memory at once).
constexpr size_t kMaxInflatedBytes = size_t{4} << 30;
// DEFLATE cannot expand more than 1032:1, so no output guess needs to be larger than that.
constexpr size_t kMaxDeflateRatio = 1032;

}  // namespace

namespace internal {

Result<size_t> GunzipInto(std::string_view bytes, std::string_view source, std::string* out) {
  // libdeflate inflates a whole member into a buffer that must be large enough; it is several
  // times quicker than zlib's streaming inflate. The trailer's ISIZE (the size mod 2^32 of the
  // last member) is the exact size of the usual single-member file; when the output outgrows
  // the buffer (more members, or a member over 4 GiB) the buffer doubles and that member is
  // inflated again.
  std::unique_ptr<libdeflate_decompressor, FreeDecompressor> d(libdeflate_alloc_decompressor());
  if (!d) return ResourceExhausted(std::string(source) + ": gzip: out of memory");
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  const size_t bound =
      n > kMaxInflatedBytes / kMaxDeflateRatio ? kMaxInflatedBytes : n * kMaxDeflateRatio + 64;
  size_t room = std::min(bound, n * 4 + 4096);
  if (n >= 18) {
    const unsigned char* t = in + n - 4;
    const uint32_t isize = t[0] | (t[1] << 8) | (t[2] << 16) | (uint32_t{t[3]} << 24);
    room = std::min<size_t>(bound, isize);
  }
  size_t used = 0, pos = 0;
  while (pos < n) {
    // Grown, never shrunk: a buffer reused from file to file is not zero-filled again.
    if (out->size() - used < room) out->resize(used + room);
    size_t in_used = 0, out_got = 0;
    const libdeflate_result r = libdeflate_gzip_decompress_ex(
        d.get(), in + pos, n - pos, out->data() + used, out->size() - used, &in_used, &out_got);
    if (r == LIBDEFLATE_SUCCESS) {
      used += out_got;
      pos += in_used;
      room = 0;  // the next member (if any) starts with whatever is left, then doubles
      continue;
    }
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
      const size_t have = out->size() - used;
      room = std::max<size_t>(have * 2, 64 * 1024);
      if (used + room > kMaxInflatedBytes) {
        return DataLoss(std::string(source) + ": gzip: inflates to more than the 4 GiB limit");
      }
      continue;
    }
    // LIBDEFLATE_BAD_DATA: a bad header, corrupt data, a wrong CRC or length, or a truncated
    // member (libdeflate does not tell these apart).
    return DataLoss(std::string(source) + ": gzip: corrupt or truncated data" +
                    (pos > 0 ? " in the member at byte " + std::to_string(pos) : std::string()));
  }
  return used;
}

Result<std::string_view> ReadFileMaybeGzipInto(const std::string& path, std::string* raw,
                                               std::string* text) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    // Only a missing file is NOT_FOUND; permission denied, a directory, ... say what they are.
    const int e = errno;
    const std::string msg = path + ": cannot open: " + std::strerror(e);
    return e == ENOENT ? NotFound(msg) : InvalidArgument(msg);
  }
  // A size limit, so /dev/zero or a runaway file ends in an error instead of bad_alloc.
  constexpr size_t kMaxBytes = size_t{1} << 30;
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  // Read straight into the buffer (grown, never shrunk); a file that grew meanwhile, or one
  // without a size (a pipe, /dev/zero), continues in steps.
  size_t have = 0;
  const size_t want = size > 0 && size <= static_cast<long>(kMaxBytes)
                          ? static_cast<size_t>(size) + 1
                          : size_t{64} * 1024;
  if (raw->size() < want) raw->resize(want);
  for (;;) {
    if (have == raw->size()) {
      if (have >= kMaxBytes) {
        std::fclose(f);
        return InvalidArgument(path + ": larger than the 1 GiB input limit");
      }
      raw->resize(std::min(kMaxBytes + 1, have + std::max<size_t>(have, 64 * 1024)));
    }
    const size_t got = std::fread(raw->data() + have, 1, raw->size() - have, f);
    have += got;
    if (got == 0) break;
  }
  const bool err = std::ferror(f);
  std::fclose(f);
  if (err) return DataLoss(path + ": read error");
  if (have > kMaxBytes) return InvalidArgument(path + ": larger than the 1 GiB input limit");
  const std::string_view bytes(raw->data(), have);
  if (!IsGzip(bytes)) return bytes;
  TL_ASSIGN_OR_RETURN(const size_t n, GunzipInto(bytes, path, text));
  return std::string_view(text->data(), n);
}

}  // namespace internal

Result<std::string> GunzipBytes(std::string_view bytes, std::string_view source) {
  std::string out;
  TL_ASSIGN_OR_RETURN(const size_t n, internal::GunzipInto(bytes, source, &out));
  out.resize(n);
  return out;
}

Result<std::string> ReadFileMaybeGzip(const std::string& path) {
  std::string raw, text;
  TL_ASSIGN_OR_RETURN(const std::string_view got,
                      internal::ReadFileMaybeGzipInto(path, &raw, &text));
  std::string& owner = got.data() == raw.data() ? raw : text;
  owner.resize(got.size());
  return std::move(owner);
}

}  // namespace tradelet::data
