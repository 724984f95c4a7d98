#!/usr/bin/env Rscript
# r_peers.R: R forecast-package peers for the M4 and daily benchmarks.
#
#   Rscript bench/lib/r_peers.R METHOD TRAIN.csv OUTDIR [N] --h=H --periods=P[,P2] --format=wide|long
#
# METHOD is one of ets, stlf, thetaf, arima, snaive. N (optional, default all)
# forecasts only the first N series of TRAIN.csv, which is either
#   wide  the M4 format: id, then values with trailing empty cells (bench/m4)
#   long  a runway series file: series,timestamp,value, one row per point,
#         series in file order (bench/daily)
# --periods gives the seasonal periods. ets, thetaf, auto.arima, snaive and the
# fallbacks use ts(y, frequency = first period); stlf uses all of them:
# msts(y, seasonal.periods = periods) when there are several, else the same ts.
# For each series it fits and forecasts h = H with level = c(80, 95) and writes
#   OUTDIR/r_METHOD.csv         series,step,mean,lo80,hi80,lo95,hi95
#   OUTDIR/r_METHOD_timing.csv  series,method,elapsed,cpu,status
# elapsed/cpu are the system.time() of fit + forecast for that series
# (cpu = user + sys of this R process); system.time() runs gc() before each
# series (its default gcFirst = TRUE), outside the measured time. status is
#   ok        the method ran
#   short     fewer than two seasonal cycles (2 x the first period): naive() is
#             used instead, by design (a seasonal model needs two full cycles)
#   fallback  the method failed; snaive was used instead
# (counted, never hidden). One method per R process, so two methods can run
# side by side on two cores.
suppressPackageStartupMessages(library(forecast))

usage <- "usage: r_peers.R METHOD TRAIN.csv OUTDIR [N] --h=H --periods=P[,P2] --format=wide|long"
argv <- commandArgs(trailingOnly = TRUE)
named <- grepl("^--[a-z]+=", argv)
args <- argv[!named]
opt <- sub("^--[a-z]+=", "", argv[named])
names(opt) <- sub("^--([a-z]+)=.*$", "\\1", argv[named])
if (length(args) < 3 || !all(c("h", "periods", "format") %in% names(opt)) ||
    !all(names(opt) %in% c("h", "periods", "format")))
  stop(usage)
method <- args[1]
train_file <- args[2]
outdir <- args[3]
nmax <- if (length(args) >= 4) as.integer(args[4]) else NA_integer_

H <- as.integer(opt[["h"]])
PERIODS <- as.numeric(strsplit(opt[["periods"]], ",", fixed = TRUE)[[1]])
FREQ <- PERIODS[1]
MIN_LEN <- 2 * FREQ
LEVELS <- c(80, 95)
if (is.na(H) || H < 1 || anyNA(PERIODS) || !(opt[["format"]] %in% c("wide", "long")))
  stop(usage)

fit_forecast <- function(y) {
  x <- ts(y, frequency = FREQ)
  switch(method,
    ets    = forecast(ets(x), h = H, level = LEVELS),
    stlf   = stlf(if (length(PERIODS) > 1) msts(y, seasonal.periods = PERIODS) else x,
                  h = H, level = LEVELS, method = "ets"),
    thetaf = thetaf(x, h = H, level = LEVELS),
    arima  = forecast(auto.arima(x), h = H, level = LEVELS),
    snaive = snaive(x, h = H, level = LEVELS),
    stop("unknown method: ", method))
}

if (opt[["format"]] == "wide") {
  raw <- read.csv(train_file, header = TRUE, stringsAsFactors = FALSE,
                  colClasses = c(V1 = "character"))
  ids <- raw[[1]]
  vals <- as.matrix(raw[, -1])
  series_values <- function(i) vals[i, ]
} else {
  raw <- read.csv(train_file, header = TRUE, stringsAsFactors = FALSE,
                  colClasses = c("character", "character", "numeric"))
  ids <- unique(raw$series)                 # file order
  vals <- split(raw$value, factor(raw$series, levels = ids))
  series_values <- function(i) vals[[i]]
}
n <- length(ids)
if (!is.na(nmax)) n <- min(n, nmax)

dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
# Preallocated outputs (rbind of per-series data frames is slow: ~30 s for 414).
fc_mat <- matrix(NA_real_, n * H, 5,
                 dimnames = list(NULL, c("mean", "lo80", "hi80", "lo95", "hi95")))
tm_el <- numeric(n); tm_cpu <- numeric(n); tm_status <- character(n)
t_all <- proc.time()
for (i in seq_len(n)) {
  y <- series_values(i)
  y <- y[!is.na(y)]
  status <- "ok"
  fc <- NULL
  if (length(y) < MIN_LEN) {
    status <- "short"
    message(sprintf("%s %s: %d points (< %d), using naive", method, ids[i], length(y), MIN_LEN))
    st <- system.time(fc <- naive(ts(y, frequency = FREQ), h = H, level = LEVELS))
  } else {
    st <- system.time({
      fc <- tryCatch(fit_forecast(y), error = function(e) {
        message(sprintf("%s %s failed: %s; using snaive", method, ids[i],
                        conditionMessage(e)))
        NULL
      })
    })
    if (is.null(fc)) {
      status <- "fallback"
      fc <- snaive(ts(y, frequency = FREQ), h = H, level = LEVELS)
    }
  }
  lo <- as.matrix(fc$lower); hi <- as.matrix(fc$upper)
  rows <- ((i - 1) * H + 1):(i * H)
  fc_mat[rows, ] <- cbind(as.numeric(fc$mean), as.numeric(lo[, 1]), as.numeric(hi[, 1]),
                          as.numeric(lo[, 2]), as.numeric(hi[, 2]))
  tm_el[i] <- st[["elapsed"]]
  tm_cpu[i] <- st[["user.self"]] + st[["sys.self"]]
  tm_status[i] <- status
  if (i %% 20 == 0 || i == n)
    message(sprintf("[%s] %s %d/%d series, %.1f s", format(Sys.time(), "%H:%M:%S"),
                    method, i, n, (proc.time() - t_all)[["elapsed"]]))
}
fc_df <- data.frame(series = rep(ids[seq_len(n)], each = H), step = rep(seq_len(H), n),
                    fc_mat)
tm_df <- data.frame(series = ids[seq_len(n)], method = method,
                    elapsed = round(tm_el, 4), cpu = round(tm_cpu, 4), status = tm_status)
write.csv(fc_df, file.path(outdir, paste0("r_", method, ".csv")),
          row.names = FALSE, quote = FALSE)
write.csv(tm_df, file.path(outdir, paste0("r_", method, "_timing.csv")),
          row.names = FALSE, quote = FALSE)
