#include "data/bar_csv_plain.h"

#include "data/bar_csv_columns.h"
#include "data/parse_util.h"

namespace tradelet::data::csv_internal {

bool PlainRowParser::Parse(std::string_view text, size_t pos, std::string_view* time, double* vals,
                           size_t* end) const {
  const char* const begin = text.data();
  const char* const stop = begin + text.size();
  const char* p = begin + pos;
  const size_t nf = dest_.size();
  for (size_t f = 0; f < nf; ++f) {
    const int d = dest_[f];
    const char* q;  // the byte after the field
    if (d >= kOpen) {
      q = internal::ScanDecimal(p, stop, &vals[d]);
      if (q == nullptr) return false;
    } else {
      // A quote opens a quoted field only at the start of a field (CsvCursor's rule).
      if (p < stop && *p == '"') return false;
      q = p;
      while (q < stop && *q != sep_ && *q != '\n' && *q != '\r') ++q;
      if (d == kTime) *time = std::string_view(p, static_cast<size_t>(q - p));
    }
    if (f + 1 < nf) {
      if (q == stop || *q != sep_) return false;  // fewer fields, or a number in another form
      p = q + 1;
      continue;
    }
    // The last field ends the record: at a line end (LF, CRLF or a lone CR) or the text's end.
    if (q == stop) {
      *end = text.size();
    } else if (*q == '\n') {
      *end = static_cast<size_t>(q + 1 - begin);
    } else if (*q == '\r') {
      *end = static_cast<size_t>((q + 1 < stop && q[1] == '\n' ? q + 2 : q + 1) - begin);
    } else {
      return false;  // more fields, or a number in another form
    }
    return true;
  }
  return false;
}

}  // namespace tradelet::data::csv_internal
