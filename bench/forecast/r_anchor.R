# R prophet anchor for bench/forecast: fits and predicts one reference case with the case's
# settings and 1000 uncertainty samples, and prints "fit_s=<x> predict_s=<y>" (in-process CPU
# seconds, user + system, like the C++ side, so a busy machine does not skew the ratio).
# usage: Rscript r_anchor.R <prophet-ref dir> <case>
suppressMessages(library(prophet))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
dir <- file.path(args[1], args[2])
ref <- fromJSON(file.path(dir, "reference.json"))
s <- ref$settings
df <- read.csv(file.path(dir, "input.csv"), stringsAsFactors = FALSE)
df$ds <- as.POSIXct(df$ds, tz = "GMT")
growth <- if (is.null(s$growth)) "linear" else s$growth
mode <- if (is.null(s[["seasonality.mode"]])) "additive" else s[["seasonality.mode"]]
cps <- if (is.null(s[["changepoint.prior.scale"]])) 0.05 else s[["changepoint.prior.scale"]]
hol <- NULL
if (isTRUE(ref$has_holidays)) {
  hol <- read.csv(file.path(dir, "holidays.csv"), stringsAsFactors = FALSE)
  hol$ds <- as.Date(hol$ds)
}
cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
t0 <- cpu()
m <- suppressMessages(prophet(df, growth = growth, seasonality.mode = mode,
                              changepoint.prior.scale = cps, holidays = hol,
                              uncertainty.samples = 1000))
t1 <- cpu()
freq <- s$freq
if (is.numeric(freq)) freq <- as.numeric(freq)
future <- make_future_dataframe(m, periods = s$periods, freq = freq)
if (growth == "logistic") future$cap <- df$cap[1]
t2 <- cpu()
fc <- predict(m, future)
t3 <- cpu()
cat(sprintf("fit_s=%.6f predict_s=%.6f\n", t1 - t0, t3 - t2))
