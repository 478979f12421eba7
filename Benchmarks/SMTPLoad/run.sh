#!/usr/bin/env bash
# SMTP load benchmark beside Postfix, in one run on one machine (issue 5):
#   - Postfix's smtp-source against Mailgate's plain listener (smtp.inbound, MX mode: no AUTH, the route takes
#     the test recipient) and against a private Postfix smtpd; both commit each message to disk before 250
#     (Mailgate: its SQLite queue, synchronous commit; Postfix: cleanup fsyncs the queue file);
#   - our own load client (SMTPLoad) over STARTTLS + AUTH PLAIN on the submission listener;
#   - at 1, 32 and 128 sessions with 5 KiB and 100 KiB messages, each point RUNS times (median reported);
#   - then 10,000 idle connections (EHLO once, then nothing) against Mailgate, its RSS read from
#     /proc/PID/status (VmRSS).
#
# Usage: Benchmarks/SMTPLoad/run.sh            full run (bounded to about 10 minutes on 2 cores)
#        SCALE=10 RUNS=1 IDLE=1000 Benchmarks/SMTPLoad/run.sh    smoke run: 10 % of the counts
# Environment: RUNS (3), SCALE (percent of the message counts, 100), SESSIONS ("1 32 128"),
#              SIZES ("5120 102400"), IDLE (10000 connections; 0 skips), IDLE_TLS (1: also idle over STARTTLS),
#              KEEP (1: keep the temporary directory with both servers' logs).
# Needs root (a private Postfix master must start as root) and Postfix (Scripts/setup --test).
set -euo pipefail

RUNS=${RUNS:-3}
SCALE=${SCALE:-100}
SESSIONS=${SESSIONS:-"1 32 128"}
SIZES=${SIZES:-"5120 102400"}
IDLE=${IDLE:-10000}
IDLE_TLS=${IDLE_TLS:-1}
FROM=load@example.com
TO=sink@example.net

# Messages per run, the same for every target so the counts are deterministic: enough for a few seconds of
# Postfix at each point, few enough that the whole run stays near 10 minutes.
count_for() { # size sessions
  local base
  case "$1:$2" in
    5120:1) base=1000 ;;
    5120:*) base=$((4000 + 60 * $2)) ;;
    *:1) base=400 ;;
    *) base=$((1200 + 20 * $2)) ;;
  esac
  local count=$((base * SCALE / 100))
  [ "$count" -ge "$2" ] || count=$2
  echo "$count"
}

cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "run.sh: must run as root (a private Postfix master starts as root)" >&2; exit 1; }
command -v smtp-source >/dev/null && [ -x /usr/sbin/postfix ] || { echo "run.sh: Postfix missing: Scripts/setup --test" >&2; exit 1; }
export PATH=/opt/swift/usr/bin:$PATH
# Each side of the idle test holds IDLE sockets; containers often cap the hard limit (20,000 here).
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((IDLE + 1000)) ] \
  || { echo "run.sh: IDLE=$IDLE needs more open files than the hard limit $(ulimit -Hn)" >&2; exit 1; }

# One product per invocation: with several --product options SwiftPM builds only the last.
swift build -c release --product mailgate >&2
swift build -c release --product SMTPLoad >&2
BIN=$(swift build -c release --show-bin-path)

WORK=$(mktemp -d /var/tmp/smtp-load.XXXXXX)   # on the real disk, not a tmpfs
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
SUBMISSION_PORT=$(free_port); SUBMISSIONS_PORT=$(free_port); INBOUND_PORT=$(free_port); HTTP_PORT=$(free_port)
POSTFIX_PORT=$(free_port)

# --- Mailgate -------------------------------------------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
PASSWORD=load-test-password
echo "load:$(printf '%s' "$PASSWORD" | "$BIN/mailgate" hash-password --scheme sha512-crypt)" > "$WORK/users"
cat > "$WORK/mailgate.yaml" <<EOF
hostname: mailgate.bench
data_dir: $WORK
smtp:
  submission: { enabled: true, address: 127.0.0.1, port: $SUBMISSION_PORT }
  submissions: { enabled: true, address: 127.0.0.1, port: $SUBMISSIONS_PORT }
  inbound: { enabled: true, address: 127.0.0.1, port: $INBOUND_PORT }
  tls: { certificate: $WORK/tls.crt, key: $WORK/tls.key }
  users_file: $WORK/users
  senders: [{ user: load, allow: ["*@example.com"] }]
  max_connections: 20000
  max_connections_per_ip: 20000
