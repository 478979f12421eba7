#!/usr/bin/env bash
# Send API benchmark beside Postfix, in one run on one machine (issue: "POST /v1/messages at 64 connections"):
#   - wrk, 64 connections, POST /v1/messages with a 5 KiB JSON body: 202s per second (each 202 is a message and
#     its outbound.relay job committed to the SQLite queue) and wrk's latency percentiles;
#   - fixed_rate.py at RATE (1,000/s) over 64 connections: p50/p99 measured from each request's due time;
#   - Mailgate's CPU per accepted send from /proc/PID/stat (utime + stime) before and after each run;
#   - Postfix's own local submission of the same 5 KiB messages: PARALLEL loops of `sendmail` (→ postdrop →
#     maildrop → pickup → cleanup, which fsyncs the queue file) into a private instance whose cleanup puts every
#     message on hold, counted in its hold queue.
#
# What the Mailgate side measures is the durable accept path alone: every request carries `send_at` three days
# ahead, so its recipients are `scheduled` and no relay worker wakes during the run (an upstream that is down
# would instead keep the worker connecting, failing and rescheduling beside the requests, which measures the
# retry loop too). The relay upstream points at a port nothing listens on, as a second guard.
#
# Usage: Benchmarks/SendAPI/run.sh              full run (about 3 minutes)
# Environment: RUNS (3), SECONDS_PER_RUN (10), CONNECTIONS (64), RATE (1000), BODY_SIZE (5120),
#              POSTFIX_MESSAGES (2048), PARALLEL (32 sendmail loops), PROFILE (1: perf record one extra wrk run
#              and print the top symbols), KEEP (1: keep the temporary directory).
# Needs root (a private Postfix master starts as root), Postfix and wrk (Scripts/setup --test).
set -euo pipefail

RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CONNECTIONS=${CONNECTIONS:-64}
RATE=${RATE:-1000}
BODY_SIZE=${BODY_SIZE:-5120}
POSTFIX_MESSAGES=${POSTFIX_MESSAGES:-2048}
PARALLEL=${PARALLEL:-32}
PROFILE=${PROFILE:-0}
HERE="$(cd "$(dirname "$0")" && pwd)"

cd "$HERE/../.."
[ "$(id -u)" -eq 0 ] || { echo "run.sh: must run as root (a private Postfix master starts as root)" >&2; exit 1; }
[ -x /usr/sbin/postfix ] && command -v wrk >/dev/null || { echo "run.sh: Postfix or wrk missing: Scripts/setup --test" >&2; exit 1; }
export PATH=/opt/swift/usr/bin:$PATH
swift build -c release --product mailgate >&2
BIN=$(swift build -c release --show-bin-path)

