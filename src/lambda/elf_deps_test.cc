#include "tradelet/lambda/elf_deps.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "subprocess.h"
#include "tradelet/lambda/packager.h"

namespace tradelet::lambda {
namespace {
namespace fs = std::filesystem;

// A minimal 64-bit little-endian ELF image written field by field from the gABI layout: one
// PT_LOAD mapping the whole file at vaddr 0x400000, an optional PT_INTERP, and a PT_DYNAMIC
// with the given string-valued entries. Independent of the parser under test.
struct ElfImage {
  uint16_t machine = 183;
  std::string interpreter;
  std::vector<std::pair<uint64_t, std::string>> entries;  // (tag, string)
  bool drop_strtab = false;
  uint64_t strsz_override = 0;

  std::string Build() const {
    std::string strtab(1, '\0');
    std::vector<std::pair<uint64_t, uint64_t>> dyn;
    for (const auto& [tag, s] : entries) {
      dyn.emplace_back(tag, strtab.size());
      strtab += s;
      strtab.push_back('\0');
    }
    const uint64_t phnum = interpreter.empty() ? 2 : 3;
    const uint64_t phoff = 64, interp_off = phoff + 56 * phnum;
    const uint64_t strtab_off = interp_off + interpreter.size() + 1;
    const uint64_t dyn_off = (strtab_off + strtab.size() + 7) / 8 * 8;
    if (!drop_strtab) dyn.emplace_back(5, 0x400000 + strtab_off);
    dyn.emplace_back(10, strsz_override ? strsz_override : strtab.size());
    dyn.emplace_back(0, 0);
    const uint64_t size = dyn_off + 16 * dyn.size();
    std::string b(size, '\0');
    auto put = [&](uint64_t at, uint64_t v, int n) { std::memcpy(&b[at], &v, n); };
    std::memcpy(&b[0], "\x7f" "ELF", 4);
    b[4] = 2;  // ELFCLASS64
    b[5] = 1;  // ELFDATA2LSB
    b[6] = 1;
    put(16, 3, 2);  // ET_DYN
    put(18, machine, 2);
    put(32, phoff, 8);
    put(52, 64, 2);
    put(54, 56, 2);
    put(56, phnum, 2);
    auto phdr = [&](int i, uint32_t type, uint64_t off, uint64_t filesz) {
      const uint64_t at = phoff + 56 * i;
      put(at, type, 4);
      put(at + 8, off, 8);
      put(at + 16, 0x400000 + off, 8);
      put(at + 32, filesz, 8);
    };
    phdr(0, 1, 0, size);
    phdr(1, 2, dyn_off, 16 * dyn.size());
    if (!interpreter.empty()) {
      phdr(2, 3, interp_off, interpreter.size() + 1);
      std::memcpy(&b[interp_off], interpreter.data(), interpreter.size());
    }
    std::memcpy(&b[strtab_off], strtab.data(), strtab.size());
    for (size_t i = 0; i < dyn.size(); ++i) {
      put(dyn_off + 16 * i, dyn[i].first, 8);
      put(dyn_off + 16 * i + 8, dyn[i].second, 8);
    }
    return b;
  }
};

TEST(ElfDynamicInfo, ReadsInterpreterNeededSonameAndRunpath) {
  ElfImage img;
  img.interpreter = "/lib/ld-linux-aarch64.so.1";
  img.entries = {{1, "libssl.so.3"}, {14, "libx.so.1"}, {1, "libc.so.6"}, {29, "$ORIGIN/lib:/opt/a"}};
  auto info = ParseElfDynamicInfo(img.Build(), "img");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->machine, "arm64");
  EXPECT_EQ(info->interpreter, "/lib/ld-linux-aarch64.so.1");
  EXPECT_EQ(info->soname, "libx.so.1");
  EXPECT_EQ(info->needed, (std::vector<std::string>{"libssl.so.3", "libc.so.6"}));
  EXPECT_EQ(info->runpath, (std::vector<std::string>{"$ORIGIN/lib", "/opt/a"}));
  EXPECT_TRUE(info->rpath.empty());
}

TEST(ElfDynamicInfo, MalformedFilesAreNamedNotCrashed) {
  ElfImage img;
  img.entries = {{1, "libc.so.6"}};
  const std::string good = img.Build();
  EXPECT_NE(ParseElfDynamicInfo("#!/bin/sh\n", "script").status().message().find("script: not an ELF"),
            std::string::npos);
  std::string be = good;
  be[5] = 2;  // big-endian
  EXPECT_EQ(ParseElfDynamicInfo(be, "be").status().code(), StatusCode::kInvalidArgument);
  for (size_t cut : {size_t{63}, size_t{100}, good.size() - 20}) {
    auto r = ParseElfDynamicInfo(good.substr(0, cut), "cut");
    EXPECT_FALSE(r.ok()) << "truncated at " << cut;
    EXPECT_NE(r.status().message().find("cut"), std::string::npos);
  }
  ElfImage no_strtab = img;
  no_strtab.drop_strtab = true;
  EXPECT_NE(ParseElfDynamicInfo(no_strtab.Build(), "n").status().message().find("DT_STRTAB"),
            std::string::npos);
  ElfImage short_strsz = img;
  short_strsz.strsz_override = 1;  // DT_NEEDED's offset 1 is past the table
  EXPECT_NE(ParseElfDynamicInfo(short_strsz.Build(), "s").status().message().find("DT_STRSZ"),
            std::string::npos);
}

// The independent check: on this (x86_64) host, the reader must find exactly what ldd finds for
// a real executable with many libraries, this test binary itself.
TEST(ResolveSharedLibraries, AgreesWithLddOnThisExecutable) {
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  auto ldd = internal::RunCommand({"ldd", self});
  if (!ldd.ok() || ldd->exit_code != 0) GTEST_SKIP() << "ldd is not available here";
  auto expected = ParseLddOutput(ldd->out);
  ASSERT_TRUE(expected.ok());
  auto got = ResolveSharedLibraries(self);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  std::map<std::string, std::string> want, have;
  for (const auto& [name, path] : expected->libraries) want[name] = fs::canonical(path).string();
  for (const auto& [name, path] : got->libraries) have[name] = fs::canonical(path).string();
  EXPECT_GE(want.size(), 5u);
  EXPECT_EQ(have, want);
  EXPECT_EQ(fs::canonical(got->loader), fs::canonical(expected->loader));
}

TEST(ResolveSharedLibraries, MissingLibraryNamesItAndItsUser) {
  ElfImage img;
  img.machine = 62;
  img.entries = {{1, "libdoes-not-exist.so.7"}};
  const fs::path dir = fs::temp_directory_path() / "tradelet-elf-deps-test";
  fs::create_directories(dir);
  const std::string exe = (dir / "exe").string();
  {
    std::ofstream(exe, std::ios::binary) << img.Build();
  }
  auto r = ResolveSharedLibraries(exe, {dir.string()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("libdoes-not-exist.so.7 (needed by " + exe), std::string::npos);
  fs::remove_all(dir);
}

// A wrong-architecture library of the right name is skipped, as the loader skips it, and the
// search goes on to the next directory; $ORIGIN in a RUNPATH is the object's own directory.
TEST(ResolveSharedLibraries, SkipsOtherMachinesAndExpandsOrigin) {
  const fs::path dir = fs::temp_directory_path() / "tradelet-elf-deps-origin";
  fs::remove_all(dir);
  fs::create_directories(dir / "lib");
  fs::create_directories(dir / "x86");
  auto write = [](const fs::path& p, const ElfImage& img) {
    std::ofstream(p, std::ios::binary) << img.Build();
  };
  ElfImage exe;
  exe.entries = {{1, "liba.so.1"}, {29, "$ORIGIN/x86:$ORIGIN/lib"}};
  ElfImage a;
  a.entries = {{14, "liba.so.1"}};
  ElfImage a_x86 = a;
  a_x86.machine = 62;
  write(dir / "exe", exe);
  write(dir / "x86" / "liba.so.1", a_x86);
  write(dir / "lib" / "liba.so.1", a);
  auto r = ResolveSharedLibraries((dir / "exe").string(), {"/nonexistent"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->libraries.size(), 1u);
  EXPECT_EQ(r->libraries[0].second, (dir / "lib" / "liba.so.1").string());
  EXPECT_EQ(r->machine, "arm64");
  fs::remove_all(dir);
}

// With Debian's arm64 packages installed (scripts/setup), a real arm64 libssl resolves to arm64
// files only, ending at glibc.
TEST(ResolveSharedLibraries, RealArm64LibraryFromMultiarch) {
  const std::string ssl = "/usr/lib/aarch64-linux-gnu/libssl.so.3";
  if (!fs::exists(ssl)) GTEST_SKIP() << ssl << " missing (scripts/setup installs libssl-dev:arm64)";
  auto r = ResolveSharedLibraries(ssl);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::set<std::string> names;
  for (const auto& [name, path] : r->libraries) {
    names.insert(name);
    EXPECT_NE(path.find("aarch64"), std::string::npos) << path;
  }
  EXPECT_TRUE(names.count("libcrypto.so.3"));
  EXPECT_TRUE(names.count("libc.so.6"));
  EXPECT_EQ(r->machine, "arm64");
}

}  // namespace
}  // namespace tradelet::lambda
