#include "tradelet/forecast/frame.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace tradelet::forecast {
namespace {

using ::testing::HasSubstr;

TEST(FrameCsvTest, ParsesQuotedDatesMissingValuesAndExtras) {
  auto f = ParseFrameCsv("\"ds\",\"y\",cap,promo\n\"2020-01-01\",1.5,10,1\n2020-01-02,NA,10,0\r\n",
                         true, "in.csv");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->size(), 2u);
  EXPECT_EQ(f->ds[0], *ParseTimestamp("2020-01-01T00:00:00Z"));
  EXPECT_EQ(f->y[0], 1.5);
  EXPECT_TRUE(std::isnan(f->y[1]));
  EXPECT_EQ(f->cap[1], 10);
  ASSERT_NE(f->Column("promo"), nullptr);
  EXPECT_EQ((*f->Column("promo"))[0], 1);
}

TEST(FrameCsvTest, ErrorsNameLineAndColumn) {
  auto bad_number = ParseFrameCsv("ds,y\n2020-01-01,1\n2020-01-02,abc\n", true, "in.csv");
  ASSERT_FALSE(bad_number.ok());
  EXPECT_THAT(bad_number.status().message(), HasSubstr("in.csv: line 3, column 'y'"));
  auto bad_date = ParseFrameCsv("ds,y\nyesterday,1\n", true, "in.csv");
  EXPECT_THAT(bad_date.status().message(), HasSubstr("line 2, column 'ds'"));
  auto no_y = ParseFrameCsv("ds,value\n2020-01-01,1\n", true, "in.csv");
  EXPECT_THAT(no_y.status().message(), HasSubstr("missing column 'y'"));
  auto ragged = ParseFrameCsv("ds,y\n2020-01-01,1,2\n", true, "in.csv");
  EXPECT_THAT(ragged.status().message(), HasSubstr("expected 2 fields, found 3"));
  auto empty = ParseFrameCsv("", true, "in.csv");
  EXPECT_FALSE(empty.ok());
  auto quote = ParseFrameCsv("ds,y\n\"2020-01-01,1\n", true, "in.csv");
  EXPECT_THAT(quote.status().message(), HasSubstr("unterminated quote"));
}

TEST(FrequencyTest, ParsesCalendarAndFixedSteps) {
  const Timestamp jan31 = *ParseTimestamp("2021-01-31T00:00:00Z");
  EXPECT_EQ(Frequency::Parse("day")->Advance(jan31), *ParseTimestamp("2021-02-01T00:00:00Z"));
  EXPECT_EQ(Frequency::Parse("week")->Advance(jan31), *ParseTimestamp("2021-02-07T00:00:00Z"));
  // Month steps keep the day of month, clamped to the month's end.
  EXPECT_EQ(Frequency::Parse("month")->Advance(jan31), *ParseTimestamp("2021-02-28T00:00:00Z"));
  EXPECT_EQ(Frequency::Parse("month")->Advance(jan31, 2), *ParseTimestamp("2021-03-31T00:00:00Z"));
  EXPECT_EQ(Frequency::Parse("quarter")->Advance(jan31), *ParseTimestamp("2021-04-30T00:00:00Z"));
  EXPECT_EQ(Frequency::Parse("year")->Advance(jan31), *ParseTimestamp("2022-01-31T00:00:00Z"));
  EXPECT_EQ(Frequency::Parse("15min")->Advance(jan31), *ParseTimestamp("2021-01-31T00:15:00Z"));
  EXPECT_EQ(Frequency::Parse("300")->Advance(jan31), *ParseTimestamp("2021-01-31T00:05:00Z"));
  EXPECT_EQ(Frequency::Parse("1h")->Advance(jan31, 3), *ParseTimestamp("2021-01-31T03:00:00Z"));
  auto bad = Frequency::Parse("fortnight");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("unknown frequency 'fortnight'"));
  EXPECT_FALSE(Frequency::Parse("-5").ok());
}

TEST(FrequencyTest, BusinessDaysSkipWeekendsAsPandas) {
  auto b = Frequency::Parse("B");
  ASSERT_TRUE(b.ok());
  // Friday 2021-01-08 16:00 -> Monday, Tuesday, ... at 16:00.
  const Timestamp fri = *ParseTimestamp("2021-01-08T16:00:00Z");
  EXPECT_EQ(b->Advance(fri), *ParseTimestamp("2021-01-11T16:00:00Z"));
  EXPECT_EQ(b->Advance(fri, 5), *ParseTimestamp("2021-01-15T16:00:00Z"));
  // From a Saturday the first step is Monday (pandas' date_range rolls forward, then > last).
  EXPECT_EQ(b->Advance(*ParseTimestamp("2021-01-09T00:00:00Z")),
            *ParseTimestamp("2021-01-11T00:00:00Z"));
  auto b2 = Frequency::Parse("2B");
  ASSERT_TRUE(b2.ok());
  EXPECT_EQ(b2->Advance(fri), *ParseTimestamp("2021-01-12T16:00:00Z"));
  EXPECT_FALSE(Frequency::Parse("xB").ok());
  EXPECT_FALSE(Frequency::Parse("0B").ok());
}

TEST(FrequencyTest, SessionsStepThroughTheGivenDays) {
  // Sessions Mon 4, Tue 5, Thu 7 (a holiday on Wed 6) January 2021.
  auto days_of = [](const char* d) { return CivilDate::Parse(d)->ToDays(); };
  auto table = std::make_shared<const std::vector<int64_t>>(
      std::vector<int64_t>{days_of("2021-01-04"), days_of("2021-01-05"), days_of("2021-01-07")});
  const Frequency s = Frequency::Sessions("toy", 1, table);
  const Timestamp mon = *ParseTimestamp("2021-01-04T00:00:00Z");
  EXPECT_EQ(s.Advance(mon), *ParseTimestamp("2021-01-05T00:00:00Z"));
  EXPECT_EQ(s.Advance(mon, 2), *ParseTimestamp("2021-01-07T00:00:00Z"));
  // Past the table: weekdays (Fri 8, Mon 11).
  EXPECT_EQ(s.Advance(mon, 3), *ParseTimestamp("2021-01-08T00:00:00Z"));
  EXPECT_EQ(s.Advance(mon, 4), *ParseTimestamp("2021-01-11T00:00:00Z"));
  EXPECT_EQ(s.ToString(), "1toy");
}

}  // namespace
}  // namespace tradelet::forecast
