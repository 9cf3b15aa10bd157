-- wrk script: signed Zalo OA webhook events (user_send_text), as Zalo would
-- POST them. The bodies and their signatures are made ahead of the run by
-- bench/make_zalo_events.py, so wrk does no hashing:
--
--   bench/make_zalo_events.py --out /tmp/z/zalo --run 2 --threads 2 \
--       --count 100000 --app-id ... --oa-id ... --oa-secret-key ...
--   wrk -t2 -c64 -d10s --latency -s bench/zalo_webhook.lua \
--       http://127.0.0.1:PORT/webhooks/zalo/<page-id> -- 2 /tmp/z/zalo
--
-- Arguments: RUN (0-9) and the files' path prefix; thread i reads
-- PREFIX-RUN-i.txt (a "mac=..." line, then the body, per event) and sends
-- each event once, in order. Every event is a new citizen with a new
-- msg_id (ids as in webhook.lua), so dedupe and per-chat state do their full
-- work every time.
--
-- The file is read as the requests go, two lines per request (buffered), not
-- loaded in init(): loading 100k events took wrk about 0.4 s of CPU and
-- delayed the second thread's start, with the first one already sending.
-- Reading a line costs about what webhook.lua's string.format does.
--
-- Should a thread use up its file, it does not resend anything (a resent
-- event is a duplicate, answered 200 with no reply): it sends an unsigned
-- body, which gets 401, and done() reports exhausted=N. The benchmark
-- refuses any run with exhausted > 0 or a non-2xx.
--
-- done() prints the same machine-readable line as webhook.lua, plus
-- exhausted=.

local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local file, headers
exhausted = 0  -- A global: done() reads it through thread:get().

function init(args)
  local run = tonumber(args[1])
  local prefix = args[2]
  assert(run and run >= 0 and run <= 9 and prefix, "arguments: RUN (0-9) PREFIX")
  local path = string.format("%s-%d-%d.txt", prefix, run, thread_index)
  file = assert(io.open(path, "rb"))
  file:setvbuf("full", 1024 * 1024)
  -- One table, reused: wrk.format adds Host and Content-Length to it.
  headers = {["Content-Type"] = "application/json", ["X-ZEvent-Signature"] = ""}
  wrk.method = "POST"
end

function request()
  local mac, body = file:read("*l", "*l")
  if body == nil then
    exhausted = exhausted + 1
    headers["X-ZEvent-Signature"] = nil
    return wrk.format(nil, nil, headers, '{"app_id":"0","timestamp":"0"}')
  end
  headers["X-ZEvent-Signature"] = mac
  return wrk.format(nil, nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local total_exhausted = 0
  for _, t in ipairs(threads) do
    total_exhausted = total_exhausted + (t:get("exhausted") or 0)
  end
  io.write(string.format(
    "webhook-bench: requests=%d duration_us=%d non2xx=%d connect_errors=%d " ..
    "read_errors=%d write_errors=%d timeouts=%d p50_us=%d p99_us=%d " ..
    "exhausted=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(99), total_exhausted))
end
