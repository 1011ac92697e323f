// The synthetic universe: company names from syllables, tickers derived from the names, and
// GICS sectors in roughly the S&P 500's proportions. The universe is a fixed master sequence
// (its own seed, independent of the market seed) so that stock #i is the same company whatever
// num_symbols is; MakeUniverse(n) takes the first n and sorts them by symbol.
#include <algorithm>
#include <array>
#include <set>

#include "sample/random.h"
#include "sample/universe_internal.h"
#include "tradelet/sample/sample_market.h"

namespace tradelet::sample {
namespace {

constexpr int kMaxSymbols = 2000;
constexpr uint64_t kUniverseSeed = 0x7EADE1E7;

// Company-name building blocks.
constexpr std::array<const char*, 48> kSyllables = {
    "nor", "vex", "cal", "ima", "ter", "ra",  "lu",  "mi",  "on",  "qua", "sar", "den",
    "ko",  "bel", "tri", "var", "zen", "ori", "pax", "del", "mon", "ax",  "ly",  "ri",
    "sol", "ve",  "na",  "tor", "cor", "in",  "fel", "gra", "hel", "ix",  "jun", "kin",
    "lam", "mer", "nex", "ost", "pel", "ron", "sta", "tal", "ul",  "wen", "yar", "zo"};

struct SectorNaming {
  const char* sector;
  std::array<const char*, 3> suffixes;
};
// Order = GicsSectors() order.
constexpr std::array<SectorNaming, 11> kNaming = {{
    {"Information Technology", {"Systems", "Software", "Semiconductor"}},
    {"Health Care", {"Therapeutics", "Medical", "Health"}},
    {"Financials", {"Financial", "Bancorp", "Capital"}},
    {"Consumer Discretionary", {"Brands", "Retail", "Motors"}},
    {"Industrials", {"Industries", "Aerospace", "Logistics"}},
    {"Communication Services", {"Media", "Communications", "Interactive"}},
    {"Consumer Staples", {"Foods", "Beverages", "Household"}},
    {"Energy", {"Energy", "Petroleum", "Resources"}},
    {"Utilities", {"Power", "Utilities", "Electric"}},
    {"Real Estate", {"Realty", "Properties", "REIT"}},
    {"Materials", {"Materials", "Chemicals", "Mining"}},
}};
// Approximate S&P 500 sector counts (per ~500), used as target proportions.
constexpr std::array<int, 11> kSectorWeights = {69, 63, 72, 50, 78, 22, 38, 22, 31, 31, 28};

// Ticker-like strings that must not be used by synthetic stocks (well-known ETFs, so the
// benchmark symbol is free).
const std::set<std::string>& ReservedTickers() {
  static const std::set<std::string> kReserved = {"SPY", "QQQ", "DIA", "IWM", "VOO", "VTI",
                                                  "GLD", "TLT", "IVV", "XLK", "XLF", "XLE"};
  return kReserved;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::vector<UniverseEntry> BuildMaster() {
  Rng rng(kUniverseSeed);
  std::vector<UniverseEntry> out;
  std::set<std::string> used_tickers = ReservedTickers();
  std::set<std::string> used_words;
  std::array<int, 11> assigned{};
  const int weight_total = 504;
  for (int i = 0; i < kMaxSymbols; ++i) {
    // Sector: the one furthest below its target share so far (a deterministic interleave that
    // keeps every prefix of the sequence close to the target proportions).
    int sector = 0;
    double best = -1e9;
    for (int s = 0; s < 11; ++s) {
      const double deficit =
          (i + 1) * static_cast<double>(kSectorWeights[s]) / weight_total - assigned[s];
      if (deficit > best) {
        best = deficit;
        sector = s;
      }
    }
    ++assigned[sector];

    std::string word, ticker;
    for (int attempt = 0; ticker.empty(); ++attempt) {
      const int syllables = 2 + static_cast<int>(rng.Below(2));
      word.clear();
      for (int k = 0; k < syllables; ++k) word += kSyllables[rng.Below(kSyllables.size())];
      if (word.size() < 4 || used_words.count(word)) continue;
      const std::string up = Upper(word);
      const std::string candidates[] = {up.substr(0, 3), up.substr(0, 4),
                                        up.substr(0, 2) + up.back(),
                                        up.substr(0, 1) + up.substr(up.size() - 2)};
      for (const std::string& c : candidates) {
        if (!used_tickers.count(c)) {
          ticker = c;
          break;
        }
      }
    }
    used_words.insert(word);
    used_tickers.insert(ticker);
    word[0] = static_cast<char>(word[0] - 'a' + 'A');
    const auto& naming = kNaming[static_cast<size_t>(sector)];
    const char* suffix = naming.suffixes[rng.Below(3)];
    const char* form = rng.Bernoulli(0.5) ? " Inc." : (rng.Bernoulli(0.5) ? " Corp." : " Co.");
    out.push_back(
        {i, sector, SecurityInfo{ticker, word + " " + suffix + form, naming.sector, false}});
  }
  return out;
}

}  // namespace

const std::vector<std::string>& GicsSectors() {
  static const std::vector<std::string> kSectors = [] {
    std::vector<std::string> v;
    for (const auto& n : kNaming) v.push_back(n.sector);
    return v;
  }();
  return kSectors;
}

Result<std::vector<UniverseEntry>> UniverseEntries(int num_symbols) {
  if (num_symbols < 1 || num_symbols > kMaxSymbols) {
    return InvalidArgument("sample market: num_symbols must be in 1.." +
                           std::to_string(kMaxSymbols) + ", got " + std::to_string(num_symbols));
  }
  static const std::vector<UniverseEntry> kMaster = BuildMaster();
  std::vector<UniverseEntry> out(kMaster.begin(), kMaster.begin() + num_symbols);
  std::sort(out.begin(), out.end(), [](const UniverseEntry& a, const UniverseEntry& b) {
    return a.info.symbol < b.info.symbol;
  });
  return out;
}

Result<std::vector<SecurityInfo>> MakeUniverse(int num_symbols) {
  TL_ASSIGN_OR_RETURN(auto entries, UniverseEntries(num_symbols));
  std::vector<SecurityInfo> out;
  out.reserve(entries.size());
  for (auto& e : entries) out.push_back(std::move(e.info));
  return out;
}

bool IsReservedTicker(const std::string& symbol) { return ReservedTickers().count(symbol) > 0; }

}  // namespace tradelet::sample
