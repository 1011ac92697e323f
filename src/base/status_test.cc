#include "tradelet/base/status.h"

#include <gtest/gtest.h>

namespace tradelet {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("odd: " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  TL_ASSIGN_OR_RETURN(int h, Half(x));
  TL_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckPositive(int x) {
  if (x <= 0) return OutOfRange("not positive");
  return Status::Ok();
}

Status Both(int a, int b) {
  TL_RETURN_IF_ERROR(CheckPositive(a));
  TL_RETURN_IF_ERROR(Half(b));
  return Status::Ok();
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status().ok());
  Status s = InvalidArgument("bad.csv:3: field 'close'");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.ToString(), "INVALID_ARGUMENT: bad.csv:3: field 'close'");
  EXPECT_EQ(s.WithContext("loading").message(), "loading: bad.csv:3: field 'close'");
  EXPECT_TRUE(Status().WithContext("x").ok());
}

TEST(StatusTest, ResultPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd: 3");
  EXPECT_EQ(r.value_or(-1), -1);
  EXPECT_TRUE(Both(1, 2).ok());
  EXPECT_EQ(Both(0, 2).code(), StatusCode::kOutOfRange);
  EXPECT_EQ(Both(1, 3).code(), StatusCode::kInvalidArgument);
}

TEST(StatusTest, ResultFromOkStatusIsAnError) {
  Result<int> r{Status::Ok()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(StatusDeathTest, ValueOfErrorAborts) {
  Result<int> r = NotFound("nope");
  EXPECT_DEATH((void)r.value(), "nope");
}

}  // namespace
}  // namespace tradelet
