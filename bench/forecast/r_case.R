# One ../shared/prophet-ref case as R prophet sees it, shared by bench/forecast/r_anchor.R and
# tests/forecast/r_converged.R: the history (ds in UTC), the holidays, and the settings a case's
# reference.json gives (growth, seasonality.mode, changepoint.prior.scale; everything else is
# prophet's default). Also cpu(): user + system CPU seconds of this process.
# usage: source(".../r_case.R"); case <- read_ref_case(file.path(ref_dir, name))
suppressMessages(library(jsonlite))

read_ref_case <- function(dir) {
  ref <- fromJSON(file.path(dir, "reference.json"))
  s <- ref$settings
  df <- read.csv(file.path(dir, "input.csv"), stringsAsFactors = FALSE)
  df$ds <- as.POSIXct(df$ds, tz = "GMT")
  hol <- NULL
  if (isTRUE(ref$has_holidays)) {
    hol <- read.csv(file.path(dir, "holidays.csv"), stringsAsFactors = FALSE)
    hol$ds <- as.Date(hol$ds)
  }
  list(ref = ref, settings = s, df = df, holidays = hol,
       growth = if (is.null(s$growth)) "linear" else s$growth,
       mode = if (is.null(s[["seasonality.mode"]])) "additive" else s[["seasonality.mode"]],
       cps = if (is.null(s[["changepoint.prior.scale"]])) 0.05 else s[["changepoint.prior.scale"]])
}

cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
