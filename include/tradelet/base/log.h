// Structured logging: one JSON object per line on stderr (CloudWatch and jq read it as is).
//
//   TL_LOG(kInfo, "order placed").Field("symbol", "AAPL").Field("qty", 10);
//
// Secrets never reach the output: fields whose key looks secret (key, secret, token, password,
// authorization, cookie, crumb) are written as "[REDACTED]", and any value registered with
// RegisterSecret() is masked wherever it appears in a message or field.
// Thread-safe: each line is written with a single write.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace tradelet {

enum class LogLevel { kDebug = 0, kInfo, kWarn, kError, kOff };

std::string_view LogLevelName(LogLevel level);
// "debug", "info", "warn", "error", "off"; unknown names leave the level unchanged.
bool ParseLogLevel(std::string_view name, LogLevel* out);

class Logger {
 public:
  static void SetLevel(LogLevel level);
  static LogLevel level();
  // Where lines go (default: stderr). For tests and for the Lambda runtime (stdout).
  static void SetSink(std::function<void(std::string_view line)> sink);
  static void ResetSink();
  // Masks `secret` (if at least 4 characters) in every later line.
  static void RegisterSecret(std::string secret);
  // Registers the values of the credential environment variables tradelet reads.
  static void RegisterSecretsFromEnvironment();
  static std::string Redact(std::string_view text);
  static bool IsSecretKey(std::string_view key);
};

// One log line under construction; written when it goes out of scope.
class LogLine {
 public:
  LogLine(LogLevel level, std::string_view message);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  LogLine& Field(std::string_view key, std::string_view value);
  LogLine& Field(std::string_view key, const char* value) { return Field(key, std::string_view(value)); }
  LogLine& Field(std::string_view key, const std::string& value) {
    return Field(key, std::string_view(value));
  }
  LogLine& Field(std::string_view key, int64_t value);
  LogLine& Field(std::string_view key, int value) { return Field(key, static_cast<int64_t>(value)); }
  LogLine& Field(std::string_view key, uint64_t value);
  LogLine& Field(std::string_view key, double value);
  LogLine& Field(std::string_view key, bool value);

 private:
  bool enabled_;
  std::string buf_;
};

// Appends `s` as a JSON string literal (with quotes) to `out`.
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace tradelet

#define TL_LOG(level, message) ::tradelet::LogLine(::tradelet::LogLevel::level, message)
