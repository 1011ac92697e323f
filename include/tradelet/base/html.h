// Escaping text for HTML pages (the backtest, forecast and strategy reports).
#pragma once

#include <string>
#include <string_view>

namespace tradelet {

// `in` with <, >, & and " replaced by their entities: safe as element text and inside a
// double-quoted attribute.
inline std::string HtmlEscape(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

}  // namespace tradelet
