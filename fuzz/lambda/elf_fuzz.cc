// Fuzzes the ELF dynamic-section reader the Lambda packager uses instead of ldd: any bytes must
// give the dynamic info or an InvalidArgument naming the file, never a crash or a read outside
// the input (ASan), and every string it returns must come from inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tradelet/lambda/elf_deps.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tradelet;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto info = lambda::ParseElfDynamicInfo(bytes, "fuzz.elf");
  if (!info.ok()) {
    if (info.status().code() != StatusCode::kInvalidArgument) std::abort();
    if (info.status().message().find("fuzz.elf") == std::string::npos) std::abort();
    return 0;
  }
  auto inside = [&](const std::string& s) {
    return s.empty() || bytes.find(s) != std::string_view::npos;
  };
  if (!inside(info->interpreter) || !inside(info->soname)) std::abort();
  for (const auto& n : info->needed) {
    if (!inside(n)) std::abort();
  }
  return 0;
}
