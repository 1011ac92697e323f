# One row of bench/forecast/daily_stocks_vs_r.sh: R prophet() on a daily close series with
# default settings (the growth given; seasonalities as Prophet's auto rules decide), future =
# make_future_dataframe(periods = 30) (calendar days, weekends included, as a user writes it),
# compared row by row with tradelet's forecast CSV of the same input.
# usage: Rscript daily_stocks_vs_r.R input.csv growth tradelet_forecast.csv label
suppressMessages(library(prophet))
a <- commandArgs(trailingOnly = TRUE)
df <- read.csv(a[1], stringsAsFactors = FALSE)
df$ds <- as.Date(df$ds)
growth <- a[2]
m <- suppressMessages(prophet(df, growth = growth))
fut <- make_future_dataframe(m, periods = 30)
fc <- predict(m, fut)
ours <- read.csv(a[3], stringsAsFactors = FALSE)
ours$ds <- as.Date(substr(ours$ds, 1, 10))
r_ds <- as.Date(fc$ds)
if (nrow(ours) != nrow(fc) || any(ours$ds != r_ds)) stop("rows differ from R's future frame")
rng <- max(df$y) - min(df$y)
fut_rows <- r_ds > max(df$ds)
wkend <- fut_rows & format(r_ds, "%u") %in% c("6", "7")
pct <- function(d) sprintf("%.2g%%", 100 * max(abs(d)) / rng)
dt <- ours$trend - fc$trend
dy <- ours$yhat - fc$yhat
cat(sprintf("| %s | %s | %d | %s | %s | %s | %s |\n", a[4], growth, nrow(df), pct(dt), pct(dy),
            pct(dy[fut_rows & !wkend]), pct(dy[wkend])))
# Optional 5th argument K (the script's SPREAD=K): R's own spread, prophet() refit K times with
# the first y multiplied by 1 + k·ε (k = 1..K, a few ulps) against its unperturbed forecast,
# as docs/forecaster.md measures the stop's draw on the reference cases.
if (length(a) >= 5 && as.integer(a[5]) > 0) {
  sp <- sapply(seq_len(as.integer(a[5])), function(k) {
    d2 <- df
    d2$y[1] <- d2$y[1] * (1 + k * .Machine$double.eps)
    m2 <- suppressMessages(prophet(d2, growth = growth, uncertainty.samples = 0))
    f2 <- predict(m2, fut)
    c(max(abs(f2$trend - fc$trend)), max(abs(f2$yhat - fc$yhat))) / rng
  })
  span <- function(v) sprintf("%.2g%%–%.2g%%", 100 * min(v), 100 * max(v))
  cat(sprintf("| %s | %s: R vs R, k = 1..%s | %d | %s | %s | | |\n", a[4], growth, a[5], nrow(df),
              span(sp[1, ]), span(sp[2, ])))
}
