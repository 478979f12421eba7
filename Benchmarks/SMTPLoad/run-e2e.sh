#!/usr/bin/env bash
# End-to-end benchmark (issue 7): SMTP client → Mailgate → a local webhook receiver (WebhookSink), in one run:
#   (a) throughput: Postfix's smtp-source (plain, MX listener smtp.inbound, 32 sessions, 5 KiB) and our
#       SMTPLoad (STARTTLS + AUTH PLAIN on the submission listener, 32 sessions, 5 KiB), each RUNS times:
#       distinct webhook ids the sink answered 200, over the time from the client's start (before its first
#       connection) to the sink's last request; median reported;
#   (b) latency at a fixed offered load: SMTPLoad --rate RATE (open-loop, 32 sessions) for LATENCY_SECONDS,
#       plain on the MX listener, then STARTTLS + AUTH on submission; p50/p99 from each message's final dot
#       (its `X-Load-Sent` stamp, written with the DATA payload) to the sink's 200.
# Every message is committed to Mailgate's SQLite queue (synchronous commit) before its 250, then POSTed as
# signed JSON (queued mode); the sink verifies every signature and the script fails on any missing id,
# signature failure or client error. smtp-source cannot add the stamp, so its runs give throughput only.
#
# Usage: Benchmarks/SMTPLoad/run-e2e.sh                     full run (about 3-4 minutes on 2 cores)
#        SCALE=10 RUNS=1 LATENCY_SECONDS=5 Benchmarks/SMTPLoad/run-e2e.sh     smoke run
# Environment: RUNS (3), SCALE (percent of the throughput counts, 100), SESSIONS (32), SIZE (5120),
#              RATE (500 msg/s offered), LATENCY_SECONDS (20), CONCURRENCY (delivery.concurrency, 64),
#              CONFIG (release; debug only for a smoke test of the script), KEEP (1: keep the temporary
#              directory with Mailgate's log and the sink's reports).
# Needs Postfix's smtp-source (Scripts/setup --test installs postfix).
set -euo pipefail

RUNS=${RUNS:-3}
SCALE=${SCALE:-100}
SESSIONS=${SESSIONS:-32}
SIZE=${SIZE:-5120}
RATE=${RATE:-500}
LATENCY_SECONDS=${LATENCY_SECONDS:-20}
CONCURRENCY=${CONCURRENCY:-64}
CONFIG=${CONFIG:-release}
FROM=load@example.com
TO=sink@example.net
# Enough messages for several seconds at the 3,000 msg/s target, so start-up and the queue's drain at the
# end weigh little; the same count every run.
THROUGHPUT_COUNT=$((20000 * SCALE / 100))
[ "$THROUGHPUT_COUNT" -ge "$SESSIONS" ] || THROUGHPUT_COUNT=$SESSIONS
LATENCY_COUNT=$(python3 -c "print(max($SESSIONS, round($RATE * $LATENCY_SECONDS)))")

cd "$(dirname "$0")/../.."
command -v smtp-source >/dev/null || { echo "run-e2e.sh: smtp-source missing (Postfix): Scripts/setup --test" >&2; exit 1; }
export PATH=/opt/swift/usr/bin:$PATH

# One product per invocation: with several --product options SwiftPM builds only the last.
for product in mailgate SMTPLoad WebhookSink; do swift build -c "$CONFIG" --product "$product" >&2; done
BIN=$(swift build -c "$CONFIG" --show-bin-path)

