# R prophet's side of tests/forecast/ref_spread.cc: for k = 0..N multiplies the first observed y
# by (1 + k * .Machine$double.eps), fits with prophet() as the reference did (the case's settings,
# bench/forecast/r_case.R), predicts, and prints the largest trend/yhat distance from the stored
# forecast.csv as a fraction of the series' range (k = 0 is a plain rerun).
# usage: Rscript tests/forecast/r_spread.R <prophet-ref dir> N case [case ...]
suppressMessages(library(prophet))
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(script), "..", "..", "bench", "forecast", "r_case.R"))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2])
for (name in args[-(1:2)]) {
  case <- read_ref_case(file.path(args[1], name))
  ref <- read.csv(file.path(args[1], name, "forecast.csv"))
  first <- which(!is.na(case$df$y))[1]
  range <- diff(range(case$df$y, na.rm = TRUE))
  for (k in 0:n) {
    df <- case$df
    df$y[first] <- df$y[first] * (1 + k * .Machine$double.eps)
    m <- suppressMessages(prophet(df, growth = case$growth, seasonality.mode = case$mode,
                                  changepoint.prior.scale = case$cps, holidays = case$holidays,
                                  uncertainty.samples = 0))
    freq <- case$settings$freq
    if (is.numeric(freq)) freq <- as.numeric(freq)
    future <- make_future_dataframe(m, periods = case$settings$periods, freq = freq)
    if (case$growth == "logistic") future$cap <- df$cap[1]
    fc <- predict(m, future)
    cat(sprintf("RSPREAD %-20s k=%2d trend_max=%.3e yhat_max=%.3e\n", name, k,
                max(abs(fc$trend - ref$trend)) / range, max(abs(fc$yhat - ref$yhat)) / range))
  }
}
