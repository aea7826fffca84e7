-- Ask for page 1, 2, 3… of the list in the URL, each once, then stop: with
-- the records' cache emptied first, every answer is built from the database.
local page = 0
local pages = tonumber(os.getenv("BENCH_PAGES"))

request = function()
  page = page + 1
  return wrk.format(nil, wrk.path .. "&page=" .. page)
end

response = function(status, headers, body)
  if page >= pages then
    wrk.thread:stop()
  end
end

dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")
