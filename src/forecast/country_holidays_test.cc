#include "tradelet/forecast/country_holidays.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "tradelet/forecast/flags.h"

namespace tradelet::forecast {
namespace {

using ::testing::HasSubstr;

std::map<std::string, std::string> ByDate(const std::vector<HolidayEvent>& hs) {
  std::map<std::string, std::string> m;
  for (const auto& h : hs) m[h.date.ToString()] = h.name;
  return m;
}

// Dates of the OPM federal holiday tables (opm.gov, 2022 and 2023), which the `holidays`
// package's US list follows.
TEST(CountryHolidaysTest, UsFederalHolidaysWithObservedDays) {
  auto hs = CountryHolidays("US", 2022, 2023);
  ASSERT_TRUE(hs.ok()) << hs.status().ToString();
  const auto m = ByDate(*hs);
  const std::map<std::string, std::string> want = {
      {"2021-12-31", "New Year's Day (observed)"},  // 1 Jan 2022 is a Saturday: under 2021
      {"2022-01-17", "Martin Luther King Jr. Day"},
      {"2022-06-19", "Juneteenth National Independence Day"},
      {"2022-06-20", "Juneteenth National Independence Day (observed)"},
      {"2022-12-26", "Christmas Day (observed)"},
      {"2023-01-02", "New Year's Day (observed)"},
      {"2023-01-16", "Martin Luther King Jr. Day"},
      {"2023-02-20", "Washington's Birthday"},
      {"2023-05-29", "Memorial Day"},
      {"2023-07-04", "Independence Day"},
      {"2023-09-04", "Labor Day"},
      {"2023-10-09", "Columbus Day"},
      {"2023-11-10", "Veterans Day (observed)"},
      {"2023-11-11", "Veterans Day"},
      {"2023-11-23", "Thanksgiving Day"},
      {"2023-12-25", "Christmas Day"},
  };
  for (const auto& [d, n] : want) {
    if (d < "2022") continue;  // 2021's own list is not requested here
    ASSERT_TRUE(m.count(d)) << d;
    EXPECT_EQ(m.at(d), n) << d;
  }
  // 31 Dec 2022 is a Saturday but 1 Jan 2023 is a Sunday: no Friday observance.
  EXPECT_FALSE(m.count("2022-12-30"));
  // 2022's 31-Dec-2021 observance belongs to 2021's list.
  auto y21 = CountryHolidays("US", 2021, 2021);
  ASSERT_TRUE(y21.ok());
  EXPECT_EQ(ByDate(*y21).at("2021-12-31"), "New Year's Day (observed)");
  EXPECT_EQ(ByDate(*y21).at("2021-06-18"), "Juneteenth National Independence Day (observed)");
  // Juneteenth only from 2021; 11 holidays a year plus observances.
  auto y20 = CountryHolidays("US", 2020, 2020);
  ASSERT_TRUE(y20.ok());
  for (const auto& h : *y20) EXPECT_EQ(h.name.find("Juneteenth"), std::string::npos);
  EXPECT_EQ(ByDate(*y20).at("2020-07-03"), "Independence Day (observed)");
  EXPECT_EQ(y20->size(), 11u);
  EXPECT_THAT(CountryHolidays("FR", 2020, 2021).status().message(), HasSubstr("only US"));
}

TEST(CountryHolidaysTest, ForFitKeepsOnlyNamesSeenInTraining) {
  // Training 2019-2020 never saw Juneteenth: Prophet drops it from the forecast years too.
  auto hs = CountryHolidaysForFit("US", 2019, 2020, 2022, "--country-holidays");
  ASSERT_TRUE(hs.ok());
  bool has_2022_xmas = false;
  for (const auto& h : *hs) {
    EXPECT_EQ(h.name.find("Juneteenth"), std::string::npos);
    has_2022_xmas |= h.date == CivilDate{2022, 12, 25};
  }
  EXPECT_TRUE(has_2022_xmas);
  EXPECT_THAT(
      CountryHolidaysForFit("XX", 2019, 2020, 2022, "--country-holidays").status().message(),
      HasSubstr("--country-holidays"));
}

TEST(FlagsTest, SeasonalityRegressorAndChangepointSpecs) {
  auto s = ParseSeasonalitySpec("monthly:30.5:5:0.1:multiplicative:is_on");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->name, "monthly");
  EXPECT_DOUBLE_EQ(s->period_days, 30.5);
  EXPECT_EQ(s->fourier_order, 5);
  EXPECT_DOUBLE_EQ(*s->prior_scale, 0.1);
  EXPECT_EQ(*s->mode, Mode::kMultiplicative);
  EXPECT_EQ(s->condition_name, "is_on");
  auto minimal = ParseSeasonalitySpec("m:7:3");
  ASSERT_TRUE(minimal.ok());
  EXPECT_FALSE(minimal->prior_scale.has_value());
  for (const char* bad :
       {"m:7", "m:x:3", "m:7:0", "m:7:2.5", "m:-1:3", "m:7:3:0", "m:7:3:1:sideways", ":7:3"}) {
    auto b = ParseSeasonalitySpec(bad);
    ASSERT_FALSE(b.ok()) << bad;
    EXPECT_THAT(b.status().message(), HasSubstr("--add-seasonality")) << bad;
  }
  auto r = ParseRegressorSpec("temp:0.5:false:multiplicative");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->name, "temp");
  EXPECT_DOUBLE_EQ(*r->prior_scale, 0.5);
  EXPECT_EQ(r->standardize, RegressorSpec::Standardize::kFalse);
  EXPECT_EQ(*r->mode, Mode::kMultiplicative);
  for (const char* bad : {"", "t:abc", "t:1:maybe", "t:1:true:x", "t:1:true:additive:5"}) {
    auto b = ParseRegressorSpec(bad);
    ASSERT_FALSE(b.ok()) << bad;
    EXPECT_THAT(b.status().message(), HasSubstr("--regressor")) << bad;
  }
  ProphetFlags f;
  f.changepoints = "2021-02-01,2021-03-01T12:00:00Z";
  auto o = OptionsFromFlags(f);
  ASSERT_TRUE(o.ok());
  ASSERT_TRUE(o->changepoints.has_value());
  ASSERT_EQ(o->changepoints->size(), 2u);
  EXPECT_EQ((*o->changepoints)[1], *ParseTimestamp("2021-03-01T12:00:00Z"));
  f.changepoints = "none";
  EXPECT_TRUE(OptionsFromFlags(f)->changepoints->empty());
  f.changepoints = "2021-02-01,soon";
  EXPECT_THAT(OptionsFromFlags(f).status().message(), HasSubstr("--changepoints"));
  f.changepoints.clear();
  f.country_holidays = "UK";
  EXPECT_THAT(OptionsFromFlags(f).status().message(), HasSubstr("--country-holidays"));
}

}  // namespace
}  // namespace tradelet::forecast
