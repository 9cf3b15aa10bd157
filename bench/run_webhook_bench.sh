#!/usr/bin/env bash
# Webhook load benchmark: trolyso against minimal cpp-httplib servers (one
# that only answers, one that also relays one sendMessage per update), on
# loopback, same machine, same run; trolyso twice, with a Telegram page and
# with a Zalo OA page fed signed events. See bench/README.md.
#
#   bench/run_webhook_bench.sh
#
# Environment (all optional):
#   BENCH_ONLY_BASELINE=1   measure only the minimal servers, relay included
#                           (no trolyso build; bench/ is configured on its own)
#   BENCH_TROLYSO_CMD=...   command standing in for "trolyso serve"; {config}
#                           is replaced by the generated config path
#   BENCH_DURATION=10 BENCH_WARMUP=3 BENCH_THREADS=2 BENCH_CONNECTIONS=64
#   BENCH_STRICT=1          exit 1 if trolyso misses a target of issue 2
#   BENCH_ZALO=0            skip the trolyso-zalo row
#   BENCH_ZALO_MAX_RPS=15000  rate the pre-signed Zalo events are sized for
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

only_baseline=${BENCH_ONLY_BASELINE:-0}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-3}
wrk_threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
host=127.0.0.1  # Loopback only: nothing here may send traffic elsewhere.
drain_limit=30  # Seconds to wait for replies after wrk stops.
with_zalo=${BENCH_ZALO:-1}
zalo_max_rps=${BENCH_ZALO_MAX_RPS:-15000}
# What measure() sends: the wrk script, the webhook path and the script's
# arguments after RUN. The Telegram update by default; the Zalo row sets them.
script=bench/webhook.lua
webhook_path=/webhooks/telegram/bench
lua_args=()
# The page each trolyso row's /metrics counter is labelled with.
declare -A metrics_page=([trolyso-telegram]=bench [trolyso-zalo]=zalo-bench)
# The Zalo page (values from the Zalo issue's example OA); secrets are fake.
zalo_oa_id=4318290756153046782
zalo_app_id=2893417265019485302
zalo_oa_secret_key=bench-oa-secret

tmp=$(mktemp -d "${TMPDIR:-/tmp}/trolyso-bench.XXXXXX")
pids=()

# Stops only the processes this script started, politely first.
# shellcheck disable=SC2317  # Invoked by the EXIT trap.
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in {1..50}; do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "run_webhook_bench: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

stop_server() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in {1..50}; do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------- build
trolyso_cmd=${BENCH_TROLYSO_CMD:-}
if [[ "$only_baseline" == 1 || -n "$trolyso_cmd" ]]; then
  # The baselines need nothing from src/, so they build even when it does not.
  build="build-bench/baseline-only"
  log "building baseline servers (Release) in $build"
  cmake -S bench -B "$build" -DCMAKE_BUILD_TYPE=Release >"$tmp/cmake.log" 2>&1 ||
    { cat "$tmp/cmake.log" >&2; die "cmake configure failed"; }
  targets=(minimal_server fake_telegram_api)
else
  build="build-bench"
  log "building (Release) in $build"
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    -DTROLYSO_BENCH=ON >"$tmp/cmake.log" 2>&1 ||
    { cat "$tmp/cmake.log" >&2; die "cmake configure failed"; }
  targets=(minimal_server fake_telegram_api trolyso)
  trolyso_cmd="$build/trolyso serve --config {config}"
fi
cmake --build "$build" -j2 --target "${targets[@]}" >"$tmp/build.log" 2>&1 ||
  { tail -40 "$tmp/build.log" >&2; die "build failed"; }
minimal="$build/bench/minimal_server"
fake_api="$build/bench/fake_telegram_api"

clk_tck=$(getconf CLK_TCK)
cores=$(nproc)

