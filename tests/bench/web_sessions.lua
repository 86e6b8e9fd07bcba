-- wrk script for tests/bench/bench_web.sh: one login session per connection.  wrk's Lua sees
-- threads, not connections, so run it with as many threads as connections (-t N -c N): each
-- thread gets the next session cookie of the file $BENCH_COOKIES (one "name=value" a line; an
-- empty file = no cookie).  An answer other than 200 (a 303 to the login page when a session
-- is gone, a 503) is counted as bad.  $BENCH_THINK_MS (default 0): each session waits that
-- long after an answer before it asks again (a person reading the page, then clicking) — 0
-- is the closed loop (each session asks again at once).  done() prints one line for the script to read:
--   RESULT p50_ms p95_ms p99_ms requests_per_s requests bad socket_errors
local cookies, threads = {}, {}
for line in io.lines(os.getenv("BENCH_COOKIES")) do
	if line ~= "" then cookies[#cookies + 1] = line end
end

function setup(thread)
	table.insert(threads, thread)
	if #cookies > 0 then
		thread:set("cookie", cookies[(#threads - 1) % #cookies + 1])
	end
end

local think = tonumber(os.getenv("BENCH_THINK_MS") or "0") or 0
if think > 0 then
	function delay() return think end
end

function init(args)
	bad = 0
	if cookie then wrk.headers["Cookie"] = cookie end
end

function response(status, headers, body)
	if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
	local nbad = 0
	for _, t in ipairs(threads) do nbad = nbad + t:get("bad") end
	local e = summary.errors
	io.write(string.format("RESULT %.2f %.2f %.2f %.1f %d %d %d\n",
		latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
		summary.requests / (summary.duration / 1e6), summary.requests, nbad,
		e.connect + e.read + e.write + e.timeout))
end
