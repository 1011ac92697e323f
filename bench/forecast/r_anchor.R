# R prophet anchor for bench/forecast: fits and predicts one reference case with the case's
# settings and 1000 uncertainty samples, and prints "fit_s=<x> predict_s=<y>" (in-process CPU
# seconds, user + system, like the C++ side, so a busy machine does not skew the ratio).
# usage: Rscript r_anchor.R <prophet-ref dir> <case>
suppressMessages(library(prophet))
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(script), "r_case.R"))
args <- commandArgs(trailingOnly = TRUE)
case <- read_ref_case(file.path(args[1], args[2]))
s <- case$settings
df <- case$df
growth <- case$growth
mode <- case$mode
cps <- case$cps
hol <- case$holidays
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