# ---------------------------------------------------------------- helpers
# start_server NAME CMD...: starts CMD, waits for its "listening on [HOST:]PORT"
# line, sets server_pid and server_port; returns 1 (with the reason on
# stderr) if it does not come up. stdbuf makes a C/C++ stdout that goes to a
# file line-buffered, so the line shows up without an explicit flush; it
# execs the command, so the pid is the server's own.
start_server() {
  local name=$1; shift
  local out="$tmp/$name.out" err="$tmp/$name.err"
  stdbuf -oL "$@" >"$out" 2>"$err" &
  server_pid=$!
  pids+=("$server_pid")
  for _ in {1..300}; do  # 30 s: trolyso migrates a database and loads rules.
    server_port=$(grep -s -E -o -m1 'listening on (http://)?[0-9.:]*[0-9]' "$out" | grep -o '[0-9]*$' || true)
    [[ -n "$server_port" ]] && return 0
    if ! kill -0 "$server_pid" 2>/dev/null; then
      local rc=0
      wait "$server_pid" || rc=$?
      echo "run_webhook_bench: $name exited during start-up (status $rc): $*" >&2
      tail -n 5 "$out" "$err" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "run_webhook_bench: $name printed no 'listening on <port>' within 30 s" >&2
  return 1
}

# CPU accounting, in clock ticks (getconf CLK_TCK). Only builtins here, so
# reading a counter forks nothing that would itself be counted.
#
# stat_fields PID: sets the array `stat` to /proc/PID/stat from field 3 on
# (stat[0] = state), after the "(comm)" field that may contain spaces.
stat_fields() {
  local line
  read -r line <"/proc/$1/stat" || return 1
  read -r -a stat <<<"${line##*) }"
}
# cpu_ticks PID: user + system time the process has used so far.
cpu_ticks() {
  local -a stat
  stat_fields "$1" || { echo "run_webhook_bench: pid $1 is gone" >&2; echo 0; return; }
  echo $((stat[11] + stat[12]))  # Fields 14 (utime) and 15 (stime).
}
# child_ticks: user + system time of this shell's finished children, which
# includes wrk (reaped by `timeout`, which this shell reaps). $$ is the main
# shell even inside $(...), and the subshell reading it is not finished yet.
child_ticks() {
  local -a stat
  stat_fields $$
  echo $((stat[13] + stat[14]))  # Fields 16 (cutime) and 17 (cstime).
}
# busy_ticks: non-idle time of all CPUs together, from /proc/stat.
busy_ticks() {
  local user nice system irq softirq steal
  # cpu user nice system idle iowait irq softirq steal guest...
  read -r _ user nice system _ _ irq softirq steal _ </proc/stat
  echo $((user + nice + system + irq + softirq + steal))
}
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# run_wrk NAME URL RUN SECONDS: sets w_requests, w_duration_us, w_non2xx,
# w_*_errors, w_timeouts, w_p50_us, w_p99_us (and, from zalo_webhook.lua,
# w_exhausted) from the script's done() line, and w_cpu_ticks to
# the CPU wrk itself used.
run_wrk() {
  local name=$1 url=$2 run=$3 secs=$4
  local out="$tmp/wrk-$name-$run.out" cpu_before
  cpu_before=$(child_ticks)
  timeout $((secs + 30)) wrk -t"$wrk_threads" -c"$connections" -d"${secs}s" \
    --latency -s "$script" "$url" -- "$run" "${lua_args[@]}" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed against $name"; }
  w_cpu_ticks=$(($(child_ticks) - cpu_before))
  w_exhausted=0
  local line kv
  line=$(sed -n 's/^webhook-bench: //p' "$out")
  [[ -n "$line" ]] || { cat "$out" >&2; die "no summary from webhook.lua"; }
  for kv in $line; do
    [[ "$kv" =~ ^([a-z0-9_]+)=([0-9]+)$ ]] || die "bad summary field: $kv"
    printf -v "w_${BASH_REMATCH[1]}" '%s' "${BASH_REMATCH[2]}"
  done
}

peak_rss_kb() {
  awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null ||
    { echo "run_webhook_bench: pid $1 died during the run" >&2; echo 0; }
}

# The range of chat ids webhook.lua uses for a given RUN.
run_min_chat() { echo $((1000000000 + $1 * 100000000)); }
run_max_chat() { echo $((1000000000 + ($1 + 1) * 100000000 - 1)); }

