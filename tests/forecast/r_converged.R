# R prophet's own MAP for one ../shared/prophet-ref case, run to convergence, as an independent
# anchor for tradelet's `exact` solver (tests/forecast/prophet_converged_test.cc).
#
# usage: Rscript r_converged.R <prophet-ref dir> <case> <out prefix> [<our params json>]
#
# Why not just prophet(..., tighter tolerances): Prophet's posterior has a Laplace (L1) prior on
# the changepoint deltas, so the log density has kinks at delta_j = 0 and the MAP sits on them.
# Stan's L-BFGS and Newton are smooth-function methods: on the reference cases both stall a few
# log-density units short of the optimum whatever the tolerances (L-BFGS ends in "line search
# failed", Newton in a step that no longer improves). So this script
#   1. fits the case exactly as prophet() does (`default`: Stan's L-BFGS, or Newton if T < 100,
#      Prophet's tolerances) -- this reproduces the stored reference;
#   2. runs Stan's Newton from Prophet's init with iter = 1e5 (`newton`), as the brief's
#      "converged Stan" candidate, for the record;
#   3. converges (`converged`): R's optim(L-BFGS-B) on Stan's own log density of Prophet's model
#      (rstan::log_prob / gradient of the compiled prophet.stan, no Jacobian, exactly what
#      rstan::optimizing maximises), with the L1 term made smooth the standard exact way:
#      delta = dp - dn, dp, dn >= 0, |delta| -> dp + dn (same optimum, same value). Started from
#      the `default` optimum; factr = 1 (tolerance one machine epsilon), pgtol = 0.
#   4. if our params are given: Stan's log density and its gradient at them, and L-BFGS-B started
#      from them (`from_ours`), which cannot improve the value if ours is the MAP.
# Every point is predicted with R prophet's own predict() (uncertainty.samples = 0).
# Model settings come from the case's reference.json through bench/forecast/r_case.R, as
# bench/forecast/r_anchor.R reads them (growth, seasonality.mode, changepoint.prior.scale,
# holidays; everything else default).
#
# writes <out prefix>.json: {case, tau, fits: {<name>: {value, return_code, iterations,
#   evaluations, fit_s, termination, params: {k, m, delta, sigma_obs, beta}}}, ours: {value,
#   gradient (d/d[k, m, delta, log sigma, beta])}} and <out prefix>.csv: ds, trend_<name>,
#   yhat_<name> for make_future_dataframe(periods, freq) (history and future).
Sys.setenv(TZ = "UTC")  # keeps R from asking timedatectl for the zone
suppressMessages(library(prophet))
suppressMessages(library(rstan))
suppressMessages(library(jsonlite))
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(script), "..", "..", "bench", "forecast", "r_case.R"))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) {
  stop("usage: Rscript r_converged.R <prophet-ref dir> <case> <out prefix> [<our params json>]")
}
dir <- file.path(args[1], args[2])
out <- args[3]
ours_file <- if (length(args) >= 4) args[4] else NULL
case <- read_ref_case(dir)
ref <- case$ref
s <- case$settings
df <- case$df
growth <- case$growth
smode <- case$mode
cps <- case$cps
hol <- case$holidays
new_model <- function() {
  prophet(growth = growth, seasonality.mode = smode, changepoint.prior.scale = cps,
          holidays = hol, uncertainty.samples = 0, fit = FALSE)
}

# Runs fit.prophet with extra rstan::optimizing arguments; counts Stan's iterations from its
# per-iteration trace (refresh = 1).
stan_fit <- function(opt) {
  t0 <- cpu()
  log <- capture.output(
    m <- suppressWarnings(suppressMessages(
      do.call(fit.prophet, c(list(new_model(), df, refresh = 1), opt)))))
  t1 <- cpu()
  log <- sub("^Chain 1: ?", "", log)
  rows <- grep("^\\s*\\d+\\s+-?[0-9.e+-]+\\s", log, value = TRUE)
  cols <- strsplit(trimws(rows), "\\s+")
  last <- if (length(cols)) cols[[length(cols)]] else c(NA, NA, NA, NA, NA, NA, NA)
  term <- setdiff(log[grepl("Convergence|terminated|Line search|Error|Falling back", log)], rows)
  list(m = m, info = list(value = m$stan.fit$value, return_code = m$stan.fit$return_code,
                          iterations = sum(grepl("^\\s*Iter\\s", log)) +
                            sum(grepl("^Iteration\\s", log)),
                          evaluations = suppressWarnings(as.integer(last[7])),
                          fit_s = t1 - t0, termination = trimws(paste(term, collapse = " "))))
}

default <- stan_fit(list())
m <- default$m
newton <- stan_fit(list(algorithm = "Newton", iter = 100000))

