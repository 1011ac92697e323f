// Fuzzes the symbol/path validator of data/symbol_path.h (issue 17 item 2).
// Invariants: no crash; a symbol ValidateSymbol accepts has only A-Z 0-9 . - ^ = _, at most
// kMaxSymbolLength characters and no leading '.' or '-'; SymbolFilePath accepts exactly those
// symbols, and the path it returns is a direct child of the directory.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tradelet/data/symbol_path.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet::data;
  const std::string_view symbol(reinterpret_cast<const char*>(data), size);
  const bool ok = ValidateSymbol(symbol).ok();
  if (ok) {
    if (symbol.empty() || symbol.size() > kMaxSymbolLength) std::abort();
    if (symbol.front() == '.' || symbol.front() == '-') std::abort();
    for (char c : symbol) {
      const bool allowed = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                           c == '-' || c == '^' || c == '=' || c == '_';
      if (!allowed) std::abort();
    }
  }
  for (const char* dir : {"out", "/tmp/x/out/", "."}) {
    auto p = SymbolFilePath(dir, symbol, ".csv");
    if (p.ok() != ok) std::abort();
    if (p.ok()) {
      if (!PathIsUnder(*p, dir)) std::abort();
      if (p->filename().string() != std::string(symbol) + ".csv") std::abort();
    }
  }
  return 0;
}
