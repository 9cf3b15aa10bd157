-- wrk script: Telegram webhook deliveries, as Telegram would POST them.
--
--   wrk -t2 -c64 -d10s --latency -s bench/webhook.lua \
--       http://127.0.0.1:PORT/webhooks/telegram/<page-id> [-- RUN]
--
-- Every request is a new private chat (chat.id = from.id) with a new
-- update_id, so a server that dedupes on update_id or serialises per chat
-- does the full work for each request. Ids are
--   1e9 + RUN * 1e8 + thread * 1e7 + n
-- RUN (0-9, default 0) keeps a warm-up's ids apart from the measured run's
-- when both hit the same server process; threads (at most 10) get their own
-- block so they never collide. Everything stays below 2^31.
--
-- done() prints one machine-readable line, "webhook-bench: ...", that
-- run_webhook_bench.sh parses.

local questions = {
  "vneid ko dang nhap dc",
  "Cho tôi hỏi kích hoạt tài khoản định danh mức 2 thế nào ạ",
  "xin chao",
  "cam on ban",
  "quen mat khau vneid",
  "chuyển tiền bị lỗi",
  "Xin chào ạ",
  "Cảm ơn bạn nhiều nhé!",
  "Cho tôi hỏi làm căn cước cho con dưới 14 tuổi thì cần những giấy tờ gì ạ?",
  "lam can cuoc o dau",
  "đổi mật khẩu VNeID như thế nào",
  "e bi khoa tk vneid r, mo lai sao a",
  "Tài khoản định danh mức 1 và mức 2 khác nhau chỗ nào?",
  "đăng ký thường trú cần giấy tờ gì",
  "dang ky tam tru online dc ko ad",
  "Làm sao để tích hợp giấy phép lái xe vào VNeID?",
  "bao hiem y te tren vneid ko hien",
  "Tôi muốn gặp người thật",
  "cho e gap tu van vien voi",
  "Sao app báo \"Thông tin không hợp lệ\" vậy ạ?",
  "ko nhan dc ma OTP",
  "Đổi số điện thoại đăng ký VNeID ở đâu ạ?",
  "thủ tục cấp lại căn cước khi bị mất",
  "Căn cước gắn chip bao lâu thì có?",
  "nop phat vi pham giao thong qua app dc k",
  "Xác thực sinh trắc học trên ngân hàng bị lỗi, phải làm sao?",
  "tra cứu hồ sơ dịch vụ công",
  "Mình ở xã Tân Phong, lịch làm căn cước tuần này thế nào?",
  "ok",
  "Hộ chiếu phổ thông làm online được không ạ?\nCần mang gì khi đến nhận?",
}

-- JSON string escaping for the characters that can occur above (quotes,
-- backslashes, control characters). UTF-8 bytes pass through unchanged.
local function json_escape(s)
  return (s:gsub('[%c"\\]', function(c)
    local named = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n',
                    ['\r'] = '\\r', ['\t'] = '\\t' }
    return named[c] or string.format('\\u%04x', c:byte())
  end))
end

-- setup() runs in wrk's main Lua state, once per thread, before init().
local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local body_format = '{"update_id":%d,"message":{"message_id":1,' ..
  '"from":{"id":%d,"is_bot":false,"first_name":"Lan","last_name":"Nguyễn Thị",' ..
  '"language_code":"vi"},' ..
  '"chat":{"id":%d,"first_name":"Lan","last_name":"Nguyễn Thị","type":"private"},' ..
  '"date":%d,"text":"%s"}}'

local escaped = {}
local first_id, n, date

function init(args)
  local run = tonumber(args[1]) or 0
  assert(run >= 0 and run <= 9, "RUN must be 0-9")
  assert(thread_index < 10, "at most 10 wrk threads")
  for i, q in ipairs(questions) do escaped[i] = json_escape(q) end
  first_id = 1000000000 + run * 100000000 + thread_index * 10000000
  n = 0
  date = os.time()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = "bench-secret"
end

function request()
  local id = first_id + n
  local text = escaped[n % #escaped + 1]
  n = n + 1
  return wrk.format(nil, nil, nil, string.format(body_format, id, id, id, date, text))
end

-- wrk counts status > 399 in errors.status; the servers under test send no
-- 3xx, so that is the non-2xx count.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "webhook-bench: requests=%d duration_us=%d non2xx=%d connect_errors=%d " ..
    "read_errors=%d write_errors=%d timeouts=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(99)))
end
