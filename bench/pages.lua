-- Ask for the paths listed in the file BENCH_PATHS (one a line) in turn,
-- BENCH_REQUESTS answers per thread (default: each path once), then stop
-- and print "done" so that bench/run.py ends wrk at once rather than
-- letting it run out its -d time.
local paths = {}
local answers = 0
local next_path = 0
local limit

init = function(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    table.insert(paths, line)
  end
  limit = tonumber(os.getenv("BENCH_REQUESTS") or "") or #paths
end

request = function()
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end

response = function(status, headers, body)
  answers = answers + 1
  if answers == limit then
    io.write("done\n")
    io.flush()
    wrk.thread:stop()
  end
end

dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
