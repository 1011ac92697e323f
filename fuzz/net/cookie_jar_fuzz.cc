// Fuzzes the HTTPS client's parsers: the first line is a URL (ParseUrl, ResolveLocation against
// a fixed base, ParseProxy), every further line a Set-Cookie header value received from that URL
// (CookieJar::SetFromHeader, then CookieHeaderFor), and the whole input a cookies.txt file
// (CookieJar::Parse). Any bytes must give a value or an InvalidArgument, never a crash; a jar,
// once built, must survive Serialize -> Parse -> Serialize unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tradelet/net/cookie_jar.h"
#include "tradelet/net/proxy.h"
#include "tradelet/net/url.h"

namespace {

using namespace tradelet;

const Timestamp kNow = Timestamp::FromUnixSeconds(1'767'225'600);

void ExpectInvalidArgumentOr(const Status& s) {
  if (!s.ok() && s.code() != StatusCode::kInvalidArgument) std::abort();
}

void CheckRoundTrip(const net::CookieJar& jar) {
  const std::string text = jar.Serialize(kNow);
  auto back = net::CookieJar::Parse(text, "fuzz", kNow);
  if (!back.ok()) std::abort();
  if (back->Serialize(kNow) != text) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  const std::string_view first = input.substr(0, nl);
  std::string_view rest = nl == std::string_view::npos ? "" : input.substr(nl + 1);

  const net::Url base = *net::ParseUrl("https://fc.yahoo.com/a/b?x=1");
  auto url = net::ParseUrl(first);
  ExpectInvalidArgumentOr(url.status());
  if (url.ok() && (url->host.empty() || url->target.empty() || url->target.front() != '/' ||
                   url->port < 1 || url->port > 65535)) {
    std::abort();
  }
  ExpectInvalidArgumentOr(net::ResolveLocation(base, first).status());
  ExpectInvalidArgumentOr(net::ParseProxy(std::string(first)).status());
  (void)net::ParseCookieDate(first);

  const net::Url& origin = url.ok() ? *url : base;
  net::CookieJar jar;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
    ExpectInvalidArgumentOr(jar.SetFromHeader(origin, line, kNow));
  }
  (void)jar.CookieHeaderFor(origin, kNow);
  (void)jar.CookieHeaderFor(base, kNow);
  CheckRoundTrip(jar);

  auto file = net::CookieJar::Parse(input, "fuzz", kNow);
  ExpectInvalidArgumentOr(file.status());
  if (file.ok()) {
    (void)file->CookieHeaderFor(origin, kNow);
    CheckRoundTrip(*file);
  }
  return 0;
}
