# bench/strategy/daily_decisions_vs_r.sh's R side: a deterministic sample of the daily example's
# decisions (examples/prophet_trend_daily.toml), each refit by R prophet() as the strategy fits:
# ds = the bar times of the expanding window (from window_start to the decision's last bar),
# y = adjusted closes, prophet defaults with interval.width = 0.8, uncertainty.samples = 1000,
# predicted at decisions.csv's `target` (the 5th NYSE session after the last bar). The band rule
# of docs/strategy.md on R's band is compared with ours.
# usage: Rscript daily_decisions_vs_r.R decisions.csv data_dir window_start N seed
suppressMessages(library(prophet))
a <- commandArgs(trailingOnly = TRUE)
dec <- read.csv(a[1], stringsAsFactors = FALSE)
data_dir <- a[2]
window_start <- as.POSIXct(a[3], tz = "UTC")
n_sample <- as.integer(a[4])
set.seed(as.integer(a[5]))
iso <- function(s) as.POSIXct(sub("([+-][0-9]{2}):([0-9]{2})$", "\\1\\2", s),
                              format = "%Y-%m-%dT%H:%M:%OS%z", tz = "UTC")
dec <- dec[dec$action %in% c("buy", "sell", "hold"), ]
dec$t <- iso(dec$time)
dec$tgt <- iso(dec$target)
dec <- dec[order(dec$t, dec$symbol), ]
# Spread over time and symbols: n contiguous blocks of the time-ordered decisions; in each, a
# random row among the symbols sampled least so far.
used <- setNames(integer(0), character(0))
pick <- integer(0)
blocks <- split(seq_len(nrow(dec)), cut(seq_len(nrow(dec)), n_sample, labels = FALSE))
for (b in blocks) {
  cnt <- ifelse(dec$symbol[b] %in% names(used), used[dec$symbol[b]], 0)
  cand <- b[cnt == min(cnt)]
  i <- cand[sample.int(length(cand), 1)]
  pick <- c(pick, i)
  s <- dec$symbol[i]
  used[s] <- ifelse(s %in% names(used), used[s], 0) + 1
}
# The band rule (docs/strategy.md), held-independent: "sell" = the sell side of the band, which
# the strategy acts on only for a held symbol (decisions.csv then says hold).
signal <- function(last, lo, hi) {
  mx <- (hi - last) / last; mn <- (lo - last) / last
  if (mx > 0 && abs(mx) > abs(mn)) "buy" else if (mn < 0 && abs(mn) > abs(mx)) "sell" else "none"
}
series <- list()
out <- NULL
for (i in pick) {
  d <- dec[i, ]
  s <- d$symbol
  if (is.null(series[[s]])) {
    f <- file.path(data_dir, sprintf("DA-%s-T-2021-04-21.csv.gz", s))
    x <- read.csv(gzfile(f), stringsAsFactors = FALSE)
    x <- x[order(x$timestamp), ]
    # Bars as the backtest stamps a daily file: the session open, 09:30 New York.
    ds <- as.POSIXct(paste(x$timestamp, "09:30:00"), tz = "America/New_York")
    series[[s]] <- data.frame(ds = as.POSIXct(format(ds, tz = "UTC"), tz = "UTC"), y = x$adjusted_close)
  }
  x <- series[[s]]
  # The window: bars from window_start whose bar has ended by the decision time (1-day bars).
  w <- x[x$ds >= window_start & x$ds + 86400 <= d$t, ]
  ok_last <- abs(tail(w$y, 1) - d$last) <= 1e-5 * d$last  # decisions.csv: 6 digits
  m <- suppressMessages(prophet(w, interval.width = 0.8, uncertainty.samples = 1000))
  fc <- predict(m, data.frame(ds = d$tgt))
  rng <- max(w$y) - min(w$y)
  dist <- function(o, r) 100 * abs(o - r) / rng
  ours_sig <- signal(d$last, d$yhat_lower, d$yhat_upper)
  r_sig <- signal(d$last, fc$yhat_lower, fc$yhat_upper)
  row <- data.frame(time = d$time, symbol = s, bars = nrow(w), last_ok = ok_last,
                    target = d$target, target_wday = format(d$tgt, "%a", tz = "America/New_York"),
                    last = d$last, yhat = d$yhat, r_yhat = fc$yhat,
                    lower = d$yhat_lower, r_lower = fc$yhat_lower,
                    upper = d$yhat_upper, r_upper = fc$yhat_upper,
                    d_yhat = dist(d$yhat, fc$yhat), d_lower = dist(d$yhat_lower, fc$yhat_lower),
                    d_upper = dist(d$yhat_upper, fc$yhat_upper),
                    action = d$action, ours = ours_sig, r = r_sig, same = ours_sig == r_sig)
  out <- rbind(out, row)
}
out$d_max <- pmax(out$d_yhat, out$d_lower, out$d_upper)
f3 <- function(v) sprintf("%.3f%%", v)
cat("| decision time | symbol | bars | target | last | yhat ours / R | lower ours / R | upper ours / R | yhat dist | band dist (max) | action | signal ours / R |\n")
cat("|---|---|---|---|---|---|---|---|---|---|---|---|\n")
for (k in seq_len(nrow(out))) {
  o <- out[k, ]
  cat(sprintf("| %s | %s | %d%s | %s %s | %.4f | %.4f / %.4f | %.4f / %.4f | %.4f / %.4f | %s | %s | %s | %s / %s%s |\n",
              substr(o$time, 1, 16), o$symbol, o$bars, if (o$last_ok) "" else " (last differs!)",
              substr(o$target, 1, 10), o$target_wday, o$last, o$yhat, o$r_yhat, o$lower, o$r_lower,
              o$upper, o$r_upper, f3(o$d_yhat), f3(max(o$d_lower, o$d_upper)), o$action,
              o$ours, o$r, if (o$same) "" else " **differs**"))
}
cat(sprintf("\nN = %d decisions (%d symbols), signal equal in %d; forecast distance (max of yhat, lower, upper; %% of the window's range): median %s, max %s; yhat alone: median %s, max %s; within 1%%: %d; windows whose last close matches decisions.csv: %d\n",
            nrow(out), length(unique(out$symbol)), sum(out$same), f3(median(out$d_max)),
            f3(max(out$d_max)), f3(median(out$d_yhat)), f3(max(out$d_yhat)), sum(out$d_max <= 1),
            sum(out$last_ok)))
