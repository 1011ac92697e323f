// The bar CSV reader's fast path (internal to the data module): a record on one line, without
// quotes, whose number fields are all plain decimals (ScanDecimal's form) is split and parsed
// in one pass over its bytes, with no field list. Anything else is left to the general path in
// bar_csv.cc, which reads the same record again and reports what is wrong with it, so both
// paths give the same bars and the same errors.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace tradelet::data::csv_internal {

class PlainRowParser {
 public:
  // field_dest[i] is what field i holds: kTime, a number column (kOpen ... kSplit), or -1 (a
  // field the reader does not use). `sep` separates fields.
  PlainRowParser(std::vector<int> field_dest, char sep) : dest_(std::move(field_dest)), sep_(sep) {}

  // Parses the record that starts at text[pos]. true: *time is the time field's text, vals[c]
  // holds every number column c that has a field, and *end is the offset just past the
  // record's line end (or the end of the text). false: not a plain record (quotes, another
  // number of fields, a number in another form); nothing is stored in *end.
  bool Parse(std::string_view text, size_t pos, std::string_view* time, double* vals,
             size_t* end) const;

 private:
  std::vector<int> dest_;
  char sep_;
};

}  // namespace tradelet::data::csv_internal
