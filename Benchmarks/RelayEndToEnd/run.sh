#!/usr/bin/env bash
# Relay end to end beside Postfix, in one run on one machine, to one common sink (issue "Outbound, part 2",
# benchmark): a Postfix `smtp-sink` on 127.0.0.1 is the upstream of every path, and every message is counted AT THE
# SINK (its `-c` counter, `mesg=N`).
#   (a) API:      wrk, CONNECTIONS connections, POST /v1/messages (5 KiB JSON, no send_at) → Mailgate → relay → sink;
#   (b) SMTP:     SMTPLoad, SESSIONS sessions, STARTTLS + AUTH on Mailgate's submission port, a `relay` route
#                 → Mailgate → relay → sink. Postfix's smtp-source cannot be used here: it speaks neither STARTTLS
#                 nor AUTH, which submission requires, and the MX listener (`smtp.inbound`, no AUTH) holds what a
#                 `relay` route takes instead of relaying it (an open relay guard);
#   (c) the peer: smtp-source, SESSIONS sessions → a private Postfix (smtpd → cleanup → queue → smtp) with
#                 `relayhost = [127.0.0.1]:SINK` → the same sink.
# Each path sends MESSAGES messages per run (API: MESSAGES 202s, plus the few requests in flight when wrk stops,
# all counted from the store). End-to-end msg/s = messages / (client start → the sink's counter reaching them).
# Latency: Mailgate's from its own store (queue_jobs of kind outbound.relay: created_at, the commit that answered
# 202 / 250, → finished_at, the commit after the sink's 250); Postfix's from its log (`delay=` of each
# `status=sent`: arrival → the sink's 250). Mailgate's RSS (VmRSS) is sampled every second for the whole run.
#
# Usage: Benchmarks/RelayEndToEnd/run.sh                         full run (about 3 minutes on a loaded 2-core box)
#        RUNS=1 PATHS=api MESSAGES=150000 Benchmarks/RelayEndToEnd/run.sh   one long API run: the memory curve
# Environment: RUNS (3), MESSAGES (5000 per path per run), PATHS ("api smtp postfix"), CONNECTIONS (64 wrk
#              connections), SESSIONS (32 smtp-source sessions), SMTP_SESSIONS (8 SMTPLoad sessions: see below), BODY_SIZE (5120), RELAY_CONCURRENCY (32, the default),
#              RELAY_CONNECTIONS (8, the default relay.max_connections), LIMIT (150: seconds any one phase may take),
#              BUILD (0: use the release binaries already built), PROFILE (1: perf record Mailgate during the first API run), KEEP (1: keep the temporary directory).
# Needs root (a private Postfix master starts as root), Postfix (smtp-sink, smtp-source) and wrk: Scripts/setup --test.
set -euo pipefail

RUNS=${RUNS:-3}
MESSAGES=${MESSAGES:-5000}
PATHS=${PATHS:-api smtp postfix}
CONNECTIONS=${CONNECTIONS:-64}
SESSIONS=${SESSIONS:-32}
# Mailgate's AUTH throttle counts an attempt as it begins: more than 10 sessions authenticating at once from one
# address lock it out (454 4.7.0), so the STARTTLS+AUTH client opens fewer sessions than smtp-source.
SMTP_SESSIONS=${SMTP_SESSIONS:-8}
BODY_SIZE=${BODY_SIZE:-5120}
RELAY_CONCURRENCY=${RELAY_CONCURRENCY:-32}
RELAY_CONNECTIONS=${RELAY_CONNECTIONS:-8}
LIMIT=${LIMIT:-150}
PROFILE=${PROFILE:-0}
HERE="$(cd "$(dirname "$0")" && pwd)"

cd "$HERE/../.."
[ "$(id -u)" -eq 0 ] || { echo "run.sh: must run as root (a private Postfix master starts as root)" >&2; exit 1; }
for tool in /usr/sbin/postfix /usr/sbin/smtp-sink /usr/sbin/smtp-source wrk sqlite3; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool missing: Scripts/setup --test" >&2; exit 1; }
done
export PATH=/opt/swift/usr/bin:$PATH
# One product per invocation: with several --product options SwiftPM builds only the last. BUILD=0 skips the
# builds (building SMTPLoad after mailgate makes the next mailgate build redo minutes of work).
if [ "${BUILD:-1}" = 1 ]; then
  for product in mailgate SMTPLoad; do swift build -c release --product "$product" >&2; done
fi
BIN=$(swift build -c release --show-bin-path)

