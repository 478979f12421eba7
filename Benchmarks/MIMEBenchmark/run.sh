#!/usr/bin/env bash
# MIME decoding, one core, in one run: Mailgate vs GMime 3 (C harness doing the same full decode, SHA-256 through
# OpenSSL) vs Python's email package, on three generated corpora (many small, mixed, large attachments).
# Needs: apt-get install libgmime-3.0-dev libssl-dev pkg-config; python3. Usage: Benchmarks/MIMEBenchmark/run.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
iterations="${1:-3}"
here=Benchmarks/MIMEBenchmark
python3 $here/make_bench_corpora.py /tmp/mime-bench
swift build -c release --product MIMEBenchmark >/dev/null
bin="$(swift build -c release --show-bin-path)"
cc -O2 $here/gmime_bench.c $(pkg-config --cflags --libs gmime-3.0 libcrypto) -o /tmp/mime-bench/gmime_bench
for corpus in small mixed large; do
  echo "== $corpus"
  taskset -c 0 "$bin/MIMEBenchmark" "$iterations" /tmp/mime-bench/$corpus/*.eml
  taskset -c 0 /tmp/mime-bench/gmime_bench "$iterations" /tmp/mime-bench/$corpus/*.eml
  taskset -c 0 python3 $here/python_bench.py 1 /tmp/mime-bench/$corpus/*.eml
done
