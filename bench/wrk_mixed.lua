-- wrk script of bench/perf.py: every request takes the next path of a mixed list, some with a
-- member's session cookie; prints the counts as one JSON line (see wrk_fixed.lua).
-- Arguments: cookie header, then paths; a path starting with "@" is sent with the cookie.
local paths = {}
local cookie = ""
local index = 0

function init(args)
  cookie = args[1]
  for i = 2, #args do
    paths[#paths + 1] = args[i]
  end
end

function request()
  index = index % #paths + 1
  local path = paths[index]
  if string.sub(path, 1, 1) == "@" then
    return wrk.format("GET", string.sub(path, 2), {["Cookie"] = cookie})
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
