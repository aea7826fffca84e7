-- Print wrk's summary as one JSON line for bench/run.py to read.
done = function(summary, latency, requests)
  local ok = summary.requests - summary.errors.status - summary.errors.connect
    - summary.errors.read - summary.errors.write - summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "ok": %d, "non_2xx_3xx": %d, "socket_errors": %d, ' ..
    '"duration_us": %d, "mean_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d}\n',
    summary.requests, ok, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.duration, latency.mean, latency:percentile(50),
    latency:percentile(95), latency:percentile(99)))
end