# fake_stat RUN FIELD: one field of the current fake API's /stats for RUN's
# chats. Each replying target gets its own fake API, started fresh.
fake_stat() {
  curl -sf --max-time 5 \
    "http://$host:$fake_port/stats?min_chat_id=$(run_min_chat "$1")&max_chat_id=$(run_max_chat "$1")" |
    grep -o "\"$2\":[0-9]*" | grep -o '[0-9]*$'
}

# Waits until the fake API has RUN's expected replies, or its count has not
# grown for 3 s, or drain_limit seconds have passed. Prints the wait.
wait_for_replies() {
  local run=$1 expected=$2 last=-1 stable=0 start=$SECONDS count
  while ((SECONDS - start < drain_limit)); do
    count=$(fake_stat "$run" send_message) || die "fake API /stats failed"
    ((count >= expected)) && break
    if ((count == last)); then
      ((++stable >= 6)) && break
    else
      stable=0
      last=$count
    fi
    sleep 0.5
  done
  echo $((SECONDS - start))
}

# server_acked NAME PORT: the target's own count of acknowledged webhook
# requests, or empty if it does not have one (yet). trolyso: its /metrics
# counter (label order not assumed); minimal-relay: its /stats.
server_acked() {
  if [[ -n "${metrics_page[$1]:-}" ]]; then
    curl -s --max-time 5 "http://$host:$2/metrics" 2>/dev/null |
      awk -v page="page=\"${metrics_page[$1]}\"" '
        /^trolyso_webhook_requests_total\{/ && index($0, page) && /status="200"/ {
          printf "%d\n", $NF; exit }' || true
  else
    curl -s --max-time 5 "http://$host:$2/stats" 2>/dev/null |
      grep -o '"acknowledged":[0-9]*' | grep -o '[0-9]*$' || true
  fi
}

declare -A rps p50 p99 non2xx sock_err rss
declare -A requests window_ms wrk_cpu server_cpu fake_cpu all_cpu
declare -A acked_wrk acked_server drained sent chats dups bad refreshes token_rejected
names=()     # Every measured target, in order.
replying=()  # Targets that send replies through a fake API.

# check_zalo_run NAME RUN: after a wrk run with zalo_webhook.lua, refuses
# to go on if the pre-signed events ran out or any was not answered 2xx
# (a 401 means the signature or the timestamp is wrong: a bug in
# make_zalo_events.py or in trolyso, never noise). Shows trolyso's first log lines.
# shellcheck disable=SC2154  # w_* are set by run_wrk through printf -v.
check_zalo_run() {
  [[ "$script" == bench/zalo_webhook.lua ]] || return 0
  local sock=$((w_connect_errors + w_read_errors + w_write_errors + w_timeouts))
  log "$1: run $2: $w_requests events sent, $w_non2xx non-2xx, $sock socket errors," \
    "$((zalo_events[$2] * wrk_threads)) pre-signed"
  # Past the pool, every request is an unsigned body answered 401.
  if ((w_non2xx > w_exhausted || sock > 0)); then
    head -n 10 "$tmp/$1.out" "$tmp/$1.err" >&2  # The first refusals say why.
    die "$1: run $2: $((w_non2xx - w_exhausted)) of the $((w_requests - w_exhausted))" \
      "signed Zalo events were not answered 2xx ($sock socket errors); check the" \
      "signing in bench/make_zalo_events.py against trolyso's log above"
  fi
  if ((w_exhausted > 0)); then
    die "$1: wrk used up the $((zalo_events[$2] * wrk_threads)) pre-signed events" \
      "($w_exhausted requests over);" \
      "raise BENCH_ZALO_MAX_RPS (now $zalo_max_rps)"
  fi
}

# measure NAME PORT PID [FAKE_PID]: warm-up (RUN 1) then the measured run
# (RUN 2). With FAKE_PID the target replies through that fake API: the
# warm-up's replies are waited for before the measured run, the measured
# run's after it, and the CPU window covers the run and that wait, so every
# reply counted is paid for inside it.
# w_* are set by run_wrk through printf -v; drained and bad are read
# through row's nameref.
# shellcheck disable=SC2154,SC2034
measure() {
  local name=$1 port=$2 pid=$3 fake_pid=${4:-}
  local url="http://$host:$port$webhook_path"
  local before="" after server0 fake0=0 busy0 start
  log "$name: warm-up ${warmup}s"
  run_wrk "$name" "$url" 1 "$warmup"
  check_zalo_run "$name" 1
  if [[ -n "$fake_pid" ]]; then
    # Let the warm-up's replies go out so they do not eat into the run.
    log "$name: warm-up drained after $(wait_for_replies 1 $((w_requests - w_non2xx)))s"
    before=$(server_acked "$name" "$port")
    fake0=$(cpu_ticks "$fake_pid")
  fi
  server0=$(cpu_ticks "$pid")
  busy0=$(busy_ticks)
  start=$(now_ms)
  log "$name: measuring ${duration}s (wrk -t$wrk_threads -c$connections)"
  run_wrk "$name" "$url" 2 "$duration"
  check_zalo_run "$name" 2
  names+=("$name")
  requests[$name]=$w_requests
  wrk_cpu[$name]=$w_cpu_ticks
  rps[$name]=$(awk -v r="$w_requests" -v d="$w_duration_us" 'BEGIN {printf "%.0f", r / (d / 1e6)}')
  p50[$name]=$(awk -v u="$w_p50_us" 'BEGIN {printf "%.2f", u / 1000}')
  p99[$name]=$(awk -v u="$w_p99_us" 'BEGIN {printf "%.2f", u / 1000}')
  non2xx[$name]=$w_non2xx
  sock_err[$name]=$((w_connect_errors + w_read_errors + w_write_errors + w_timeouts))
  if [[ -n "$fake_pid" ]]; then
    replying+=("$name")
    acked_wrk[$name]=$((w_requests - w_non2xx))
    after=$(server_acked "$name" "$port")
    acked_server[$name]=""
    if [[ -n "$before" && -n "$after" ]]; then
      acked_server[$name]=$((after - before))
    fi
    # The server may have acknowledged a few requests wrk stopped waiting for
    # (at most one per connection), so expect its own count when it has one.
    drained[$name]=$(wait_for_replies 2 "${acked_server[$name]:-${acked_wrk[$name]}}")
    fake_cpu[$name]=$(($(cpu_ticks "$fake_pid") - fake0))
    sent[$name]=$(fake_stat 2 send_message)
    chats[$name]=$(fake_stat 2 distinct_chats)
    dups[$name]=$(fake_stat 2 duplicate_chats)
    bad[$name]=$(fake_stat 2 bad_requests)
    # Whole process, warm-up included: a refresh is made once per page.
    refreshes[$name]=$(fake_stat 2 zalo_token_refreshes)
    token_rejected[$name]=$(fake_stat 2 zalo_token_rejected)
  fi
  server_cpu[$name]=$(($(cpu_ticks "$pid") - server0))
  all_cpu[$name]=$(($(busy_ticks) - busy0))
  window_ms[$name]=$(($(now_ms) - start))
  # After the replies went out: a reply backlog is part of the peak.
  rss[$name]=$(peak_rss_kb "$pid")
}

echo "# Webhook benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $cores cores," \
  "$(uname -r), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"

# ---------------------------------------------------------------- baselines
start_server minimal-untuned "$minimal" --port 0 --untuned || exit 1
measure minimal-untuned "$server_port" "$server_pid"
stop_server "$server_pid"

start_server minimal-tuned "$minimal" --port 0 || exit 1
measure minimal-tuned "$server_port" "$server_pid"
stop_server "$server_pid"

# The fairer reference for trolyso: the tuned server plus one sendMessage
# per update through its own fresh fake API, so the fake API's cost on these
# cores is in both rows.
start_server fake-api-relay "$fake_api" --port 0 || exit 1
fake_port=$server_port
fake_pid=$server_pid
start_server minimal-relay "$minimal" --port 0 --relay-to "http://$host:$fake_port" || exit 1
measure minimal-relay "$server_port" "$server_pid" "$fake_pid"
stop_server "$server_pid"
stop_server "$fake_pid"

# ---------------------------------------------------------------- trolyso
# Each trolyso row gets a fresh fake API, database and process, with one
# page of its channel; both run with the same wrk settings.

# write_config CHANNEL FILE: a config with one CHANNEL page whose replies go
# to the fake API on $fake_port.
write_config() {
  local page
  if [[ "$1" == telegram ]]; then
    page='{"id": "bench", "name": "Đoàn xã Bench", "area": "bench",
             "channel": "telegram",
             "telegram": {"token": "123:bench", "secret_token": "bench-secret",
                          "api_base": "http://'"$host:$fake_port"'"}}'
  else
    page='{"id": "zalo-bench", "name": "Đoàn xã Tân Phong", "area": "tanphong",
             "channel": "zalo",
             "zalo": {"oa_id": "'"$zalo_oa_id"'", "app_id": "'"$zalo_app_id"'",
                      "app_secret": "bench-app-secret",
                      "oa_secret_key": "'"$zalo_oa_secret_key"'",
                      "refresh_token": "bench-refresh",
                      "api_base": "http://'"$host:$fake_port"'",
                      "oauth_base": "http://'"$host:$fake_port"'"}}'
  fi
  cat >"$2" <<EOC
