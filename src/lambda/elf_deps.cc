#include "tradelet/lambda/elf_deps.h"

#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <set>

#include "file_io.h"

namespace tradelet::lambda {
namespace fs = std::filesystem;

namespace {

// ELF constants (System V gABI).
constexpr uint32_t kPtLoad = 1, kPtDynamic = 2, kPtInterp = 3;
constexpr uint64_t kDtNull = 0, kDtNeeded = 1, kDtStrtab = 5, kDtStrsz = 10, kDtSoname = 14,
                   kDtRpath = 15, kDtRunpath = 29;
constexpr unsigned kMachineX86_64 = 62, kMachineAarch64 = 183;

class Reader {
 public:
  Reader(std::string_view bytes, const std::string& path) : bytes_(bytes), path_(path) {}

  bool Has(uint64_t offset, uint64_t size) const {
    return offset <= bytes_.size() && size <= bytes_.size() - offset;
  }
  template <typename T>
  T Get(uint64_t offset) const {  // caller checked Has(offset, sizeof(T))
    T v;
    std::memcpy(&v, bytes_.data() + offset, sizeof(T));
    return v;  // little-endian host and file (checked by the caller)
  }
  Status Bad(const std::string& what) const {
    return InvalidArgument(path_ + ": malformed ELF: " + what);
  }

 private:
  std::string_view bytes_;
  const std::string& path_;
};

struct Segment {
  uint32_t type;
  uint64_t offset, vaddr, filesz;
};

std::vector<std::string> SplitPath(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t colon = list.find(':', start);
    if (colon == std::string::npos) colon = list.size();
    if (colon > start) out.push_back(list.substr(start, colon - start));
    start = colon + 1;
  }
  return out;
}

std::string ExpandOrigin(std::string dir, const std::string& origin) {
  for (const std::string token : {"${ORIGIN}", "$ORIGIN"}) {
    for (size_t at = dir.find(token); at != std::string::npos; at = dir.find(token, at)) {
      dir.replace(at, token.size(), origin);
      at += origin.size();
    }
  }
  return dir;
}

}  // namespace

Result<ElfDynamicInfo> ParseElfDynamicInfo(std::string_view bytes, const std::string& path) {
  Reader r(bytes, path);
  if (!r.Has(0, 64) || bytes.substr(0, 4) != std::string_view("\x7f" "ELF", 4)) {
    return InvalidArgument(path + ": not an ELF file");
  }
  if (bytes[4] != 2 || bytes[5] != 1) {
    return InvalidArgument(path + ": not a 64-bit little-endian ELF file");
  }
  ElfDynamicInfo info;
  const unsigned machine = r.Get<uint16_t>(18);
  info.machine = machine == kMachineX86_64    ? "x86_64"
                 : machine == kMachineAarch64 ? "arm64"
                                              : "elf-machine-" + std::to_string(machine);
  const uint64_t phoff = r.Get<uint64_t>(32);
  const uint16_t phentsize = r.Get<uint16_t>(54);
  const uint16_t phnum = r.Get<uint16_t>(56);
  if (phnum != 0 && phentsize < 56) return r.Bad("program header entry size " + std::to_string(phentsize));
  if (!r.Has(phoff, uint64_t{phnum} * phentsize)) return r.Bad("program headers outside the file");

  std::vector<Segment> segments;
  for (uint16_t i = 0; i < phnum; ++i) {
    const uint64_t at = phoff + uint64_t{i} * phentsize;
    segments.push_back({r.Get<uint32_t>(at), r.Get<uint64_t>(at + 8), r.Get<uint64_t>(at + 16),
                        r.Get<uint64_t>(at + 32)});
  }
  const Segment* dynamic = nullptr;
  for (const Segment& s : segments) {
    if (s.type == kPtInterp) {
      if (!r.Has(s.offset, s.filesz) || s.filesz == 0) return r.Bad("PT_INTERP outside the file");
      std::string_view interp = bytes.substr(s.offset, s.filesz);
      info.interpreter = std::string(interp.substr(0, interp.find('\0')));
    } else if (s.type == kPtDynamic) {
      dynamic = &s;
    }
  }
  if (dynamic == nullptr) return info;  // statically linked
  if (!r.Has(dynamic->offset, dynamic->filesz)) return r.Bad("PT_DYNAMIC outside the file");

  // Collect the entries first: DT_STRTAB may come after the entries that index into it.
  std::vector<std::pair<uint64_t, uint64_t>> entries;
  uint64_t strtab_vaddr = 0, strsz = 0;
  bool have_strtab = false;
  for (uint64_t at = dynamic->offset; at + 16 <= dynamic->offset + dynamic->filesz; at += 16) {
    const uint64_t tag = r.Get<uint64_t>(at), value = r.Get<uint64_t>(at + 8);
    if (tag == kDtNull) break;
    if (tag == kDtStrtab) strtab_vaddr = value, have_strtab = true;
    if (tag == kDtStrsz) strsz = value;
    entries.emplace_back(tag, value);
  }
  auto string_at = [&](uint64_t index) -> Result<std::string> {
    if (!have_strtab) return r.Bad("DT_NEEDED/DT_SONAME without DT_STRTAB");
    if (index >= strsz) return r.Bad("dynamic string offset " + std::to_string(index) +
                                     " past DT_STRSZ " + std::to_string(strsz));
    for (const Segment& s : segments) {  // the string table's file offset, via its PT_LOAD
      if (s.type != kPtLoad || strtab_vaddr < s.vaddr || strtab_vaddr - s.vaddr >= s.filesz) continue;
      const uint64_t offset = s.offset + (strtab_vaddr - s.vaddr);
      if (!r.Has(offset, strsz)) return r.Bad("DT_STRTAB outside the file");
      std::string_view table = bytes.substr(offset, strsz).substr(index);
      const size_t end = table.find('\0');
      if (end == std::string_view::npos) return r.Bad("unterminated dynamic string");
      return std::string(table.substr(0, end));
    }
    return r.Bad("DT_STRTAB address is in no loaded segment");
  };
  for (const auto& [tag, value] : entries) {
    if (tag != kDtNeeded && tag != kDtSoname && tag != kDtRpath && tag != kDtRunpath) continue;
    TL_ASSIGN_OR_RETURN(std::string s, string_at(value));
    if (tag == kDtNeeded) info.needed.push_back(std::move(s));
    if (tag == kDtSoname) info.soname = std::move(s);
    if (tag == kDtRpath) info.rpath = SplitPath(s);
    if (tag == kDtRunpath) info.runpath = SplitPath(s);
  }
  return info;
}

