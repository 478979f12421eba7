#!/usr/bin/env bash
# SPF verification cost per message with a warm DNS cache (BENCHMARKS.md): starts the DNS tests' authoritative
# server with zone.json on loopback, then the release build of SPFBenchmark against it.
# Usage: Benchmarks/SPFBenchmark/run.sh [MESSAGES=20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product SPFBenchmark
log=$(mktemp)
python3 Tests/DNSTests/dns_test_server.py Benchmarks/SPFBenchmark/zone.json "$log" > "$log.port" &
server=$!
trap 'kill $server; rm -f "$log" "$log.port"' EXIT
for _ in $(seq 50); do [ -s "$log.port" ] && break; sleep 0.1; done
"$(swift build -c release --show-bin-path)/SPFBenchmark" "$(cat "$log.port")" "${1:-20000}"
echo "queries the server answered: $(wc -l < "$log")"
