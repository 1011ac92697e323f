#include "tradelet/lambda/function_config.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <toml++/toml.h>

namespace tradelet::lambda {
namespace fs = std::filesystem;

Result<FunctionConfig> LoadFunctionConfig(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return NotFound("strategy config " + path + ": no such file");
  }
  FunctionConfig config;
  config.path = path;
  try {
    toml::table table = toml::parse_file(path);
    if (auto name = table["name"].value<std::string>()) {
      config.strategy = *name;
    } else if (auto sname = table["strategy"]["name"].value<std::string>()) {
      config.strategy = *sname;
    }
    // A relative journal is resolved against the config, i.e. inside the task root, which is
    // read-only on Lambda: every live run would fail to open it. Refused here, when packaging
    // and at init, rather than at the first trade.
    if (auto journal = table["live"]["journal"].value<std::string>()) {
      if (*journal != ":memory:" && !fs::path(*journal).is_absolute()) {
        return InvalidArgument("strategy config " + path + ": live.journal = \"" + *journal +
                               "\" is relative, so on Lambda it would be inside the read-only "
                               "/var/task; remove it (the function then journals to "
                               "/tmp/tradelet-<strategy>.journal.sqlite) or give an absolute "
                               "path under /tmp");
      }
    }
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "strategy config " << path << ":" << e.source().begin.line << ":"
        << e.source().begin.column << ": " << e.description();
    return InvalidArgument(msg.str());
  }
  if (config.strategy.empty()) config.strategy = fs::path(path).stem().string();
  return config;
}

Result<std::string> FindFunctionConfig(const std::string& task_root) {
  if (const char* env = std::getenv("TRADELET_CONFIG"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  const fs::path dir = fs::path(task_root) / kConfigDir;
  std::error_code ec;
  std::vector<std::string> found;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".toml") found.push_back(it->path().string());
  }
  if (found.size() != 1) {
    return FailedPrecondition("expected exactly one strategy config *.toml in " + dir.string() +
                              ", found " + std::to_string(found.size()) +
                              " (set TRADELET_CONFIG to choose one)");
  }
  return found.front();
}

Result<std::string> ConfigureCaBundle(const std::string& task_root,
                                      const std::vector<std::string>& system_candidates) {
  std::error_code ec;
  if (const char* env = std::getenv("TRADELET_CA_BUNDLE");
      env != nullptr && *env != '\0' && fs::is_regular_file(env, ec)) {
    if (std::getenv("SSL_CERT_FILE") == nullptr) ::setenv("SSL_CERT_FILE", env, 1);
    return std::string(env);
  }
  std::vector<std::string> candidates = system_candidates;
  candidates.push_back((fs::path(task_root) / kCaBundlePath).string());
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c, ec)) {
      ::setenv("TRADELET_CA_BUNDLE", c.c_str(), 1);
      if (std::getenv("SSL_CERT_FILE") == nullptr) ::setenv("SSL_CERT_FILE", c.c_str(), 1);
      return c;
    }
  }
  return NotFound("no CA bundle found (looked at TRADELET_CA_BUNDLE and " +
                  std::to_string(candidates.size()) + " paths ending with " + candidates.back() +
                  "); HTTPS to the broker would fail");
}

}  // namespace tradelet::lambda
