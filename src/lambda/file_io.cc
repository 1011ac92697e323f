#include "file_io.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tradelet::lambda::internal {

Result<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(std::string(what) + " " + path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return DataLoss(std::string(what) + " " + path + ": read error");
  return ss.str();
}

Status WriteFileAtomically(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  // `-o deploy/sam/build/NAME.zip` in a fresh clone: the folder does not exist yet.
  if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
    std::error_code mk;
    std::filesystem::create_directories(parent, mk);
    if (mk) return NotFound("cannot create " + parent.string() + ": " + mk.message());
  }
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return NotFound("cannot write " + tmp);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out.flush()) return DataLoss("write failed: " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return DataLoss("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace tradelet::lambda::internal
