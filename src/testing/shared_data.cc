#include "tradelet/testing/shared_data.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

namespace tradelet::testing {
namespace fs = std::filesystem;

std::string SharedRoot() {
  if (const char* env = std::getenv("TRADELET_SHARED"); env && *env) return env;
  return TRADELET_SHARED_DIR;
}

std::optional<std::string> SharedPath(const std::string& relative) {
  fs::path p = fs::path(SharedRoot()) / relative;
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  return fs::weakly_canonical(p, ec).string();
}

namespace {
std::vector<std::string>& Dirs() {
  static auto* dirs = new std::vector<std::string>();
  return *dirs;
}
void RemoveDirs() {
  std::error_code ec;
  for (const auto& d : Dirs()) fs::remove_all(d, ec);
}
}  // namespace

std::string TempDir(const std::string& prefix) {
  static std::once_flag once;
  std::call_once(once, [] { std::atexit(RemoveDirs); });
  std::string templ = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  const char* made = ::mkdtemp(buf.data());
  std::string dir = made ? made : templ;
  Dirs().push_back(dir);
  return dir;
}

}  // namespace tradelet::testing
