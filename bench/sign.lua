-- POST the petition sign form with a new email each request, to the URL wrk
-- is given: the form's action, /petition/sign/<pk>/ (see sign_path in
-- run.py). The CSRF token (BENCH_SIGN_TOKEN) belongs to the cookie
-- bench/run.py passes with -H.
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
  -- The fields a browser sends: the honeypot empty, the boxes unticked.
  local body = "csrfmiddlewaretoken=" .. token ..
    "&name=Bench+Signer&country=LT&website=" ..
    "&email=bench-" .. run .. "-" .. id .. "-" .. counter .. "%40example.org"
  return wrk.format(nil, nil, nil, body)
end
-- The same one-line JSON summary as every other bench run.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
