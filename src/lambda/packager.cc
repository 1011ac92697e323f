#include "tradelet/lambda/packager.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "file_io.h"
#include "subprocess.h"
#include "tradelet/lambda/elf_deps.h"
#include "tradelet/lambda/function_config.h"

namespace tradelet::lambda {
namespace fs = std::filesystem;
using internal::ReadFile;
using internal::RunCommand;
using internal::WriteFileAtomically;

namespace {

// The strip that understands `machine`'s object files: the host's own, or the Debian cross
// binutils' (binutils-aarch64-linux-gnu, pulled in by g++-aarch64-linux-gnu).
std::string StripTool(const std::string& machine) {
#if defined(__x86_64__)
  const char* host = "x86_64";
#elif defined(__aarch64__)
  const char* host = "arm64";
#else
  const char* host = "";
#endif
  if (machine == host) return "strip";
  return machine == "arm64" ? "aarch64-linux-gnu-strip" : "x86_64-linux-gnu-strip";
}

Status RunTool(const std::vector<std::string>& argv) {
  TL_ASSIGN_OR_RETURN(auto out, RunCommand(argv));
  if (out.exit_code != 0) {
    return Internal(argv[0] + " failed (exit " + std::to_string(out.exit_code) + "): " + out.out);
  }
  return Status::Ok();
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "tradelet-package-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

Result<LddResult> ParseLddOutput(const std::string& text) {
  LddResult result;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    line = line.substr(first);
    if (line.find("statically linked") != std::string::npos ||
        line.find("not a dynamic executable") != std::string::npos) {
      continue;
    }
    const auto arrow = line.find(" => ");
    if (arrow != std::string::npos) {
      const std::string name = line.substr(0, arrow);
      std::string rest = line.substr(arrow + 4);
      if (rest.rfind("not found", 0) == 0) {
        return NotFound("shared library " + name + " not found by ldd");
      }
      const auto paren = rest.find(" (");
      std::string path = rest.substr(0, paren);
      if (path.empty()) continue;  // "linux-vdso.so.1 =>  (0x...)" on some systems
      result.libraries.emplace_back(name, path);
      continue;
    }
    const auto paren = line.find(" (");
    const std::string name = line.substr(0, paren);
    if (name.rfind("linux-vdso", 0) == 0 || name.rfind("linux-gate", 0) == 0) continue;
    if (!name.empty() && name.front() == '/') result.loader = name;
  }
  return result;
}

Result<PackageSummary> PackageLambda(const PackageOptions& options) {
  if (options.binary.empty() || options.config.empty() || options.output.empty()) {
    return InvalidArgument("package lambda: binary, config and output are required");
  }
  PackageSummary summary;
  TL_ASSIGN_OR_RETURN(FunctionConfig config, LoadFunctionConfig(options.config));
  if (options.validate_config) TL_RETURN_IF_ERROR(options.validate_config(options.config));
  TL_ASSIGN_OR_RETURN(std::string binary, ReadFile(options.binary, "binary"));
  TL_ASSIGN_OR_RETURN(ElfDynamicInfo exe, ParseElfDynamicInfo(binary, options.binary));
  if (exe.machine != "x86_64" && exe.machine != "arm64") {
    return InvalidArgument(options.binary + ": ELF machine " + exe.machine +
                           " is neither x86_64 nor arm64, the two Lambda architectures");
  }
  summary.machine = exe.machine;
  TL_ASSIGN_OR_RETURN(std::string ca, ReadFile(options.ca_bundle, "CA bundle"));
  // Read from the ELF files themselves (not ldd), so an arm64 binary packages on an x86_64 host.
  TL_ASSIGN_OR_RETURN(SharedLibraries libs, ResolveSharedLibraries(exe, options.binary));

  std::vector<ZipEntry> entries;
  auto add = [&](std::string name, std::string data, uint32_t mode, std::string source) {
    summary.files.push_back({name, std::move(source), data.size()});
    entries.push_back({std::move(name), std::move(data), mode});
  };

  TempDir tmp;
  if (tmp.path().empty()) return Internal("cannot create a temporary directory");
  const std::string work = tmp.path() + "/bootstrap";
  {
    std::ofstream out(work, std::ios::binary);
    out.write(binary.data(), static_cast<std::streamsize>(binary.size()));
    if (!out.flush()) return DataLoss("cannot write " + work);
  }
  if (options.strip) TL_RETURN_IF_ERROR(RunTool({StripTool(exe.machine), "--strip-all", work}));
  if (!libs.loader.empty()) {
    summary.interpreter =
        (fs::path(options.task_root) / "lib" / fs::path(libs.loader).filename()).string();
    TL_RETURN_IF_ERROR(RunTool({"patchelf", "--set-interpreter", summary.interpreter,
                                "--force-rpath", "--set-rpath", "$ORIGIN/lib", work}));
    TL_ASSIGN_OR_RETURN(std::string loader, ReadFile(libs.loader, "dynamic loader"));
    add("lib/" + fs::path(libs.loader).filename().string(), std::move(loader), 0755,
        fs::canonical(libs.loader).string());
  }
  TL_ASSIGN_OR_RETURN(std::string patched, ReadFile(work, "patched binary"));
  add("bootstrap", std::move(patched), 0755, options.binary);
  for (const auto& [soname, path] : libs.libraries) {
    TL_ASSIGN_OR_RETURN(std::string data, ReadFile(path, "shared library"));
    std::error_code ec;
    const fs::path real = fs::canonical(path, ec);
    add("lib/" + soname, std::move(data), 0755, ec ? path : real.string());
  }
  TL_ASSIGN_OR_RETURN(std::string config_text, ReadFile(options.config, "strategy config"));
  add(std::string(kConfigDir) + "/" + fs::path(options.config).filename().string(),
      std::move(config_text), 0644, options.config);
  add(kCaBundlePath, std::move(ca), 0644, options.ca_bundle);

  TL_ASSIGN_OR_RETURN(std::string zip,
                      BuildZip(std::move(entries), &summary.stats, options.zip_level));
  if (summary.stats.zip_bytes > options.max_zip_bytes) {
    return OutOfRange("package lambda: the zip would be " +
                      std::to_string(summary.stats.zip_bytes) + " bytes, over the budget of " +
                      std::to_string(options.max_zip_bytes) +
                      " bytes; nothing was written (--max-mb 50 allows up to Lambda's 50 MB "
                      "direct-upload limit)");
  }
  TL_RETURN_IF_ERROR(WriteFileAtomically(options.output, zip));
  std::sort(summary.files.begin(), summary.files.end(),
            [](const PackagedFile& a, const PackagedFile& b) { return a.name < b.name; });
  return summary;
}

}  // namespace tradelet::lambda