WORK=$(mktemp -d /var/tmp/relay-e2e-bench.XXXXXX)   # on the real disk, not a tmpfs
chmod 755 "$WORK"
MAILGATE_PID=""
SINK_PID=""
SAMPLER_PID=""
POSTFIX_CONFIG="$WORK/postfix/etc"
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  [ -n "$MAILGATE_PID" ] && kill -TERM "$MAILGATE_PID" 2>/dev/null && wait "$MAILGATE_PID" 2>/dev/null || true
  [ -f "$POSTFIX_CONFIG/main.cf" ] && /usr/sbin/postfix -c "$POSTFIX_CONFIG" stop >/dev/null 2>&1 || true
  [ -n "$SINK_PID" ] && kill -TERM "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SINK_PORT=$(free_port); SUBMISSION_PORT=$(free_port); HTTP_PORT=$(free_port); POSTFIX_PORT=$(free_port)
wait_for_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: nothing listens on port $1" >&2; exit 1
}
now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }

# --- The sink: one smtp-sink for the whole run; its counter is read before and after each phase --------------
/usr/sbin/smtp-sink -u postfix -c "127.0.0.1:$SINK_PORT" 256 > "$WORK/sink.out" 2>&1 &
SINK_PID=$!
wait_for_port "$SINK_PORT"
sunk() { # the sink's message counter: the last "mesg=N" of its \r-separated status lines
  local n
  n=$(tail -c 200 "$WORK/sink.out" | tr '\r' '\n' | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -1)
  echo "${n:-0}"
}
wait_sunk() { # target: waits until the sink counted target messages, bounded by LIMIT seconds
  local deadline=$(( $(date +%s) + LIMIT ))
  while [ "$(sunk)" -lt "$1" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
  SUNK_AT=$(now)
  [ "$(sunk)" -ge "$1" ] || echo "run.sh: the sink counted $(sunk) of $1 within $LIMIT s" >&2
}

# --- The request: a 5 KiB JSON body (text lines of 76 characters), relayed at once (no send_at) -----------------
export BODY_FILE="$WORK/body.json"
python3 - "$BODY_FILE" "$BODY_SIZE" <<'PY'
import json, sys
path, size = sys.argv[1], int(sys.argv[2])
request = {"from": "Bench <bench@example.com>", "to": ["sink@example.net"], "subject": "Relay benchmark", "text": ""}
line = "The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs.\n"[:75] + "\n"
while len(json.dumps(request, separators=(",", ":"))) < size:
    request["text"] += line
while len(json.dumps(request, separators=(",", ":"))) > size:
    request["text"] = request["text"][:-1]
open(path, "w").write(json.dumps(request, separators=(",", ":")))
PY

# --- Mailgate: the API and the submission port, a relay route, the sink as its upstream ----------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
PASSWORD=load-test-password
echo "load:$(printf '%s' "$PASSWORD" | "$BIN/mailgate" hash-password --scheme sha512-crypt)" > "$WORK/users"
API_KEY="mgk_bench_$(python3 -c 'import secrets; print(secrets.token_hex(16))')"; export API_KEY
echo "bench:$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1):*" > "$WORK/api-keys"
cat > "$WORK/mailgate.yaml" <<YAML
hostname: mailgate.bench
data_dir: $WORK
log: { level: warning }
smtp:
  submission: { enabled: true, address: 127.0.0.1, port: $SUBMISSION_PORT }
  submissions: { enabled: false }
  tls: { certificate: $WORK/tls.crt, key: $WORK/tls.key }
  users_file: $WORK/users
  senders: [{ user: load, allow: ["*@example.com"] }]
  max_connections: 1000
  max_connections_per_ip: 1000
http: { address: 127.0.0.1, port: $HTTP_PORT, api_keys_file: $WORK/api-keys }
routes:
  - name: relay
    match: { recipient: "*@example.net" }
    action: relay
relay:
  upstream: { host: 127.0.0.1, port: $SINK_PORT, tls: none }
  concurrency: $RELAY_CONCURRENCY
  max_connections: $RELAY_CONNECTIONS
storage:
  url: "sqlite://$WORK/mailgate.db"
YAML
"$BIN/mailgate" serve --config "$WORK/mailgate.yaml" > "$WORK/mailgate.log" 2>&1 &
MAILGATE_PID=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null || { echo "run.sh: mailgate did not start" >&2; cat "$WORK/mailgate.log" >&2; exit 1; }
wait_for_port "$SUBMISSION_PORT"

# RSS every second, with the phase it was taken in.
echo start > "$WORK/phase"
( while kill -0 "$MAILGATE_PID" 2>/dev/null; do
    printf '%s\t%s\t%s\n' "$(date +%s)" "$(awk '/^VmRSS/ { print $2 }' "/proc/$MAILGATE_PID/status" 2>/dev/null)" "$(cat "$WORK/phase")"
    sleep 1
  done ) > "$WORK/rss.tsv" 2>/dev/null &
SAMPLER_PID=$!

# One message by hand: it must reach the sink; its built message is what smtp-source's size is matched to.
before=$(sunk)
receipt=$(curl -fsS -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' --data-binary "@$BODY_FILE" \
  "http://127.0.0.1:$HTTP_PORT/v1/messages") || { echo "run.sh: the sample request was refused" >&2; exit 1; }
id=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' <<< "$receipt")
curl -fsS -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$HTTP_PORT/v1/messages/$id/raw" > "$WORK/message.eml"
wait_sunk $((before + 1))
[ "$(sunk)" -gt "$before" ] || { echo "run.sh: the sample message did not reach the sink" >&2; tail -20 "$WORK/mailgate.log" >&2; exit 1; }
echo "request body $(stat -c %s "$BODY_FILE") bytes; built message $(stat -c %s "$WORK/message.eml") bytes; relayed" >&2

TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$MAILGATE_PID/stat"; }
relay_jobs() { sqlite3 "$WORK/mailgate.db" "select count(*) from queue_jobs where kind = 'outbound.relay'"; }
db_now() { sqlite3 "$WORK/mailgate.db" "select coalesce(max(created_at), 0) from queue_jobs"; }
# p50/p99 of finished_at - created_at (ms) of the relay jobs created after a mark, and how many are not done.
# The store's time unit is read off its own clock: the newest created_at against the wall clock.
job_latency() { # mark
  sqlite3 -separator ' ' "$WORK/mailgate.db" \
    "select created_at, coalesce(finished_at, -1), state from queue_jobs where kind = 'outbound.relay' and created_at > $1" \
  | python3 -c '
import sys, time
rows = [line.split() for line in sys.stdin]
newest = max((int(r[0]) for r in rows), default=0)
unit = next((u for u in (1e9, 1e6, 1e3, 1) if newest / u > time.time() / 10), 1)   # ticks per second
done = sorted((int(f) - int(c)) / unit * 1e3 for c, f, s in rows if int(f) >= 0)
pick = lambda q: done[min(len(done) - 1, int(q * len(done)))] if done else float("nan")
print(f"jobs={len(rows)} finished={len(done)} p50_ms={pick(0.5):.1f} p99_ms={pick(0.99):.1f} max_ms={pick(1.0):.1f}")'
}
field() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" <<< "$2"; }
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

# Warm-up, not counted: connections, the relay pool, the SQLite page cache, the allocator's arenas.
# wrk runs until its duration is over even when every thread has stopped (thread:stop() at its quota), so it is
# interrupted (SIGINT: it still prints its summary) once the store holds the count, or after LIMIT seconds.
run_wrk() { # messages → wrk's summary line
  local base pid deadline
  base=$(relay_jobs); deadline=$(( $(date +%s) + LIMIT ))
  QUOTA=$(( $1 / 2 )) wrk -t2 -c"$CONNECTIONS" -d"${LIMIT}s" --timeout 10s -s "$HERE/send.lua" \
    "http://127.0.0.1:$HTTP_PORT" > "$WORK/wrk.out" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null && [ $(( $(relay_jobs) - base )) -lt "$1" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 0.2
  done
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" || true
  tail -1 "$WORK/wrk.out"
}
before=$(sunk); jobs=$(relay_jobs)
run_wrk 500 > /dev/null
wait_sunk $(( before + $(relay_jobs) - jobs ))

run_api() { # run
  local mark before jobs start line count rate ticks cpu lat load_before perf_pid=""
  load_before=$(load); echo "api-$1" > "$WORK/phase"
  mark=$(db_now); before=$(sunk); jobs=$(relay_jobs); ticks=$(cpu_ticks)
  if [ "$PROFILE" = 1 ] && [ "$1" = 1 ] && command -v perf >/dev/null; then
    perf record -F 499 -g -o "$WORK/perf.data" -p "$MAILGATE_PID" -- sleep 10 >/dev/null 2>&1 &
    perf_pid=$!
  fi
  start=$(now)
  line=$(run_wrk "$MESSAGES")
  count=$(( $(relay_jobs) - jobs ))
  wait_sunk $(( before + count ))
  cpu=$(python3 -c "print(f'{($(cpu_ticks) - $ticks) / $TICKS * 1e6 / max(1, $count):.0f}')")
  rate=$(python3 -c "print(f'{($(sunk) - $before) / ($SUNK_AT - $start):.0f}')")
  lat=$(job_latency "$mark")
  printf 'api\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$(field p50_ms "$lat")" "$(field p99_ms "$lat")" "$cpu" \
    "$(python3 -c "print(f'{$(field accepted "$line") / $(field duration_s "$line"):.0f}')")" "$load_before" "$(load)" >> "$RESULTS"
  echo "api run $1 (load $load_before → $(load)): wrk: $line; $count stored, sink +$(( $(sunk) - before )); $rate msg/s end to end; commit → relayed: $lat; $cpu µs CPU per message" >&2
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
}

run_smtp() { # run
  local mark before jobs start line count rate ticks cpu lat load_before
  load_before=$(load); echo "smtp-$1" > "$WORK/phase"
  mark=$(db_now); before=$(sunk); jobs=$(relay_jobs); ticks=$(cpu_ticks)
  start=$(now)
  line=$(timeout "$LIMIT" "$BIN/SMTPLoad" send --mode starttls --port "$SUBMISSION_PORT" --user load --password "$PASSWORD" \
    --ca "$WORK/tls.crt" --sessions "$SMTP_SESSIONS" --size "$BODY_SIZE" --messages "$MESSAGES" \
    --from bench@example.com --to sink@example.net) || { echo "run.sh: SMTPLoad failed: $line" >&2; exit 1; }
  count=$(( $(relay_jobs) - jobs ))
  wait_sunk $(( before + count ))
  cpu=$(python3 -c "print(f'{($(cpu_ticks) - $ticks) / $TICKS * 1e6 / max(1, $count):.0f}')")
  rate=$(python3 -c "print(f'{($(sunk) - $before) / ($SUNK_AT - $start):.0f}')")
  lat=$(job_latency "$mark")
  printf 'smtp\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$(field p50_ms "$lat")" "$(field p99_ms "$lat")" "$cpu" \
    "$(field msg_per_s "$line")" "$load_before" "$(load)" >> "$RESULTS"
  echo "smtp run $1 (load $load_before → $(load)): SMTPLoad: $line; $count stored, sink +$(( $(sunk) - before )); $rate msg/s end to end; commit → relayed: $lat; $cpu µs CPU per message" >&2
}

# --- The peer: a private Postfix, smtpd on POSTFIX_PORT, relayhost = the sink ----------------------------------
start_postfix() {
  mkdir -p "$POSTFIX_CONFIG" "$WORK/postfix/queue" "$WORK/postfix/data"
  chown postfix "$WORK/postfix/data"
  cat > "$POSTFIX_CONFIG/main.cf" <<CF
compatibility_level = 3.6
config_directory = $POSTFIX_CONFIG
queue_directory = $WORK/postfix/queue
data_directory = $WORK/postfix/data
maillog_file = $WORK/postfix/maillog
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfix.bench
mydestination =
mynetworks = 127.0.0.0/8
relay_domains =
relayhost = [127.0.0.1]:$SINK_PORT
smtpd_relay_restrictions = permit_mynetworks, reject
smtp_tls_security_level = none
smtpd_tls_security_level = none
alias_maps =
alias_database =
local_recipient_maps =
smtpd_peername_lookup = no
default_process_limit = 100
CF
  cat > "$POSTFIX_CONFIG/master.cf" <<CF
127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd
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
smtp unix - - n - - smtp
relay unix - - n - - smtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
CF
  /usr/sbin/postfix -c "$POSTFIX_CONFIG" start >&2
  wait_for_port "$POSTFIX_PORT"
}

run_postfix() { # run
  local before start line rate lat load_before sent_before
  load_before=$(load); echo "postfix-$1" > "$WORK/phase"
  before=$(sunk)
  sent_before=$(grep -c ' status=sent ' "$WORK/postfix/maillog" 2>/dev/null || true)
  start=$(now)
  # smtp-source -l is the payload without its own few headers (about 150 bytes).
  timeout "$LIMIT" /usr/sbin/smtp-source -4 -d -s "$SESSIONS" -m "$MESSAGES" -l "$BODY_SIZE" -M load.test \
    -f bench@example.com -t sink@example.net "127.0.0.1:$POSTFIX_PORT" || { echo "run.sh: smtp-source failed" >&2; exit 1; }
  wait_sunk $(( before + MESSAGES ))
  rate=$(python3 -c "print(f'{($(sunk) - $before) / ($SUNK_AT - $start):.0f}')")
  sleep 1   # postlogd writes the last lines
  lat=$(grep ' status=sent ' "$WORK/postfix/maillog" | tail -n +"$(( ${sent_before:-0} + 1 ))" \
    | sed -n 's/.* delay=\([0-9.]*\),.*/\1/p' | python3 -c '
import sys
done = sorted(float(x) * 1e3 for x in sys.stdin)
pick = lambda q: done[min(len(done) - 1, int(q * len(done)))] if done else float("nan")
print(f"logged={len(done)} p50_ms={pick(0.5):.1f} p99_ms={pick(0.99):.1f} max_ms={pick(1.0):.1f}")')
  printf 'postfix\t%s\t%s\t%s\t\t\t%s\t%s\n' "$rate" "$(field p50_ms "$lat")" "$(field p99_ms "$lat")" "$load_before" "$(load)" >> "$RESULTS"
  echo "postfix run $1 (load $load_before → $(load)): sink +$(( $(sunk) - before )) of $MESSAGES; $rate msg/s end to end; arrival → relayed (maillog delay=): $lat" >&2
}

for run in $(seq "$RUNS"); do
  case " $PATHS " in *" api "*) run_api "$run" ;; esac
  case " $PATHS " in *" smtp "*) run_smtp "$run" ;; esac
done
echo end > "$WORK/phase"; sleep 2
rss_end=$(awk '/^VmRSS/ { print $2 }' "/proc/$MAILGATE_PID/status")
if [ -f "$WORK/perf.data" ]; then
  perf report -i "$WORK/perf.data" --no-children --sort dso,symbol --percent-limit 1 --stdio 2>/dev/null \
    | grep -v '^$' | grep '%' | head -40 >&2 || true
fi
kill "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
kill -TERM "$MAILGATE_PID"; wait "$MAILGATE_PID" 2>/dev/null || true; MAILGATE_PID=""
echo "Mailgate RSS at the end: $rss_end kB" >&2

case " $PATHS " in *" postfix "*)
  start_postfix
  for run in $(seq "$RUNS"); do run_postfix "$run"; done ;;
esac

# --- Tables ------------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$WORK/rss.tsv" "$RUNS" "$MESSAGES" "$CONNECTIONS" "$SESSIONS" "$SMTP_SESSIONS" <<'PY'
import statistics, sys
from collections import defaultdict
results, rss_path, runs, messages, connections, sessions, smtp_sessions = sys.argv[1:]
rows = defaultdict(list)
for line in open(results):
    kind, *fields = line.rstrip("\n").split("\t")
    rows[kind].append(fields)
def median(kind, index):
    values = [float(row[index]) for row in rows[kind] if row[index] and row[index] != "nan"]
    return statistics.median(values) if values else float("nan")
labels = {"api": f"wrk {connections} conn. POST /v1/messages → Mailgate → sink",
          "smtp": f"SMTPLoad {smtp_sessions} sessions STARTTLS+AUTH → Mailgate → sink",
          "postfix": f"smtp-source {sessions} sessions → Postfix (relayhost) → sink"}
print(f"\nmedians of {runs} run(s), {messages} messages per run and path, counted at the sink\n")
print("| path | end to end msg/s | p50 ms to relayed | p99 ms to relayed | Mailgate CPU µs/msg | client side msg/s | load (1-min) before → after |")
print("|---|---|---|---|---|---|---|")
for kind in ("api", "smtp", "postfix"):
    if rows[kind]:
        loads = ", ".join(f"{r[5]}→{r[6]}" for r in rows[kind])
        cpu = f"{median(kind, 3):.0f}" if kind != "postfix" else ""
        client = f"{median(kind, 4):.0f}" if kind != "postfix" else ""
        print(f"| {labels[kind]} | {median(kind, 0):.0f} | {median(kind, 1):.1f} | {median(kind, 2):.1f} | {cpu} | {client} | {loads} |")
if rows["postfix"]:
    for kind in ("api", "smtp"):
        if rows[kind]:
            print(f"\n{kind}: Mailgate / Postfix = {median(kind, 0) / median('postfix', 0):.2f}×", end="")
    print()
samples = [line.rstrip("\n").split("\t") for line in open(rss_path)]
samples = [(int(t), int(r), p) for t, r, p in samples if r]
if samples:
    t0 = samples[0][0]
    print("\nMailgate RSS (VmRSS, MiB) by phase: first / last / max sample")
    seen = []
    for _, _, phase in samples:
        if phase not in seen: seen.append(phase)
    for phase in seen:
        values = [(t, r) for t, r, p in samples if p == phase]
        print(f"  {phase:10s} t={values[0][0] - t0:4d}..{values[-1][0] - t0:4d}s  "
              f"{values[0][1] / 1024:.1f} / {values[-1][1] / 1024:.1f} / {max(r for _, r in values) / 1024:.1f}")
PY
