-- POST the petition sign form with a new email each request. The CSRF token
-- (BENCH_SIGN_TOKEN) belongs to the cookie bench/run.py passes with -H.
local counter = 0
local threads = {}

setup = function(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

init = function(args)
  token = os.getenv("BENCH_SIGN_TOKEN")
  run = os.getenv("BENCH_RUN") or tostring(os.time())
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

request = function()
  counter = counter + 1
  local body = "csrfmiddlewaretoken=" .. token ..
    "&name=Bench+Signer&country=LT" ..
    "&email=bench-" .. run .. "-" .. id .. "-" .. counter .. "%40example.org"
  return wrk.format(nil, nil, nil, body)
end
-- Print wrk's summary as one JSON line for bench/run.py to read.
done = function(summary, latency, requests)
  local ok = summary.requests - summary.errors.status - summary.errors.connect
    - summary.errors.read - summary.errors.write - summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "ok": %d, "non_2xx_3xx": %d, "socket_errors": %d, ' ..
    '"duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, ok, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