WORK=$(mktemp -d /var/tmp/send-api-bench.XXXXXX)   # on the real disk, not a tmpfs
chmod 755 "$WORK"
MAILGATE_PID=""
POSTFIX_CONFIG="$WORK/postfix/etc"
cleanup() {
  [ -n "$MAILGATE_PID" ] && kill -TERM "$MAILGATE_PID" 2>/dev/null && wait "$MAILGATE_PID" 2>/dev/null || true
  [ -f "$POSTFIX_CONFIG/main.cf" ] && /usr/sbin/postfix -c "$POSTFIX_CONFIG" stop >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SUBMISSION_PORT=$(free_port); SUBMISSIONS_PORT=$(free_port); HTTP_PORT=$(free_port); DEAD_PORT=$(free_port)

# --- The request: a 5 KiB JSON body (text lines of 76 characters), scheduled three days ahead --------------
SEND_AT=$(date -u -d '+3 days' +%Y-%m-%dT%H:%M:%SZ)
export BODY_FILE="$WORK/body.json"
python3 - "$BODY_FILE" "$BODY_SIZE" "$SEND_AT" <<'PY'
import json, sys
path, size, send_at = sys.argv[1], int(sys.argv[2]), sys.argv[3]
request = {"from": "Bench <bench@example.com>", "to": ["sink@example.net"], "subject": "Send API benchmark",
           "send_at": send_at, "text": ""}
line = "The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs.\n"[:75] + "\n"
while len(json.dumps(request, separators=(",", ":"))) < size:
    request["text"] += line
while len(json.dumps(request, separators=(",", ":"))) > size:
    request["text"] = request["text"][:-1]
open(path, "w").write(json.dumps(request, separators=(",", ":")))
PY
# The same message for Postfix: what Mailgate builds from the request, read back from its raw endpoint below.

# --- Mailgate ---------------------------------------------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
echo "load:$(printf 'unused-password' | "$BIN/mailgate" hash-password --scheme sha512-crypt)" > "$WORK/users"
export API_KEY="mgk_bench_$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
echo "bench:$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1):*" > "$WORK/api-keys"
cat > "$WORK/mailgate.yaml" <<YAML
hostname: mailgate.bench
data_dir: $WORK
smtp:
  submission: { address: 127.0.0.1, port: $SUBMISSION_PORT }
  submissions: { address: 127.0.0.1, port: $SUBMISSIONS_PORT }
  tls: { certificate: $WORK/tls.crt, key: $WORK/tls.key }
  users_file: $WORK/users
http: { address: 127.0.0.1, port: $HTTP_PORT, api_keys_file: $WORK/api-keys }
storage:
  url: "sqlite://$WORK/mailgate.db"
relay:
  upstream: { host: 127.0.0.1, port: $DEAD_PORT, tls: none }
YAML
"$BIN/mailgate" serve --config "$WORK/mailgate.yaml" > "$WORK/mailgate.log" 2>&1 &
MAILGATE_PID=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null || { echo "run.sh: mailgate did not start" >&2; cat "$WORK/mailgate.log" >&2; exit 1; }

# One request by hand: it must be accepted, and its built message is what Postfix gets.
receipt=$(curl -fsS -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' --data-binary "@$BODY_FILE" \
  "http://127.0.0.1:$HTTP_PORT/v1/messages") || { echo "run.sh: the sample request was refused" >&2; exit 1; }
id=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' <<< "$receipt")
curl -fsS -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$HTTP_PORT/v1/messages/$id/raw" | tr -d '\r' > "$WORK/message.eml"
echo "request body $(stat -c %s "$BODY_FILE") bytes; built message $(stat -c %s "$WORK/message.eml") bytes (LF)" >&2

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$MAILGATE_PID/stat"; }
TICKS=$(getconf CLK_TCK)
stored() { sqlite3 "$WORK/mailgate.db" "select count(*) from queue_messages"; }
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
field() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" <<< "$2"; }

# Warm-up, not counted: the first connections, the SQLite page cache, the allocator's arenas.
wrk -t2 -c"$CONNECTIONS" -d2s -s "$HERE/send.lua" "http://127.0.0.1:$HTTP_PORT" > /dev/null

for run in $(seq "$RUNS"); do
  # --- Saturation: wrk, as fast as it goes ---
  before=$(stored); ticks=$(cpu_ticks)
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 10s -s "$HERE/send.lua" "http://127.0.0.1:$HTTP_PORT" | tail -1)
  accepted=$(field accepted "$line")
  cpu=$(python3 -c "print(f'{($(cpu_ticks) - $ticks) / $TICKS * 1e6 / max(1, $accepted):.0f}')")
  durable=$(( $(stored) - before ))
  [ "$durable" -ge "$accepted" ] || { echo "run.sh: $accepted 202s but only $durable messages stored" >&2; exit 1; }
  rate=$(python3 -c "print(f'{$accepted / $(field duration_s "$line"):.0f}')")
  printf 'wrk\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$cpu" "$(field other "$line")" >> "$RESULTS"
  echo "wrk run $run (load $(cut -d' ' -f1-3 /proc/loadavg)): $line; $rate 202/s; $cpu µs CPU per send; $durable stored" >&2

  # --- Fixed rate ---
  ticks=$(cpu_ticks)
  line=$(python3 "$HERE/fixed_rate.py" --port "$HTTP_PORT" --key "$API_KEY" --body "$BODY_FILE" \
    --rate "$RATE" --seconds "$SECONDS_PER_RUN" --connections "$CONNECTIONS")
  accepted=$(field accepted "$line")
  cpu=$(python3 -c "print(f'{($(cpu_ticks) - $ticks) / $TICKS * 1e6 / max(1, $accepted):.0f}')")
  printf 'fixed\t%s\t%s\t%s\t%s\t%s\n' "$(field rate "$line")" "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$cpu" "$(field other "$line")" >> "$RESULTS"
  echo "fixed rate run $run (load $(cut -d' ' -f1-3 /proc/loadavg)): $line; $cpu µs CPU per send" >&2
done

if [ "$PROFILE" = 1 ] && command -v perf >/dev/null; then
  wrk -t2 -c"$CONNECTIONS" -d12s -s "$HERE/send.lua" "http://127.0.0.1:$HTTP_PORT" > /dev/null &
  load=$!
  sleep 1
  perf record -F 499 -g -o "$WORK/perf.data" -p "$MAILGATE_PID" -- sleep 8 >/dev/null 2>&1 || true
  wait "$load"
  perf report -i "$WORK/perf.data" --no-children --sort dso,symbol --percent-limit 1 --stdio 2>/dev/null \
    | grep -v '^$' | grep '%' | head -40 >&2 || true
fi
kill -TERM "$MAILGATE_PID"; wait "$MAILGATE_PID" 2>/dev/null || true; MAILGATE_PID=""

# --- Postfix: sendmail → postdrop → maildrop → pickup → cleanup → hold queue ---------------------------------
mkdir -p "$WORK/postfix/etc" "$WORK/postfix/queue" "$WORK/postfix/data"
chown postfix "$WORK/postfix/data"
# cleanup puts every message on hold: committed to the queue (fsynced) and never scheduled for delivery, so the
# count in the hold queue is exactly what was taken durably.
echo '/^Subject:/ HOLD' > "$POSTFIX_CONFIG/hold"
cat > "$POSTFIX_CONFIG/main.cf" <<CF
compatibility_level = 3.6
config_directory = $POSTFIX_CONFIG
queue_directory = $WORK/postfix/queue
data_directory = $WORK/postfix/data
maillog_file = $WORK/postfix/maillog
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = postfix.bench
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
header_checks = regexp:$POSTFIX_CONFIG/hold
default_process_limit = 100
CF
cat > "$POSTFIX_CONFIG/master.cf" <<CF
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
CF
/usr/sbin/postfix -c "$POSTFIX_CONFIG" start >&2
sleep 1
held() { find "$WORK/postfix/queue/hold" -type f 2>/dev/null | wc -l; }
per_loop=$(( POSTFIX_MESSAGES / PARALLEL ))
for run in $(seq "$RUNS"); do
  base=$(held)
  target=$(( base + per_loop * PARALLEL ))
  start=$(date +%s.%N)
  pids=()
  for _ in $(seq "$PARALLEL"); do
    ( for _ in $(seq "$per_loop"); do
        /usr/sbin/sendmail -C "$POSTFIX_CONFIG" -f bench@example.com sink@example.net < "$WORK/message.eml"
      done ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  submitted=$(date +%s.%N)
  deadline=$(( $(date +%s) + 120 ))
  while [ "$(held)" -lt "$target" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
  end=$(date +%s.%N)
  count=$(( $(held) - base ))
  [ "$count" -eq $(( per_loop * PARALLEL )) ] || echo "run.sh: Postfix held $count of $(( per_loop * PARALLEL )) within 120 s" >&2
  rate=$(python3 -c "print(f'{$count / ($end - $start):.0f}')")
  sendmail_rate=$(python3 -c "print(f'{$count / ($submitted - $start):.0f}')")
  printf 'postfix\t%s\t\t\t\t%s\n' "$rate" "$sendmail_rate" >> "$RESULTS"
  echo "postfix run $run (load $(cut -d' ' -f1-3 /proc/loadavg)): $count messages held, $rate/s into the hold queue; sendmail returned at $sendmail_rate/s" >&2
done

# --- Table -------------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$RUNS" "$CONNECTIONS" "$RATE" "$PARALLEL" <<'PY'
import statistics, sys
from collections import defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1]):
    kind, *fields = line.rstrip("\n").split("\t")
    rows[kind].append(fields)
runs, connections, rate, parallel = sys.argv[2:]
def median(kind, index):
    values = [float(row[index]) for row in rows[kind] if row[index]]
    return statistics.median(values) if values else float("nan")
print(f"\nmedians of {runs} run(s)\n")
print("| run | sends/s | p50 ms | p99 ms | Mailgate CPU µs/send | non-202 |")
print("|---|---|---|---|---|---|")
print(f"| wrk, {connections} connections, saturating | {median('wrk', 0):.0f} | {median('wrk', 1):.2f} | {median('wrk', 2):.2f} | {median('wrk', 3):.0f} | {median('wrk', 4):.0f} |")
print(f"| fixed_rate.py, {connections} connections, {rate}/s | {median('fixed', 0):.0f} | {median('fixed', 1):.2f} | {median('fixed', 2):.2f} | {median('fixed', 3):.0f} | {median('fixed', 4):.0f} |")
print(f"| Postfix: {parallel} × sendmail → hold queue | {median('postfix', 0):.0f} | | | | |")
print(f"\nPostfix's sendmail processes returned (message in maildrop) at {median('postfix', 4):.0f}/s")
PY