# Stan's log density of Prophet's model on the fitted history (the data list fit.prophet builds).
h <- m$history
feat <- prophet:::make_all_seasonality_features(m, h)
dat <- list(T = nrow(h), K = ncol(feat$seasonal.features), S = length(m$changepoints.t),
            y = h$y_scaled, t = h$t, t_change = array(m$changepoints.t),
            X = as.matrix(feat$seasonal.features), sigmas = array(feat$prior.scales),
            tau = m$changepoint.prior.scale,
            trend_indicator = switch(m$growth, linear = 0, logistic = 1, flat = 2),
            s_a = array(feat$component.cols$additive_terms),
            s_m = array(feat$component.cols$multiplicative_terms),
            cap = if (m$growth == "logistic") h$cap_scaled else rep(0, nrow(h)))
S <- dat$S
K <- dat$K
tau <- dat$tau
as_list <- function(p) {
  list(k = c(p$k)[1], m = c(p$m)[1], delta = array(as.vector(p$delta)),
       sigma_obs = c(p$sigma_obs)[1], beta = array(as.vector(p$beta)))
}
invisible(capture.output(sf <- suppressWarnings(suppressMessages(
  sampling(prophet:::stanmodels$prophet, data = dat, chains = 1, iter = 1,
           algorithm = "Fixed_param", init = list(as_list(m$params)))))))
# u = unconstrained (k, m, delta[S], log sigma, beta[K]); value and gradient without Jacobian.
stan_lp <- function(u) log_prob(sf, u, adjust_transform = FALSE, gradient = TRUE)
di <- 2 + seq_len(S)
# Split coordinates z = (k, m, dp[S], dn[S], log sigma, beta[K]) -> u.
to_u <- function(z) c(z[1:2], z[2 + seq_len(S)] - z[2 + S + seq_len(S)], z[(3 + 2 * S):length(z)])
from_u <- function(u) {
  d <- u[di]
  c(u[1:2], pmax(d, 0), pmax(-d, 0), u[(3 + S):length(u)])
}
neg <- function(z) {
  u <- to_u(z)
  lp <- stan_lp(u)
  # Stan's value has -|delta|/tau; the split form has -(dp + dn)/tau instead.
  -(lp + sum(abs(u[di])) / tau - sum(z[2 + seq_len(2 * S)]) / tau)
}
neg_grad <- function(z) {
  u <- to_u(z)
  g <- attr(stan_lp(u), "gradient")
  gs <- g[di] + sign(u[di]) / tau  # the smooth part's gradient in delta
  -c(g[1:2], gs - 1 / tau, -gs - 1 / tau, g[(3 + S):length(g)])
}
polish <- function(u0) {
  z0 <- from_u(u0)
  lower <- c(-Inf, -Inf, rep(0, 2 * S), rep(-Inf, 1 + K))
  t0 <- cpu()
  r <- optim(z0, neg, neg_grad, method = "L-BFGS-B", lower = lower,
             control = list(factr = 1, pgtol = 0, maxit = 100000, lmm = 20))
  t1 <- cpu()
  u <- to_u(r$par)
  p <- constrain_pars(sf, u)
  list(u = u, params = p,
       info = list(value = as.numeric(stan_lp(u)), return_code = r$convergence,
                   iterations = unname(r$counts[1]), evaluations = unname(r$counts[1]),
                   fit_s = t1 - t0, termination = r$message))
}
conv <- polish(unconstrain_pars(sf, as_list(m$params)))

fits <- list(default = c(default$info, list(params = as_list(m$params))),
             newton = c(newton$info, list(params = as_list(newton$m$params))),
             converged = c(conv$info, list(params = as_list(conv$params))))
points <- list(default = m$params, newton = newton$m$params, converged = conv$params)
res <- list(case = args[2], tau = tau, S = S, K = K)
if (!is.null(ours_file)) {
  o <- fromJSON(ours_file)
  op <- list(k = o$k, m = o$m, delta = array(o$delta), sigma_obs = o$sigma_obs,
             beta = array(o$beta))
  u <- unconstrain_pars(sf, op)
  lp <- stan_lp(u)
  res$ours <- list(value = as.numeric(lp), gradient = as.vector(attr(lp, "gradient")))
  fo <- polish(u)
  fits$from_ours <- c(fo$info, list(params = as_list(fo$params)))
}
res$fits <- fits

freq <- s$freq
if (is.numeric(freq)) freq <- as.numeric(freq)
future <- make_future_dataframe(m, periods = s$periods, freq = freq)
if (growth == "logistic") future$cap <- df$cap[1]
table <- data.frame(ds = format(future$ds, "%Y-%m-%d %H:%M:%S", tz = "GMT"))
for (name in names(points)) {
  mm <- m
  p <- as_list(points[[name]])
  mm$params <- list(k = p$k, m = p$m, delta = matrix(p$delta, nrow = 1),
                    sigma_obs = p$sigma_obs, beta = matrix(p$beta, nrow = 1))
  fc <- predict(mm, future)
  table[[paste0("trend_", name)]] <- sprintf("%.17g", fc$trend)
  table[[paste0("yhat_", name)]] <- sprintf("%.17g", fc$yhat)
}
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, na = "null"), paste0(out, ".json"))
write.csv(table, paste0(out, ".csv"), row.names = FALSE, quote = FALSE)
