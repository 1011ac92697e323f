// An in-process HttpClient for unit tests: answers from a queue of scripted outcomes (responses or
// transport errors), or from a handler function once the queue is empty, and records every
// request it receives.
//
//   FakeHttpClient fake;
//   fake.Enqueue(HttpResponse{429, {{"Retry-After", "2"}}, "Too Many Requests"});
//   fake.Enqueue(Unavailable("connection reset"));
//   fake.SetHandler([](const HttpRequest& r) { return HttpResponse{200, {}, "{}"}; });
//
// Thread-safety: all methods lock; safe to share between threads.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "tradelet/net/http.h"

namespace tradelet::net {

class FakeHttpClient final : public HttpClient {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  // Outcomes are used in FIFO order, one per request.
  void Enqueue(Result<HttpResponse> outcome);
  void Enqueue(int status, std::string body, Headers headers = {});
  // Used when the queue is empty. Without a handler an unscripted request fails with
  // kFailedPrecondition naming the URL (so a test never passes by accident).
  void SetHandler(Handler handler);

  Result<HttpResponse> Send(const HttpRequest& request) override;

  std::vector<HttpRequest> requests() const;
  size_t request_count() const;
  size_t pending() const;

 private:
  mutable std::mutex mu_;
  std::deque<Result<HttpResponse>> queue_;
  Handler handler_;
  std::vector<HttpRequest> requests_;
};

}  // namespace tradelet::net
