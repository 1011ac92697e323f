// ReadBundle: memory-maps a *.tlb, checks it is not stale, and loads it (bundle_read.cc). The
// series' columns view the mapping in place; the mapping lives as long as any of them.
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "bundle_format.h"
#include "tradelet/base/log.h"

namespace tradelet::data {
namespace {

// The mapping, released when the last column viewing it goes (or on an error path).
struct Mapping {
  void* addr = MAP_FAILED;
  size_t size = 0;
  ~Mapping() {
    if (addr != MAP_FAILED) ::munmap(addr, size);
  }
};

// std::filesystem::path(path).filename() for a POSIX path (the part after the last '/', empty
// when it ends in one) without building a path object: the stale check compares 504 of them.
std::string_view FileName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The CSV files of the open directory `dir` (ListCsvFiles' choice: *.csv, *.csv.gz, *.CSV that
// are regular files, symbolic links followed), sorted by name; false when it cannot list them
// all, or there are none (ListCsvFiles' errors). One read of the directory: the entries' types
// come with their names (d_type), so only links and entries of unknown type are looked up.
bool ListCsvNames(DIR* dir, std::vector<std::string>* names) {
  errno = 0;
  while (const dirent* e = ::readdir(dir)) {
    const std::string_view name(e->d_name);
    auto ends = [&](std::string_view suf) {
      return name.size() > suf.size() &&
             name.compare(name.size() - suf.size(), suf.size(), suf) == 0;
    };
    if (ends(".csv") || ends(".csv.gz") || ends(".CSV")) {
      bool regular = e->d_type == DT_REG;
      if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
        // ListCsvFiles fails on a *.csv entry it cannot resolve (a dangling link, a loop).
        struct stat st;
        if (::fstatat(::dirfd(dir), e->d_name, &st, 0) != 0) return false;
        regular = S_ISREG(st.st_mode);
      }
      if (regular) names->emplace_back(name);
    }
    errno = 0;
  }
  if (errno != 0) return false;  // readdir failed part way
  std::sort(names->begin(), names->end());
  return !names->empty();
}

// The source files now against the ones recorded; "" when they match. A source directory is
// read once and its files are looked up relative to it (fstatat) instead of each by its whole
// path; a source that is not a directory that opens (one CSV file, or an error) goes through
// ListCsvFiles and stat. The verdicts and messages are the same either way.
std::string StaleReason(const Bundle& b) {
  std::vector<std::string> listed;  // paths, as ListCsvFiles names them
  std::vector<std::string> names;   // their file names, when the directory is read here
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(b.source_abs.c_str()), &::closedir);
  if (dir) {
    if (!ListCsvNames(dir.get(), &names)) return "its source " + b.source_abs + " cannot be listed";
    // ListCsvFiles' paths: the directory joined with the name (std::filesystem's operator/).
    const std::string prefix =
        !b.source_abs.empty() && b.source_abs.back() == '/' ? b.source_abs : b.source_abs + "/";
    listed.reserve(names.size());
    for (const std::string& n : names) listed.push_back(prefix + n);
  } else {
    auto all = ListCsvFiles(b.source_abs);
    if (!all.ok()) return "its source " + b.source_abs + " cannot be listed";
    listed = std::move(*all);
  }
  if (listed.size() != b.files.size()) {
    return "its source " + b.source_abs + " now has " + std::to_string(listed.size()) +
           " CSV files, the bundle " + std::to_string(b.files.size());
  }
  for (size_t i = 0; i < listed.size(); ++i) {
    const std::string& now = listed[i];
    const BundleSource& then = b.files[i];
    if ((dir ? names[i] : FileName(now)) != FileName(then.path)) {
      return "its source files differ (" + now + " where the bundle has " + then.path + ")";
    }
    struct stat st;
    if ((dir ? ::fstatat(::dirfd(dir.get()), names[i].c_str(), &st, 0)
             : ::stat(now.c_str(), &st)) != 0) {
      return now + " cannot be read";
    }
    const int64_t mtime =
        static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    if (static_cast<uint64_t>(st.st_size) != then.size || mtime != then.mtime_ns) {
      return now + " changed after the bundle was written (size " + std::to_string(then.size) +
             " -> " + std::to_string(st.st_size) + ", or its modification time)";
    }
  }
  return "";
}

}  // namespace

bool IsBundlePath(const std::string& path) {
  if (path.size() > 4 && path.compare(path.size() - 4, 4, ".tlb") == 0) return true;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char magic[8] = {};
  struct stat st;
  const bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::pread(fd, magic, 8, 0) == 8 &&
                  std::memcmp(magic, bundle_internal::kMagic, 8) == 0;
  ::close(fd);
  return ok;
}

Result<Bundle> ReadBundle(const std::string& path, const BundleReadOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return NotFound(path + ": no such bundle");
    return InvalidArgument(path + ": cannot open: " + std::strerror(err));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return InvalidArgument(path + ": not a regular file");
  }
  auto map = std::make_shared<Mapping>();
  map->size = static_cast<size_t>(st.st_size);
  if (map->size > 0) {
    // Not populated up front: the threads verifying the checksums fault the pages in, both at
    // once, each fault mapping a run of pages already in the page cache: a whole 2 MB folio
    // when the page cache holds the file in those (WriteBundle writes it so). Marked huge, a
    // file read from disk is read ahead into 2 MB folios too, so the next runs map it in 2 MB
    // pieces as well (on a kernel without THP, or for files that are not, the advice is moot).
    map->addr = ::mmap(nullptr, map->size, PROT_READ, MAP_PRIVATE, fd, 0);
#if defined(MADV_HUGEPAGE)
    if (map->addr != MAP_FAILED) ::madvise(map->addr, map->size, MADV_HUGEPAGE);
#endif
  }
  ::close(fd);
  if (map->size > 0 && map->addr == MAP_FAILED) {
    return InvalidArgument(path + ": cannot map: " + std::strerror(errno));
  }
  const std::span<const uint8_t> bytes(map->size ? static_cast<const uint8_t*>(map->addr) : nullptr,
                                       map->size);
  TL_ASSIGN_OR_RETURN(bundle_internal::Parsed p, bundle_internal::ParseMeta(bytes, path));
  // The source files are compared on this thread while the others start verifying the series
  // (~1 ms of system calls for 504 files, no longer ahead of the verification); a stale bundle
  // still fails with this error, whether or not its series are corrupt too.
  auto stale = [&]() -> Status {
    std::error_code ec;
    if (std::filesystem::exists(p.bundle.source_abs, ec)) {
      if (std::string why = StaleReason(p.bundle); !why.empty()) {
        return InvalidArgument(path + ": stale bundle: " + why +
                               "; rebuild it with tradelet data "
                               "bundle --data " +
                               p.bundle.source + " --out " + path);
      }
    } else {
      TL_LOG(kInfo, "bundle source absent; its files were not compared")
          .Field("bundle", path)
          .Field("source", p.bundle.source_abs);
    }
    return Status::Ok();
  };
  TL_RETURN_IF_ERROR(
      bundle_internal::LoadSeries(p, path, options.threads, map, options.defer_verification,
                                  options.check_stale ? std::function<Status()>(stale) : nullptr));
  return std::move(p.bundle);
}

}  // namespace tradelet::data
