#!/usr/bin/env bash
# Builds the DNS reply reader's fuzz target with libFuzzer + AddressSanitizer and runs it for a fixed number of
# inputs. Usage: Fuzz/DNS/run.sh [RUNS=100000] [extra libFuzzer flags...]. Seeds: replies of the DNS tests' server.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-100000}"
shift || true
out=.build-fuzz/dns
mkdir -p "$out/corpus" "$out/artifacts" "$out/modules"
# Seeds: real replies (an answer with compression, a CNAME chain, TXT strings, MX, a negative answer with an SOA),
# made by dnslib, the test server's codec.
python3 - "$out/corpus" <<'PY'
import sys
from dnslib import AAAA, CNAME, MX, PTR, QTYPE, RCODE, RR, SOA, TXT, A, DNSRecord
seeds = []
q = DNSRecord.question("example.com", "A"); r = q.reply(); r.add_answer(RR("example.com", QTYPE.CNAME, rdata=CNAME("b.example.com"), ttl=60)); r.add_answer(RR("b.example.com", rdata=A("192.0.2.1"), ttl=30)); seeds.append(r)
q = DNSRecord.question("example.com", "TXT"); r = q.reply(); r.add_answer(RR("example.com", QTYPE.TXT, rdata=TXT([b"v=spf1 ", b"-all"]))); seeds.append(r)
q = DNSRecord.question("example.com", "MX"); r = q.reply(); r.add_answer(RR("example.com", QTYPE.MX, rdata=MX("mx.example.com", 10))); seeds.append(r)
q = DNSRecord.question("example.com", "AAAA"); r = q.reply(); r.add_answer(RR("example.com", QTYPE.AAAA, rdata=AAAA("2001:db8::1"))); seeds.append(r)
q = DNSRecord.question("example.com", "PTR"); r = q.reply(); r.add_answer(RR("example.com", QTYPE.PTR, rdata=PTR("host.example.com"))); seeds.append(r)
q = DNSRecord.question("example.com", "A"); r = q.reply(); r.header.rcode = RCODE.NXDOMAIN; r.add_auth(RR("example.com", QTYPE.SOA, rdata=SOA("ns.example.com", "h.example.com", (1, 2, 3, 4, 60)), ttl=300)); seeds.append(r)
for i, seed in enumerate(seeds):
    open(f"{sys.argv[1]}/seed{i}", "wb").write(seed.pack())
PY
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name MailAuth -package-name mailgate \
  -emit-library -static -emit-module -emit-module-path "$out/modules/MailAuth.swiftmodule" \
  $(find Sources/MailAuth -name '*.swift') -o "$out/libMailAuth.a"
# -parse-as-library: libFuzzer provides main.
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name DNSFuzz -package-name mailgate \
  -I "$out/modules" -L "$out" -lMailAuth \
  $(find Sources/DNS/Wire -name '*.swift') Fuzz/DNS/FuzzDNSMessageReader.swift -o "$out/fuzz-dns"
export SWIFT_BACKTRACE=enable=no
"$out/fuzz-dns" -runs="$runs" -max_len=4096 -timeout=20 -artifact_prefix="$out/artifacts/" "$@" "$out/corpus"