// Generated by bench/run_webhook_bench.sh; replies go to the fake API.
{
  "server": {"host": "$host", "port": 0},
  "storage": {"sqlite_path": "$tmp/bench-$1.db"},
  "intents": {"dir": "$repo/intents"},
  "log": {"level": "warn"},
  "pages": [$page]
}
EOC
}

# measure_trolyso CHANNEL: starts a fake API and trolyso, measures, stops both.
measure_trolyso() {
  local channel=$1 name="trolyso-$1" config="$tmp/trolyso-$1.json"
  start_server "fake-api-$name" "$fake_api" --port 0 || exit 1
  fake_port=$server_port
  fake_pid=$server_pid
  write_config "$channel" "$config"
  read -r -a cmd <<<"${trolyso_cmd//\{config\}/$config}"
  if start_server "$name" "${cmd[@]}"; then
    measure "$name" "$server_port" "$server_pid" "$fake_pid"
    stop_server "$server_pid"
  else
    # Keep the rows already measured; report this one as missing.
    trolyso_down+=("$name")
  fi
  stop_server "$fake_pid"
}

trolyso_down=()
if [[ "$only_baseline" != 1 ]]; then
  measure_trolyso telegram

  if [[ "$with_zalo" == 1 ]]; then
    # Signed ahead, before the fake API and trolyso start, so neither the
    # hashing nor the writing is inside any CPU window. Enough for
    # BENCH_ZALO_MAX_RPS over each run, +30 % for uneven threads (wrk's
    # verify-request call takes one more per run).
    log "trolyso-zalo: signing events for up to $zalo_max_rps req/s"
    declare -A zalo_events  # Per thread, by RUN.
    for run_secs in "1 $warmup" "2 $duration"; do
      read -r run secs <<<"$run_secs"
      zalo_events[$run]=$(((zalo_max_rps * secs * 13 / 10 + wrk_threads - 1) / wrk_threads + 1))
      python3 bench/make_zalo_events.py --out "$tmp/zalo" --run "$run" \
        --threads "$wrk_threads" --count "${zalo_events[$run]}" \
        --app-id "$zalo_app_id" --oa-id "$zalo_oa_id" \
        --oa-secret-key "$zalo_oa_secret_key" || die "make_zalo_events.py failed"
    done
    # Written back now, not by the kernel's flusher in the middle of the row.
    sync "$tmp"/zalo-*.txt
    script=bench/zalo_webhook.lua
    webhook_path=/webhooks/zalo/zalo-bench
    lua_args=("$tmp/zalo")
    measure_trolyso zalo
    script=bench/webhook.lua webhook_path=/webhooks/telegram/bench lua_args=()
    rm -f "$tmp"/zalo-*.txt
  fi
