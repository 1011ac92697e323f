#include "tradelet/lambda/packager.h"

#include <gtest/gtest.h>

namespace tradelet::lambda {
namespace {

TEST(ParseLddOutput, LibrariesAndLoader) {
  const char* text =
      "\tlinux-vdso.so.1 (0x00007ffd5a1f7000)\n"
      "\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f0d1c200000)\n"
      "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0d1c01e000)\n"
      "\t/lib64/ld-linux-x86-64.so.2 (0x00007f0d1c5a9000)\n";
  auto r = ParseLddOutput(text);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->libraries.size(), 2u);
  EXPECT_EQ(r->libraries[0].first, "libstdc++.so.6");
  EXPECT_EQ(r->libraries[0].second, "/lib/x86_64-linux-gnu/libstdc++.so.6");
  EXPECT_EQ(r->libraries[1].first, "libc.so.6");
  EXPECT_EQ(r->loader, "/lib64/ld-linux-x86-64.so.2");
}

TEST(ParseLddOutput, ArmLoaderAndStaticBinaries) {
  auto arm = ParseLddOutput(
      "\tlibc.so.6 => /lib/aarch64-linux-gnu/libc.so.6 (0x0000ffff)\n"
      "\t/lib/ld-linux-aarch64.so.1 (0x0000ffff)\n");
  ASSERT_TRUE(arm.ok());
  EXPECT_EQ(arm->loader, "/lib/ld-linux-aarch64.so.1");
  auto st = ParseLddOutput("\tstatically linked\n");
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->libraries.empty());
  EXPECT_TRUE(st->loader.empty());
}

TEST(ParseLddOutput, MissingLibraryIsNamed) {
  auto r = ParseLddOutput("\tlibfoo.so.1 => not found\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("libfoo.so.1"), std::string::npos);
}

TEST(PackageLambda, BadInputsAreNamed) {
  PackageOptions o;
  o.binary = "/nonexistent/tradelet";
  o.config = "/nonexistent/s.toml";
  o.output = "/tmp/x.zip";
  auto r = PackageLambda(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/s.toml"), std::string::npos);
  EXPECT_EQ(PackageLambda(PackageOptions{}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tradelet::lambda
