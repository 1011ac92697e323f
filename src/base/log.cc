#include "tradelet/base/log.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "tradelet/base/clock.h"

namespace tradelet {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};

struct State {
  std::mutex mu;
  std::function<void(std::string_view)> sink;
  std::vector<std::string> secrets;
};

State& state() {
  static State* s = new State();
  return *s;
}

void WriteStderr(std::string_view line) {
  // One write per line so concurrent writers do not interleave.
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(2, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
    case LogLevel::kOff: return "off";
  }
  return "info";
}

bool ParseLogLevel(std::string_view name, LogLevel* out) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError,
                     LogLevel::kOff}) {
    if (name == LogLevelName(l)) {
      *out = l;
      return true;
    }
  }
  if (name == "warning") {
    *out = LogLevel::kWarn;
    return true;
  }
  return false;
}

void Logger::SetLevel(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel Logger::level() { return static_cast<LogLevel>(g_level.load()); }

void Logger::SetSink(std::function<void(std::string_view)> sink) {
  std::lock_guard<std::mutex> lock(state().mu);
  state().sink = std::move(sink);
}

void Logger::ResetSink() { SetSink(nullptr); }

void Logger::RegisterSecret(std::string secret) {
  if (secret.size() < 4) return;  // too short to mask without mangling ordinary text
  std::lock_guard<std::mutex> lock(state().mu);
  auto& v = state().secrets;
  if (std::find(v.begin(), v.end(), secret) == v.end()) v.push_back(std::move(secret));
}

void Logger::RegisterSecretsFromEnvironment() {
  for (const char* name : {"APCA_API_SECRET_KEY", "APCA_API_KEY_ID", "ALPACAPW", "ALPACAUSER",
                           "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
    if (const char* v = std::getenv(name)) RegisterSecret(v);
  }
}

std::string Logger::Redact(std::string_view text) {
  std::string out(text);
  std::lock_guard<std::mutex> lock(state().mu);
  for (const auto& s : state().secrets) {
    for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos)) {
      out.replace(pos, s.size(), "[REDACTED]");
      pos += 10;
    }
  }
  return out;
}

bool Logger::IsSecretKey(std::string_view key) {
  std::string k(key);
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"secret", "password", "passwd", "token", "authorization", "cookie",
                           "crumb", "api_key", "apikey", "key_id", "credential"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  return false;
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // JSON text is UTF-8: a valid sequence is copied, any other byte (binary input echoed
      // into a message) becomes U+FFFD, so the output always parses.
      const size_t len = (c >> 5) == 6 && c >= 0xc2    ? 2
                         : (c >> 4) == 14              ? 3
                         : (c >> 3) == 30 && c <= 0xf4 ? 4
                                                       : 0;
      bool valid = len > 0 && i + len <= s.size();
      for (size_t k = 1; valid && k < len; ++k) {
        valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
      }
      if (valid) {
        out->append(s.substr(i, len));
        i += len - 1;
      } else {
        *out += "\\ufffd";
      }
      continue;
    }
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

LogLine::LogLine(LogLevel level, std::string_view message)
    : enabled_(level != LogLevel::kOff && static_cast<int>(level) >= g_level.load()) {
  if (!enabled_) return;
  buf_ = "{\"ts\":";
  AppendJsonString(&buf_, FormatTimestamp(RealClock::Get().Now()));
  buf_ += ",\"level\":";
  AppendJsonString(&buf_, LogLevelName(level));
  buf_ += ",\"msg\":";
  AppendJsonString(&buf_, Logger::Redact(message));
}

LogLine::~LogLine() {
  if (!enabled_) return;
  buf_ += "}\n";
  std::function<void(std::string_view)> sink;
  {
    std::lock_guard<std::mutex> lock(state().mu);
    sink = state().sink;
  }
  if (sink) {
    sink(buf_);
  } else {
    WriteStderr(buf_);
  }
}

LogLine& LogLine::Field(std::string_view key, std::string_view value) {
  if (!enabled_) return *this;
  buf_ += ',';
  AppendJsonString(&buf_, key);
  buf_ += ':';
  AppendJsonString(&buf_, Logger::IsSecretKey(key) ? std::string("[REDACTED]")
                                                   : Logger::Redact(value));
  return *this;
}

LogLine& LogLine::Field(std::string_view key, int64_t value) {
  if (!enabled_) return *this;
  buf_ += ',';
  AppendJsonString(&buf_, key);
  buf_ += ':' + std::to_string(value);
  return *this;
}

LogLine& LogLine::Field(std::string_view key, uint64_t value) {
  if (!enabled_) return *this;
  buf_ += ',';
  AppendJsonString(&buf_, key);
  buf_ += ':' + std::to_string(value);
  return *this;
}

LogLine& LogLine::Field(std::string_view key, double value) {
  if (!enabled_) return *this;
  buf_ += ',';
  AppendJsonString(&buf_, key);
  if (std::isfinite(value)) {
    char b[32];
    std::snprintf(b, sizeof b, ":%.17g", value);
    buf_ += b;
  } else {
    buf_ += ":null";  // JSON has no NaN/inf
  }
  return *this;
}

LogLine& LogLine::Field(std::string_view key, bool value) {
  if (!enabled_) return *this;
  buf_ += ',';
  AppendJsonString(&buf_, key);
  buf_ += value ? ":true" : ":false";
  return *this;
}

}  // namespace tradelet