fi

# ---------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
# secs TICKS: CPU ticks as seconds.
secs() { awk -v t="$1" -v hz="$clk_tck" 'BEGIN {printf "%.2f", t / hz}'; }
# per_1000 TICKS COUNT: milliseconds of CPU per 1000 of COUNT.
per_1000() {
  awk -v t="$1" -v n="$2" -v hz="$clk_tck" \
    'BEGIN {if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "n/a"}'
}
ref="minimal-tuned"
relay="minimal-relay"
trolyso_rows=()  # The trolyso rows measured, Telegram first.
for n in "${names[@]}"; do [[ "$n" == trolyso-* ]] && trolyso_rows+=("$n"); done

echo
echo "| target | req/s | req/s vs tuned | p50 ms | p99 ms | p99 vs tuned | non-2xx | socket errors | peak RSS MB | RSS vs tuned |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${names[@]}"; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$n" "${rps[$n]}" "$(ratio "${rps[$n]}" "${rps[$ref]}")" "${p50[$n]}" \
    "${p99[$n]}" "$(ratio "${p99[$n]}" "${p99[$ref]}")" "${non2xx[$n]}" \
    "${sock_err[$n]}" "$(mb "${rss[$n]}")" "$(ratio "${rss[$n]}" "${rss[$ref]}")"