http: { address: 127.0.0.1, port: $HTTP_PORT }
routes:
  - name: bench                 # the accept path only: held, delivered nowhere (run-e2e.sh measures delivery)
    match: { recipient: "*@example.net" }
    action: hold
storage:
  url: "sqlite://$WORK/mailgate.db"
EOF
"$BIN/mailgate" serve --config "$WORK/mailgate.yaml" > "$WORK/mailgate.log" 2>&1 &
MAILGATE_PID=$!

# --- Postfix: a private instance, smtpd on 127.0.0.1 only, every message to the discard transport ---------
mkdir -p "$WORK/postfix/etc" "$WORK/postfix/queue" "$WORK/postfix/data"
chown postfix "$WORK/postfix/data"
cat > "$POSTFIX_CONFIG/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $WORK/postfix/etc
queue_directory = $WORK/postfix/queue
data_directory = $WORK/postfix/data
maillog_file_prefixes = $WORK
maillog_file = $WORK/postfix/maillog
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfix.bench
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
# Accepted mail is committed to the queue (cleanup fsyncs it before smtpd's 250), then thrown away, so the
# delivery side costs little. No inflow throttling and enough smtpd processes for 128 sessions.
default_transport = discard
relay_transport = discard
in_flow_delay = 0s
default_process_limit = 200
EOF
cat > "$POSTFIX_CONFIG/master.cf" <<EOF
127.0.0.1:$POSTFIX_PORT inet n - n - 200 smtpd
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
EOF
/usr/sbin/postfix -c "$POSTFIX_CONFIG" start >&2

wait_for_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: nothing listens on port $1" >&2; cat "$WORK/mailgate.log" >&2; exit 1
}
wait_for_port "$INBOUND_PORT"; wait_for_port "$SUBMISSION_PORT"; wait_for_port "$POSTFIX_PORT"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$MAILGATE_PID/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$MAILGATE_PID/stat"; }
TICKS=$(getconf CLK_TCK)
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

# --- Idle connections first, on a fresh process -----------------------------------------------------------
idle() { # mode port label
  local before after
  before=$(rss_kib)
  rm -f "$WORK/idle.ready"
  # The client holds the connections 5 s after the last EHLO reply, then closes them itself (close_notify
  # for TLS); the server is measured 2 s into that.
  "$BIN/SMTPLoad" idle --mode "$1" --port "$2" --sessions "$IDLE" --hold 5 --ready-file "$WORK/idle.ready" \
    >> "$WORK/idle.out" 2>&1 &
  local client=$!
  while [ ! -f "$WORK/idle.ready" ] && kill -0 "$client" 2>/dev/null; do sleep 0.2; done
  sleep 2
  after=$(rss_kib)
  local established; established=$(cat "$WORK/idle.ready" 2>/dev/null || echo 0)
  wait "$client" || { echo "run.sh: idle $3: not every connection was established:" >&2; tail -3 "$WORK/idle.out" >&2; }
  printf 'idle\t%s\t%s\t%s\t%s\n' "$3" "$established" "$before" "$after" >> "$RESULTS"
  echo "idle $3: $established connections, mailgate RSS ${before} KiB before, ${after} KiB with them" >&2
  sleep 2
}
if [ "$IDLE" -gt 0 ]; then
  idle plain "$INBOUND_PORT" "plain"
  if [ "$IDLE_TLS" = 1 ]; then idle starttls "$SUBMISSION_PORT" "STARTTLS"; fi
fi