WORK=$(mktemp -d /var/tmp/smtp-e2e.XXXXXX)   # on the real disk, not a tmpfs
MAILGATE_PID=""
SINK_PID=""
cleanup() {
  [ -n "$SINK_PID" ] && kill -TERM "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null || true
  [ -n "$MAILGATE_PID" ] && kill -TERM "$MAILGATE_PID" 2>/dev/null && wait "$MAILGATE_PID" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SUBMISSION_PORT=$(free_port); INBOUND_PORT=$(free_port); HTTP_PORT=$(free_port); SINK_PORT=$(free_port)
SECRET="whsec_$(openssl rand -base64 24)"

# --- Mailgate -------------------------------------------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
PASSWORD=load-test-password
echo "load:$(printf '%s' "$PASSWORD" | "$BIN/mailgate" hash-password --scheme sha512-crypt)" > "$WORK/users"
# One route for both listeners; a short first retry so a hiccup between phases (a sink restarting) costs
# a second, not the default 30 s. poll_interval stays at its default: local commits wake the workers.
cat > "$WORK/mailgate.yaml" <<YAML
hostname: mailgate.bench
data_dir: $WORK
log: { level: warning }
smtp:
  submission: { enabled: true, address: 127.0.0.1, port: $SUBMISSION_PORT }
  submissions: { enabled: false }
  inbound: { enabled: true, address: 127.0.0.1, port: $INBOUND_PORT }
  tls: { certificate: $WORK/tls.crt, key: $WORK/tls.key }
  users_file: $WORK/users
  senders: [{ user: load, allow: ["*@example.com"] }]
  max_connections: 1000
  max_connections_per_ip: 1000
http: { address: 127.0.0.1, port: $HTTP_PORT }
routes:
  - name: bench
    match: { recipient: "*@example.net" }
    webhook: { url: "http://127.0.0.1:$SINK_PORT/hook", secret: "$SECRET", allow_loopback: true }
delivery:
  concurrency: $CONCURRENCY
  retry: { initial_delay: 1s, max_delay: 2s }
storage:
  url: "sqlite://$WORK/mailgate.db"
YAML
"$BIN/mailgate" serve --config "$WORK/mailgate.yaml" > "$WORK/mailgate.log" 2>&1 &
MAILGATE_PID=$!

wait_for_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run-e2e.sh: nothing listens on port $1" >&2; cat "$WORK/mailgate.log" >&2; exit 1
}
wait_for_port "$INBOUND_PORT"; wait_for_port "$SUBMISSION_PORT"

# --- The sink: one per measurement, so each report covers exactly that measurement's messages ------------
PHASE=0
start_sink() { # expected-count
  PHASE=$((PHASE + 1))
  SINK_OUT="$WORK/sink.$PHASE.out"
  "$BIN/WebhookSink" --port "$SINK_PORT" --secret "$SECRET" --expect "$1" --idle-timeout 15 > "$SINK_OUT" 2>&1 &
  SINK_PID=$!
  wait_for_port "$SINK_PORT"
}
# Waits for the sink to see every id (or to give up after 15 s without a request), bounded by 120 s.
finish_sink() {
  for _ in $(seq 1200); do kill -0 "$SINK_PID" 2>/dev/null || break; sleep 0.1; done
  kill -TERM "$SINK_PID" 2>/dev/null || true
  wait "$SINK_PID" || true
  SINK_PID=""
  SINK_LINE=$(grep '^sink: reason=' "$SINK_OUT" || true)
  [ -n "$SINK_LINE" ] || { echo "run-e2e.sh: the sink printed no report:" >&2; cat "$SINK_OUT" >&2; exit 1; }
}
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<< "$2"; }
check_sink() { # expected label
  local unique failures
  unique=$(field unique_ids "$SINK_LINE"); failures=$(field signature_failures "$SINK_LINE")
  if [ "$unique" != "$1" ] || [ "$failures" != 0 ]; then
    echo "run-e2e.sh: $2: the sink got $unique of $1 messages, $failures bad signatures: $SINK_LINE" >&2
    tail -20 "$WORK/mailgate.log" >&2; exit 1
  fi
}

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
now_ns() { date +%s%N; }