done

echo
echo "Against minimal-relay (answers, then sends one sendMessage per update, in memory):"
echo
echo "| target | req/s | req/s vs relay | replies/s | replies/s vs relay | p99 ms | p99 vs relay | peak RSS MB | RSS vs relay |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
# Both answer before sending, so req/s can outrun the senders; replies/s is
# what actually reached the fake API per second of run plus drain.
declare -A reply_rate
for n in "${replying[@]}"; do
  reply_rate[$n]=$(awk -v s="${sent[$n]}" -v m="${window_ms[$n]}" 'BEGIN {printf "%.0f", s / (m / 1000)}')
done
for n in "${replying[@]}"; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$n" "${rps[$n]}" "$(ratio "${rps[$n]}" "${rps[$relay]}")" \
    "${reply_rate[$n]}" "$(ratio "${reply_rate[$n]}" "${reply_rate[$relay]}")" \
    "${p99[$n]}" "$(ratio "${p99[$n]}" "${p99[$relay]}")" "$(mb "${rss[$n]}")" \
    "$(ratio "${rss[$n]}" "${rss[$relay]}")"
done

echo
noisy=()
echo "CPU during each measured run (replying targets: until their replies arrived), $cores cores:"
echo
echo "| target | window s | wrk CPU s | wrk CPU per 1000 req (ms) | server CPU s | server CPU per 1000 req (ms) | fake API CPU s | fake API CPU per 1000 replies (ms) | other CPU s | all CPUs busy |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${names[@]}"; do
  f_s="–" f_per="–" other=$((all_cpu[$n] - wrk_cpu[$n] - server_cpu[$n]))
  if [[ -n "${fake_cpu[$n]:-}" ]]; then
    f_s=$(secs "${fake_cpu[$n]}")
    f_per=$(per_1000 "${fake_cpu[$n]}" "${sent[$n]}")
    other=$((other - fake_cpu[$n]))
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$n" "$(awk -v m="${window_ms[$n]}" 'BEGIN {printf "%.1f", m / 1000}')" \
    "$(secs "${wrk_cpu[$n]}")" "$(per_1000 "${wrk_cpu[$n]}" "${requests[$n]}")" \
    "$(secs "${server_cpu[$n]}")" "$(per_1000 "${server_cpu[$n]}" "${requests[$n]}")" \
    "$f_s" "$f_per" "$(secs "$other")" \
    "$(awk -v t="${all_cpu[$n]}" -v hz="$clk_tck" -v m="${window_ms[$n]}" -v c="$cores" \
         'BEGIN {printf "%.0f %%", 100 * t / hz / (m / 1000 * c)}')"
  if awk -v o="$other" -v hz="$clk_tck" -v m="${window_ms[$n]}" -v c="$cores" \
       'BEGIN {exit !(o / hz > 0.05 * m / 1000 * c)}'; then
    noisy+=("$n")
  fi
