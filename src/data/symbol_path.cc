#include "tradelet/data/symbol_path.h"

#include <cstdio>

namespace tradelet::data {
namespace {

bool AllowedChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '^' ||
         c == '=' || c == '_';
}

// The symbol as it may appear in a message: at most 40 characters, non-printables as \xNN.
std::string ForMessage(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < 40; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f || c == '\\' || c == '\'') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > 40) out += "...";
  return out;
}

}  // namespace

Status ValidateSymbol(std::string_view symbol) {
  const std::string what = "symbol '" + ForMessage(symbol) + "'";
  if (symbol.empty()) return InvalidArgument("empty symbol");
  if (symbol.size() > kMaxSymbolLength) {
    return InvalidArgument(what + " is longer than " + std::to_string(kMaxSymbolLength) +
                           " characters");
  }
  for (size_t i = 0; i < symbol.size(); ++i) {
    if (!AllowedChar(symbol[i])) {
      return InvalidArgument(what + ": character " + std::to_string(i + 1) +
                             " is not one of A-Z 0-9 . - ^ = _");
    }
  }
  if (symbol.front() == '.' || symbol.front() == '-') {
    return InvalidArgument(what + " must not start with '.' or '-'");
  }
  return Status::Ok();
}

bool PathIsUnder(const std::filesystem::path& path, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p = fs::absolute(path, ec).lexically_normal();
  if (ec) return false;
  fs::path d = fs::absolute(dir, ec).lexically_normal();
  if (ec) return false;
  if (!d.has_filename()) d = d.parent_path();  // "out/" -> "out"
  auto pi = p.begin();
  for (auto di = d.begin(); di != d.end(); ++di, ++pi) {
    if (pi == p.end() || *pi != *di) return false;
  }
  return true;
}

Result<std::filesystem::path> SymbolFilePath(const std::filesystem::path& dir,
                                             std::string_view symbol, std::string_view suffix) {
  TL_RETURN_IF_ERROR(ValidateSymbol(symbol));
  std::filesystem::path out = dir / (std::string(symbol) + std::string(suffix));
  if (!PathIsUnder(out, dir) ||
      out.filename().string() != std::string(symbol) + std::string(suffix)) {
    return InvalidArgument("symbol '" + ForMessage(symbol) + "': output path '" +
                           ForMessage(out.string()) + "' leaves '" + ForMessage(dir.string()) +
                           "'");
  }
  return out;
}

}  // namespace tradelet::data
