// The rules against the NYSE Group's published calendars for 2025–2028 (as transcribed in
// ../shared/docs/integrations.md §5.2), written out by hand here as the independent answer.
#include "tradelet/calendar/nyse_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tradelet::nyse {
namespace {

std::vector<std::string> ClosedDates(int year) {
  std::vector<std::string> out;
  for (const ClosedDay& c : ClosedDaysOfYear(year)) out.push_back(c.date.ToString());
  return out;
}

std::vector<std::string> EarlyDates(int year) {
  std::vector<std::string> out;
  for (const EarlyClose& e : EarlyClosesOfYear(year)) out.push_back(e.date.ToString());
  return out;
}

TEST(NyseRules, Published2025) {
  EXPECT_THAT(ClosedDates(2025),
              testing::ElementsAre("2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17",
                                   "2025-04-18", "2025-05-26", "2025-06-19", "2025-07-04",
                                   "2025-09-01", "2025-11-27", "2025-12-25"));
  EXPECT_THAT(EarlyDates(2025), testing::ElementsAre("2025-07-03", "2025-11-28", "2025-12-24"));
}

TEST(NyseRules, Published2026) {
  EXPECT_THAT(
      ClosedDates(2026),
      testing::ElementsAre("2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25",
                           "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"));
  EXPECT_THAT(EarlyDates(2026), testing::ElementsAre("2026-11-27", "2026-12-24"));
}

TEST(NyseRules, Published2027) {
  EXPECT_THAT(
      ClosedDates(2027),
      testing::ElementsAre("2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31",
                           "2027-06-18", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24"));
  EXPECT_THAT(EarlyDates(2027), testing::ElementsAre("2027-11-26"));
}

TEST(NyseRules, Published2028NoNewYearsHoliday) {
  EXPECT_THAT(ClosedDates(2028), testing::ElementsAre("2028-01-17", "2028-02-21", "2028-04-14",
                                                      "2028-05-29", "2028-06-19", "2028-07-04",
                                                      "2028-09-04", "2028-11-23", "2028-12-25"));
  EXPECT_THAT(EarlyDates(2028), testing::ElementsAre("2028-07-03", "2028-11-24"));
}

TEST(NyseRules, ObservedNames) {
  for (const ClosedDay& c : ClosedDaysOfYear(2027)) {
    if (c.date == CivilDate{2027, 7, 5}) {
      EXPECT_EQ(c.name, "Independence Day (observed)");
    }
    if (c.date == CivilDate{2027, 12, 24}) {
      EXPECT_EQ(c.name, "Christmas Day (observed)");
    }
    if (c.date == CivilDate{2027, 6, 18}) {
      EXPECT_EQ(c.name, "Juneteenth National Independence Day (observed)");
    }
  }
}

TEST(NyseRules, HistoricalRuleBoundaries) {
  // MLK Day from 1998; Juneteenth from 2022.
  EXPECT_THAT(ClosedDates(1997), testing::Not(testing::Contains("1997-01-20")));
  EXPECT_THAT(ClosedDates(1998), testing::Contains("1998-01-19"));
  EXPECT_THAT(ClosedDates(2021), testing::Not(testing::Contains("2021-06-18")));
  EXPECT_THAT(ClosedDates(2022), testing::Contains("2022-06-20"));
  // Early closes at 14:00 until 1992.
  for (const EarlyClose& e : EarlyClosesOfYear(1992)) EXPECT_EQ(e.close_hour, 14);
  for (const EarlyClose& e : EarlyClosesOfYear(1993)) EXPECT_EQ(e.close_hour, 13);
  // Wednesday July 3: full day before 2013 (Friday July 5 early instead), early from 2013.
  EXPECT_THAT(EarlyDates(2002), testing::Contains("2002-07-05"));
  EXPECT_THAT(EarlyDates(2002), testing::Not(testing::Contains("2002-07-03")));
  EXPECT_THAT(EarlyDates(2013), testing::Contains("2013-07-03"));
  EXPECT_THAT(EarlyDates(2013), testing::Not(testing::Contains("2013-07-05")));
}

TEST(NyseRules, EarlyClosesNeverOnClosedDaysOrWeekends) {
  for (int year = 1990; year <= 2050; ++year) {
    const auto closed = ClosedDates(year);
    for (const EarlyClose& e : EarlyClosesOfYear(year)) {
      EXPECT_THAT(closed, testing::Not(testing::Contains(e.date.ToString())));
      EXPECT_NE(e.date.weekday(), Weekday::kSaturday) << e.date.ToString();
      EXPECT_NE(e.date.weekday(), Weekday::kSunday) << e.date.ToString();
    }
    for (const ClosedDay& c : ClosedDaysOfYear(year)) {
      EXPECT_EQ(c.date.year, year);
      EXPECT_NE(c.date.weekday(), Weekday::kSaturday) << c.date.ToString();
      EXPECT_NE(c.date.weekday(), Weekday::kSunday) << c.date.ToString();
    }
  }
}

}  // namespace
}  // namespace tradelet::nyse
