-- wrk script: POSTs one JSON body (BODY_FILE, default examples/a10-request.json) to the URL's path, and prints a
-- machine-readable summary line ("WRKJSON {...}") with throughput, latency percentiles and every error count.
-- No per-response Lua callback, so wrk's own cost stays minimal.
local path = os.getenv("BODY_FILE") or "examples/a10-request.json"
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
if os.getenv("WRK_METHOD") == "GET" then -- GET of the URL (the /q/health/live floor), same summary line
  wrk.method = "GET"
  wrk.body = nil
  wrk.headers["Content-Type"] = nil
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"rps":%.1f,'
    .. '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d,'
    .. '"lat_mean_us":%.1f,"lat_stdev_us":%.1f,"lat_max_us":%d,'
    .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, summary.requests / (summary.duration / 1e6),
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