# --- Throughput -----------------------------------------------------------------------------------------
now() { date +%s.%N; }
for size in $SIZES; do
  for sessions in $SESSIONS; do
    count=$(count_for "$size" "$sessions")
    for run in $(seq "$RUNS"); do
      # smtp-source -l is the payload without its own few headers (about 150 bytes); ours counts the whole message.
      for target in mailgate postfix; do
        port=$INBOUND_PORT; [ "$target" = postfix ] && port=$POSTFIX_PORT
        ticks=$(cpu_ticks)
        start=$(now)
        smtp-source -4 -d -s "$sessions" -m "$count" -l "$size" -M load.test -f "$FROM" -t "$TO" "127.0.0.1:$port" \
          || { echo "run.sh: smtp-source against $target failed (size $size, sessions $sessions)" >&2; exit 1; }
        end=$(now)
        rate=$(python3 -c "print(f'{$count / ($end - $start):.1f}')")
        cpu=""
        [ "$target" = mailgate ] && cpu=$(python3 -c "print(f'{($(cpu_ticks) - $ticks) / $TICKS * 1e6 / $count:.0f}')")
        printf 'rate\tsmtp-source → %s\t%s\t%s\t%s\t%s\n' "$target" "$size" "$sessions" "$rate" "$cpu" >> "$RESULTS"
        echo "smtp-source → $target: size $size, $sessions sessions, $count messages: $rate msg/s" >&2
      done
      ticks=$(cpu_ticks)
      line=$("$BIN/SMTPLoad" send --mode starttls --port "$SUBMISSION_PORT" --user load --password "$PASSWORD" \
        --ca "$WORK/tls.crt" --sessions "$sessions" --size "$size" --messages "$count" --from "$FROM" --to "$TO") \
        || { echo "run.sh: SMTPLoad failed: $line" >&2; exit 1; }
      rate=$(sed -n 's/.*msg_per_s=\([0-9.]*\).*/\1/p' <<< "$line")
      cpu=$(python3 -c "print(f'{($(cpu_ticks) - $ticks) / $TICKS * 1e6 / $count:.0f}')")
      printf 'rate\tSMTPLoad STARTTLS+AUTH → mailgate\t%s\t%s\t%s\t%s\n' "$size" "$sessions" "$rate" "$cpu" >> "$RESULTS"
      echo "SMTPLoad → mailgate: $line" >&2
    done
  done
done

# --- Table ----------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$RUNS" <<'EOF'
import statistics, sys
from collections import defaultdict
rates, cpu, idle = defaultdict(list), defaultdict(list), []
for line in open(sys.argv[1]):
    fields = line.rstrip("\n").split("\t")
    if fields[0] == "idle":
        idle.append(fields[1:])
    else:
        _, target, size, sessions, rate, ticks = fields
        rates[(target, int(size), int(sessions))].append(float(rate))
        if ticks:
            cpu[(target, int(size), int(sessions))].append(float(ticks))
points = sorted({(size, sessions) for (_, size, sessions) in rates})
targets = list(dict.fromkeys(target for (target, _, _) in rates))
print(f"\nmsg/s, median of {sys.argv[2]} run(s); in brackets: Mailgate CPU µs per message (median)\n")
print("| target | " + " | ".join(f"{size // 1024} KiB × {sessions}" for size, sessions in points) + " |")
print("|---" * (len(points) + 1) + "|")
for target in targets:
    cells = []
    for size, sessions in points:
        values = rates.get((target, size, sessions))
        cell = f"{statistics.median(values):.0f}" if values else "–"
        if cpu.get((target, size, sessions)):
            cell += f" ({statistics.median(cpu[(target, size, sessions)]):.0f} µs)"
        cells.append(cell)
    print(f"| {target} | " + " | ".join(cells) + " |")
mailgate, postfix = "smtp-source → mailgate", "smtp-source → postfix"
ratios = [f"{size // 1024} KiB × {sessions}: {statistics.median(rates[(mailgate, size, sessions)]) / statistics.median(rates[(postfix, size, sessions)]):.1f}×"
          for size, sessions in points if rates.get((mailgate, size, sessions)) and rates.get((postfix, size, sessions))]
if ratios:
    print("\nMailgate / Postfix (smtp-source): " + ", ".join(ratios))
for label, established, before, after in idle:
    print(f"\nidle {label}: {established} connections; Mailgate RSS {int(before) / 1024:.0f} MiB before, {int(after) / 1024:.0f} MiB with them")
EOF