done
if ((${#noisy[@]})); then
  echo
  echo "WARNING: other processes used over 5 % of the CPUs during: ${noisy[*]}." \
    "Those rows are not comparable; rerun on an idle machine."
fi

if ((${#replying[@]})); then
  echo
  echo "Delivery (measured run only):"
  echo
  header="| |" rule="|---|"
  for n in "${replying[@]}"; do header+=" $n |"; rule+="---:|"; done
  echo "$header"
  echo "$rule"
  # row LABEL ARRAY: one line of ARRAY's value per replying target.
  row() {
    local label=$1 line n
    local -n values=$2
    line="| $label |"
    for n in "${replying[@]}"; do line+=" ${values[$n]:-n/a} |"; done
    echo "$line"
  }
  declare -A unanswered
  for n in "${replying[@]}"; do
    unanswered[$n]=$((${acked_server[$n]:-${acked_wrk[$n]}} - chats[$n]))
  done
  row "acknowledged updates (wrk: completed − non-2xx)" acked_wrk
  row "acknowledged updates (server's own count)" acked_server
  row "replies received by the fake API (sendMessage / Zalo consultation message)" sent
  row "distinct chats (Zalo: users) answered" chats
  row "chats answered more than once" dups
  row "acknowledged but unanswered" unanswered
  row "requests the fake API rejected" bad
  row "Zalo token refreshes (whole process, warm-up included)" refreshes
  row "Zalo sends refused for their access token (whole process)" token_rejected
  row "replies waited for after wrk stopped (s)" drained
fi

status=0
if ((${#trolyso_down[@]})); then
  echo
  echo "Did not start: ${trolyso_down[*]}; not measured."
  status=1
fi
# Targets from issue 2, for each trolyso row.
check() {
  if eval "$2"; then echo "- PASS $1"; else echo "- FAIL $1"; status=1; fi
}
for n in "${trolyso_rows[@]}"; do
  echo
  echo "Targets (issue 2), $n:"
  check "req/s ≥ 50 % of the tuned minimal server ($(ratio "${rps[$n]}" "${rps[$ref]}"))" \
    "awk -v a=${rps[$n]} -v b=${rps[$ref]} 'BEGIN {exit !(a >= 0.5 * b)}'"
  check "p99 ≤ 20 ms (${p99[$n]} ms)" \
    "awk -v p=${p99[$n]} 'BEGIN {exit !(p <= 20)}'"
  check "peak RSS ≤ 60 MB ($(mb "${rss[$n]}") MB)" \
    "((${rss[$n]} <= 60 * 1024))"
  check "every acknowledged update answered (${unanswered[$n]} unanswered)" \
    "((${unanswered[$n]} <= 0))"
  check "no update answered twice (${dups[$n]} chats)" "((${dups[$n]} == 0))"
  # Not a target: how much trolyso costs beyond receiving and sending alone.
  echo "- INFO $n vs minimal-relay: req/s $(ratio "${rps[$n]}" "${rps[$relay]}")," \
    "p99 $(ratio "${p99[$n]}" "${p99[$relay]}") (not a target)"
done
if [[ -n "${rps[trolyso-telegram]:-}" && -n "${rps[trolyso-zalo]:-}" ]]; then
  z=trolyso-zalo t=trolyso-telegram
  echo
  echo "- INFO trolyso-zalo vs trolyso-telegram, same run: req/s $(ratio "${rps[$z]}" "${rps[$t]}")," \
    "p50 $(ratio "${p50[$z]}" "${p50[$t]}"), p99 $(ratio "${p99[$z]}" "${p99[$t]}")," \
    "server CPU per 1000 req $(ratio "$(per_1000 "${server_cpu[$z]}" "${requests[$z]}")" \
      "$(per_1000 "${server_cpu[$t]}" "${requests[$t]}")")"
fi
# A trolyso that did not start always fails; missed targets only when strict.
[[ ${#trolyso_down[@]} -gt 0 || "${BENCH_STRICT:-0}" == 1 ]] && exit "$status"
exit 0
