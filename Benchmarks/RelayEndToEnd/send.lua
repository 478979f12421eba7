-- wrk script for the relay benchmark: POST /v1/messages with the JSON body in $BODY_FILE (no send_at: relayed at
-- once), each thread stopping once QUOTA 202s have come back, so a run sends a fixed count (QUOTA per thread,
-- plus the few requests already in flight when a thread stops, which run.sh counts in the store).
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.path = "/v1/messages"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")
local quota = tonumber(os.getenv("QUOTA"))

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  accepted, other = 0, 0
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
  if accepted >= quota then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local total_accepted, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("accepted=%d other=%d errors=%d duration_s=%.3f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    total_accepted, total_other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
