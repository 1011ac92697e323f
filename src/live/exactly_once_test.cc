#include "tradelet/live/exactly_once.h"

#include <gtest/gtest.h>

#include "tradelet/net/fake_http_client.h"

namespace tradelet::live {
namespace {

constexpr char kOrder[] = R"({"id":"o1","client_order_id":"cid-1","symbol":"SPY","qty":"1",
  "side":"buy","type":"market","time_in_force":"day","status":"new"})";
constexpr char k404[] = R"({"code":40410000,"message":"order not found"})";

struct Fixture {
  net::FakeHttpClient fake;
  alpaca::AlpacaTradingClient client{fake, {"http://x.test", "k", "s", std::chrono::seconds(1)}};
  SimulatedClock clock{Timestamp::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<Journal> journal = Journal::Open(":memory:").value();
  OrderRequest req;
  Fixture() {
    req.symbol = "SPY";
    req.qty = Decimal::FromInt(1);
    req.client_order_id = "cid-1";
  }
  PlaceOutcome Place() {
    PlacerOptions o;
    o.backoff = Duration(0);
    return PlaceExactlyOnce(client, req, o, clock, journal.get(), "run", clock.Now());
  }
  int Posts() const {
    int n = 0;
    for (const auto& r : fake.requests()) n += r.method == net::HttpMethod::kPost;
    return n;
  }
  std::string JournalState() {
    auto o = journal->Orders();
    return o.ok() && !o->empty() ? (*o)[0].state : "";
  }
};

TEST(ExactlyOnce, LookupThenPostThenConfirm) {
  Fixture f;
  f.fake.Enqueue(404, k404);
  f.fake.SetHandler([&](const net::HttpRequest& r) -> Result<net::HttpResponse> {
    // The intent is committed before the POST leaves.
    if (r.method == net::HttpMethod::kPost) {
      EXPECT_EQ(f.JournalState(), "intent");
    }
    return net::HttpResponse{200, {}, kOrder};
  });
  PlaceOutcome out = f.Place();
  EXPECT_EQ(out.state, PlaceState::kPlaced);
  EXPECT_EQ(out.order.order.id, "o1");
  EXPECT_EQ(f.Posts(), 1);
  EXPECT_EQ(f.fake.request_count(), 3u);  // lookup, POST, confirm
  EXPECT_EQ(f.JournalState(), "placed");
}

TEST(ExactlyOnce, ExistingOrderIsAdoptedWithoutPost) {
  Fixture f;
  f.fake.Enqueue(200, kOrder);
  PlaceOutcome out = f.Place();
  EXPECT_EQ(out.state, PlaceState::kAdopted);
  EXPECT_EQ(f.Posts(), 0);
}

TEST(ExactlyOnce, DuplicateClientIdMeansItExists) {
  Fixture f;
  f.fake.Enqueue(404, k404);
  f.fake.Enqueue(422, R"({"code":40010001,"message":"client_order_id must be unique"})");
  f.fake.Enqueue(200, kOrder);
  PlaceOutcome out = f.Place();
  EXPECT_EQ(out.state, PlaceState::kAdopted);
  EXPECT_EQ(f.Posts(), 1);
}

TEST(ExactlyOnce, LostResponseIsReconciledNotReposted) {
  Fixture f;
  f.fake.Enqueue(404, k404);
  f.fake.Enqueue(DataLoss("connection closed"));  // accepted, answer lost
  f.fake.Enqueue(200, kOrder);
  PlaceOutcome out = f.Place();
  EXPECT_EQ(out.state, PlaceState::kAdopted);
  EXPECT_EQ(f.Posts(), 1);
}

TEST(ExactlyOnce, ServerErrorThenStillAbsentPostsAgainWithSameId) {
  Fixture f;
  f.fake.Enqueue(404, k404);
  f.fake.Enqueue(500, "boom");
  f.fake.Enqueue(404, k404);
  f.fake.Enqueue(200, kOrder);
  f.fake.Enqueue(200, kOrder);
  PlaceOutcome out = f.Place();
  EXPECT_EQ(out.state, PlaceState::kPlaced);
  EXPECT_EQ(f.Posts(), 2);
  for (const auto& r : f.fake.requests()) {
    if (r.method == net::HttpMethod::kPost) {
      EXPECT_NE(r.body.find(R"("client_order_id":"cid-1")"), std::string::npos);
    }
  }
}

TEST(ExactlyOnce, BusinessRejectionIsNeverRetried) {
  Fixture f;
  f.fake.Enqueue(404, k404);
  f.fake.Enqueue(403, R"({"code":40310000,"message":"insufficient buying power"})");
  PlaceOutcome out = f.Place();
  EXPECT_EQ(out.state, PlaceState::kRejected);
  EXPECT_EQ(out.error.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(f.fake.request_count(), 2u);
  EXPECT_EQ(f.JournalState(), "rejected");
}

TEST(ExactlyOnce, LookupFailureNeverPosts) {
  Fixture f;
  f.fake.SetHandler([](const net::HttpRequest&) -> Result<net::HttpResponse> {
    return Unavailable("connection refused");
  });
  PlaceOutcome out = f.Place();
  EXPECT_EQ(out.state, PlaceState::kUnknown);
  EXPECT_EQ(f.Posts(), 0);
}

}  // namespace
}  // namespace tradelet::live
