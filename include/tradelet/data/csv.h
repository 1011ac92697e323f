// CSV tokenizer and file loading shared by every CSV reader in data/ (bars, universes).
//
// CsvCursor walks a text buffer record by record without allocating per field: each field is a
// string_view into the buffer (or, only for quoted fields with doubled quotes, into a scratch
// buffer owned by the cursor and valid until the next call to Next()). It accepts RFC 4180
// quoting (separators and line breaks inside quotes, "" for a quote), LF, CRLF and lone-CR line
// ends, a UTF-8 byte-order mark, blank lines (skipped) and a missing final line break.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tradelet/base/status.h"

namespace tradelet::data {

class CsvCursor {
 public:
  // `text` must outlive the cursor. `source` names the input in error messages (a file path).
  explicit CsvCursor(std::string_view text, std::string source = "<input>", char separator = ',');

  // Advances to the next non-blank record. Returns false at the end of the input or on an
  // error; check status() to tell them apart.
  bool Next();
  // The current record's fields (valid until the next call to Next()).
  std::span<const std::string_view> fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  std::string_view operator[](size_t i) const { return fields_[i]; }
  // 1-based line number where the current record starts.
  size_t line() const { return line_; }
  const std::string& source() const { return source_; }
  // OK, or the error that stopped Next() (e.g. an unterminated quoted field).
  const Status& status() const { return status_; }
  // Byte offset of the next unread character (for progress and size estimates).
  size_t offset() const { return pos_; }

  // For readers with their own fast path over plain records (one line, no quotes):
  // SkipBlankLines() moves to the start of the next record and makes it the current one (false
  // at the end of the input or after an error, like Next()); the reader scans the record from
  // offset() and then either calls EndPlainRecord(end) with the offset just past its line end
  // (or the end of the text), or Next() to tokenize the same record the ordinary way.
  bool SkipBlankLines();
  void EndPlainRecord(size_t end);

  // "file.csv:12: field 'close' (column 5): <what>" — the shape of every data error.
  Status FieldError(std::string_view field_name, size_t column, std::string_view what) const;
  Status LineError(std::string_view what) const;

 private:
  bool ParseQuotedRecord(size_t record_start);

  std::string_view text_;
  std::string source_;
  char sep_;
  size_t pos_ = 0;
  size_t line_ = 0;       // line of the current record
  size_t next_line_ = 1;  // line where the next record starts
  std::vector<std::string_view> fields_;
  std::string scratch_;
  Status status_;
};

// Trims ASCII spaces and tabs from both ends.
std::string_view TrimSpaces(std::string_view s);

// Reads a whole file; gzip data (by its magic bytes, so `x.csv.gz` and a gzipped `x.csv` both
// work; concatenated gzip members too) is inflated with libdeflate. Errors name the path.
Result<std::string> ReadFileMaybeGzip(const std::string& path);
// Inflates gzip bytes (all members). `source` names the input in errors.
Result<std::string> GunzipBytes(std::string_view bytes, std::string_view source);
inline bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

}  // namespace tradelet::data