# --- (a) Throughput end to end --------------------------------------------------------------------------
for run in $(seq "$RUNS"); do
  start_sink "$THROUGHPUT_COUNT"
  start=$(now_ns)
  # smtp-source -l is the payload without its own few headers (about 150 bytes).
  smtp-source -4 -d -s "$SESSIONS" -m "$THROUGHPUT_COUNT" -l "$SIZE" -M load.test -f "$FROM" -t "$TO" "127.0.0.1:$INBOUND_PORT" \
    || { echo "run-e2e.sh: smtp-source failed" >&2; exit 1; }
  smtp_end=$(now_ns)
  finish_sink; check_sink "$THROUGHPUT_COUNT" "smtp-source"
  rate=$(python3 -c "print(f'{$THROUGHPUT_COUNT / (($(field last_ns "$SINK_LINE") - $start) / 1e9):.1f}')")
  smtp_rate=$(python3 -c "print(f'{$THROUGHPUT_COUNT / (($smtp_end - $start) / 1e9):.1f}')")
  printf 'rate\tsmtp-source plain → Mailgate → sink\t%s\t%s\n' "$rate" "$smtp_rate" >> "$RESULTS"
  echo "smtp-source, run $run: $THROUGHPUT_COUNT messages, $rate msg/s end to end ($smtp_rate msg/s SMTP only)" >&2

  start_sink "$THROUGHPUT_COUNT"
  start=$(now_ns)
  line=$("$BIN/SMTPLoad" send --mode starttls --port "$SUBMISSION_PORT" --user load --password "$PASSWORD" \
    --ca "$WORK/tls.crt" --sessions "$SESSIONS" --size "$SIZE" --messages "$THROUGHPUT_COUNT" --from "$FROM" --to "$TO") \
    || { echo "run-e2e.sh: SMTPLoad failed: $line" >&2; exit 1; }
  finish_sink; check_sink "$THROUGHPUT_COUNT" "SMTPLoad STARTTLS"
  rate=$(python3 -c "print(f'{$THROUGHPUT_COUNT / (($(field last_ns "$SINK_LINE") - $start) / 1e9):.1f}')")
  printf 'rate\tSMTPLoad STARTTLS+AUTH → Mailgate → sink\t%s\t%s\n' "$rate" "$(field msg_per_s "$line")" >> "$RESULTS"
  echo "SMTPLoad STARTTLS, run $run: $rate msg/s end to end; client: $line" >&2
done

# --- (b) Latency at a fixed offered load ----------------------------------------------------------------
latency() { # label mode port [auth options...]
  local label=$1 mode=$2 port=$3; shift 3
  start_sink "$LATENCY_COUNT"
  line=$("$BIN/SMTPLoad" send --mode "$mode" --port "$port" "$@" --sessions "$SESSIONS" --size "$SIZE" \
    --messages "$LATENCY_COUNT" --rate "$RATE" --from "$FROM" --to "$TO") \
    || { echo "run-e2e.sh: SMTPLoad failed: $line" >&2; exit 1; }
  finish_sink; check_sink "$LATENCY_COUNT" "$label"
  printf 'latency\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$RATE" "$(field msg_per_s "$SINK_LINE")" \
    "$(field p50_ms "$SINK_LINE")" "$(field p99_ms "$SINK_LINE")" "$(field max_ms "$SINK_LINE")" \
    "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$(field late "$line")" >> "$RESULTS"
  echo "$label at $RATE msg/s: $SINK_LINE; client: $line" >&2
}
latency "SMTPLoad plain (MX listener)" plain "$INBOUND_PORT"
latency "SMTPLoad STARTTLS+AUTH" starttls "$SUBMISSION_PORT" --user load --password "$PASSWORD" --ca "$WORK/tls.crt"

# --- Table ----------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$RUNS" "$THROUGHPUT_COUNT" "$SESSIONS" "$SIZE" "$LATENCY_COUNT" <<'PY'
import statistics, sys
from collections import defaultdict
path, runs, count, sessions, size, latency_count = sys.argv[1:]
rates, smtp_rates, latencies = defaultdict(list), defaultdict(list), []
for line in open(path):
    fields = line.rstrip("\n").split("\t")
    if fields[0] == "rate":
        rates[fields[1]].append(float(fields[2])); smtp_rates[fields[1]].append(float(fields[3]))
    else:
        latencies.append(fields[1:])
print(f"\nThroughput end to end: {count} messages of {int(size) // 1024} KiB over {sessions} sessions, "
      f"msg/s from the client's start to the sink's last 200, median of {runs}\n")
print("| path | end to end msg/s | SMTP side msg/s |")
print("|---|---|---|")
for label in rates:
    print(f"| {label} | {statistics.median(rates[label]):.0f} | {statistics.median(smtp_rates[label]):.0f} |")
print(f"\nLatency at a fixed offered load: {latency_count} messages, open-loop over {sessions} sessions; "
      "end to end = final dot (X-Load-Sent) to the sink's 200; SMTP = MAIL to the 250 (both from when each "
      "message was due)\n")
print("| path | offered msg/s | delivered msg/s | e2e p50 ms | e2e p99 ms | e2e max ms | SMTP p50 ms | SMTP p99 ms | started late |")
print("|---|---|---|---|---|---|---|---|---|")
for label, offered, delivered, p50, p99, worst, smtp50, smtp99, late in latencies:
    print(f"| {label} | {float(offered):.0f} | {float(delivered):.0f} | {p50} | {p99} | {worst} | {smtp50} | {smtp99} | {late} |")
PY
