#include "tradelet/net/fake_http_client.h"

namespace tradelet::net {

void FakeHttpClient::Enqueue(Result<HttpResponse> outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(outcome));
}

void FakeHttpClient::Enqueue(int status, std::string body, Headers headers) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  Enqueue(Result<HttpResponse>(std::move(r)));
}

void FakeHttpClient::SetHandler(Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handler_ = std::move(handler);
}

Result<HttpResponse> FakeHttpClient::Send(const HttpRequest& request) {
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    if (!queue_.empty()) {
      Result<HttpResponse> out = std::move(queue_.front());
      queue_.pop_front();
      return out;
    }
    handler = handler_;
  }
  if (handler) return handler(request);
  return FailedPrecondition("FakeHttpClient: no scripted response for " +
                            std::string(HttpMethodName(request.method)) + " " + request.url);
}

std::vector<HttpRequest> FakeHttpClient::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

size_t FakeHttpClient::request_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

size_t FakeHttpClient::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

}  // namespace tradelet::net