std::vector<std::string> DefaultLibraryDirs(const std::string& machine) {
  if (machine == "arm64") {
    // Debian multiarch (libfoo:arm64), then the cross toolchain's own runtime.
    return {"/usr/local/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/aarch64-linux-gnu/lib"};
  }
  return {"/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
          "/usr/local/lib", "/lib64", "/usr/lib64", "/lib", "/usr/lib"};
}

Result<SharedLibraries> ResolveSharedLibraries(const std::string& path,
                                               const std::vector<std::string>& dirs) {
  TL_ASSIGN_OR_RETURN(std::string bytes, internal::ReadFile(path, "executable"));
  TL_ASSIGN_OR_RETURN(ElfDynamicInfo exe, ParseElfDynamicInfo(bytes, path));
  return ResolveSharedLibraries(exe, path, dirs);
}

Result<SharedLibraries> ResolveSharedLibraries(const ElfDynamicInfo& exe, const std::string& path,
                                               const std::vector<std::string>& dirs) {
  SharedLibraries out;
  out.machine = exe.machine;
  const std::vector<std::string> search = dirs.empty() ? DefaultLibraryDirs(exe.machine) : dirs;

  // The first candidate the loader would accept: a regular ELF file of the executable's
  // machine. Empty path when there is none.
  struct Found {
    std::string path;
    ElfDynamicInfo info;
  };
  auto first_usable = [&](const std::vector<std::string>& candidates) -> Result<Found> {
    for (const auto& candidate : candidates) {
      std::error_code ec;
      if (!fs::is_regular_file(candidate, ec)) continue;
      TL_ASSIGN_OR_RETURN(std::string lib, internal::ReadFile(candidate, "shared library"));
      auto info = ParseElfDynamicInfo(lib, candidate);
      if (info.ok() && info->machine == exe.machine) return Found{candidate, std::move(*info)};
    }
    return Found{};
  };

  std::string loader_name;
  if (!exe.interpreter.empty()) {
    loader_name = fs::path(exe.interpreter).filename().string();
    std::vector<std::string> where = {exe.interpreter};
    for (const auto& d : search) where.push_back(d + "/" + loader_name);
    TL_ASSIGN_OR_RETURN(Found loader, first_usable(where));
    if (loader.path.empty()) {
      return NotFound("dynamic loader " + exe.interpreter + " for " + exe.machine +
                      " not found (install the target's libc6, e.g. libc6:arm64)");
    }
    out.loader = loader.path;
  }

  struct Pending {
    std::string name, needed_by, origin;
    std::vector<std::string> object_dirs;
  };
  auto dirs_of = [](const ElfDynamicInfo& info) {
    return info.runpath.empty() ? info.rpath : info.runpath;
  };
  std::deque<Pending> queue;
  std::set<std::string> seen = {loader_name};
  const std::string exe_origin = fs::absolute(path).parent_path().string();
  for (const auto& n : exe.needed) queue.push_back({n, path, exe_origin, dirs_of(exe)});
  while (!queue.empty()) {
    Pending item = std::move(queue.front());
    queue.pop_front();
    if (!seen.insert(item.name).second) continue;
    std::vector<std::string> where;
    if (item.name.find('/') != std::string::npos) {
      where.push_back(item.name);
    } else {
      for (const auto& d : item.object_dirs) where.push_back(ExpandOrigin(d, item.origin) + "/" + item.name);
      for (const auto& d : search) where.push_back(d + "/" + item.name);
    }
    TL_ASSIGN_OR_RETURN(Found found, first_usable(where));
    if (found.path.empty()) {
      return NotFound("shared library " + item.name + " (needed by " + item.needed_by + ") for " +
                      exe.machine + " not found in " + std::to_string(where.size()) +
                      " places; first tried " + where.front());
    }
    const std::string origin = fs::path(found.path).parent_path().string();
    for (const auto& n : found.info.needed) {
      queue.push_back({n, found.path, origin, dirs_of(found.info)});
    }
    out.libraries.emplace_back(item.name, std::move(found.path));
  }
  return out;
}

}  // namespace tradelet::lambda
