#include "tradelet/lambda/function_config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tradelet/testing/shared_data.h"

namespace tradelet::lambda {
namespace {
namespace fs = std::filesystem;

std::string Write(const std::string& dir, const std::string& name, const std::string& text) {
  fs::create_directories(dir);
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(FunctionConfig, StrategyIdFromNameThenSectionThenStem) {
  const std::string dir = ::tradelet::testing::TempDir("cfg");
  auto a = LoadFunctionConfig(Write(dir, "a.toml", "name = \"trend-15m\"\n[strategy]\nname=\"x\"\n"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->strategy, "trend-15m");
  auto b = LoadFunctionConfig(Write(dir, "b.toml", "[strategy]\nname = \"meanrev\"\n"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->strategy, "meanrev");
  auto c = LoadFunctionConfig(Write(dir, "prophet_trend.toml", "[universe]\ntop = 20\n"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->strategy, "prophet_trend");
}

TEST(FunctionConfig, ParseErrorsNameFileAndLine) {
  const std::string dir = ::tradelet::testing::TempDir("cfg");
  const std::string path = Write(dir, "bad.toml", "name = \"ok\"\n\nthis is not toml\n");
  auto r = LoadFunctionConfig(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find(path + ":3:"), std::string::npos) << r.status().message();
  EXPECT_EQ(LoadFunctionConfig(dir + "/missing.toml").status().code(), StatusCode::kNotFound);
}

TEST(FunctionConfig, ARelativeJournalIsRefusedBecauseTheTaskRootIsReadOnly) {
  const std::string dir = ::tradelet::testing::TempDir("fc-journal");
  auto rel = LoadFunctionConfig(Write(dir, "rel.toml", "[live]\njournal = \"runs.sqlite\"\n"));
  ASSERT_FALSE(rel.ok());
  EXPECT_EQ(rel.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(rel.status().message().find("rel.toml"), std::string::npos);
  EXPECT_NE(rel.status().message().find("live.journal"), std::string::npos);
  EXPECT_TRUE(LoadFunctionConfig(Write(dir, "abs.toml", "[live]\njournal = \"/tmp/j.sqlite\"\n")).ok());
  EXPECT_TRUE(LoadFunctionConfig(Write(dir, "mem.toml", "[live]\njournal = \":memory:\"\n")).ok());
  EXPECT_TRUE(LoadFunctionConfig(Write(dir, "none.toml", "[live]\nsymbols = [\"A\"]\n")).ok());
}

TEST(FunctionConfig, FindsTheOneConfigUnderTheTaskRoot) {
  ::unsetenv("TRADELET_CONFIG");
  const std::string root = ::tradelet::testing::TempDir("task");
  EXPECT_EQ(FindFunctionConfig(root).status().code(), StatusCode::kFailedPrecondition);
  const std::string one = Write(root + "/config", "trend.toml", "");
  Write(root + "/config", "README.md", "");
  auto found = FindFunctionConfig(root);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, one);
  Write(root + "/config", "other.toml", "");
  auto two = FindFunctionConfig(root);
  EXPECT_EQ(two.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(two.status().message().find("found 2"), std::string::npos);
  ::setenv("TRADELET_CONFIG", "/somewhere/x.toml", 1);
  EXPECT_EQ(*FindFunctionConfig(root), "/somewhere/x.toml");
  ::unsetenv("TRADELET_CONFIG");
}

TEST(FunctionConfig, CaBundlePrefersSystemStoresThenTheZipsCopy) {
  ::unsetenv("TRADELET_CA_BUNDLE");
  ::unsetenv("SSL_CERT_FILE");
  const std::string root = ::tradelet::testing::TempDir("task");
  const std::string sys = Write(root + "/sys", "ca-bundle.crt", "x");
  // Amazon Linux 2023 without Debian's path: the AL2023 store is chosen.
  auto chosen = ConfigureCaBundle(root, {root + "/nope/ca-certificates.crt", sys});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, sys);
  EXPECT_STREQ(std::getenv("TRADELET_CA_BUNDLE"), sys.c_str());
  EXPECT_STREQ(std::getenv("SSL_CERT_FILE"), sys.c_str());
  // No system store at all: the bundled copy.
  ::unsetenv("TRADELET_CA_BUNDLE");
  ::unsetenv("SSL_CERT_FILE");
  EXPECT_EQ(ConfigureCaBundle(root, {root + "/nope"}).status().code(), StatusCode::kNotFound);
  const std::string bundled = Write(root + "/certs", "ca-certificates.crt", "y");
  auto fallback = ConfigureCaBundle(root, {root + "/nope"});
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(*fallback, bundled);
  // A user's TRADELET_CA_BUNDLE that exists wins.
  ::setenv("TRADELET_CA_BUNDLE", sys.c_str(), 1);
  EXPECT_EQ(*ConfigureCaBundle(root, {}), sys);
  ::unsetenv("TRADELET_CA_BUNDLE");
  ::unsetenv("SSL_CERT_FILE");
}

}  // namespace
}  // namespace tradelet::lambda
