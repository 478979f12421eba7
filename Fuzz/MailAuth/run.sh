#!/usr/bin/env bash
# Builds the SPF record parser's fuzz target with libFuzzer + AddressSanitizer and runs it for a fixed number of
# inputs. Usage: Fuzz/MailAuth/run.sh [RUNS=100000] [extra libFuzzer flags...]. Seeds: the TXT records of the SPF
# differential corpus (Tests/DNSTests/spf_corpus.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-100000}"
shift || true
out=.build-fuzz/mailauth
mkdir -p "$out/corpus" "$out/artifacts"
python3 - "$out/corpus" <<'PY'
import hashlib, json, sys
for record in json.load(open("Tests/DNSTests/spf_corpus.json"))["zone"]["records"]:
    if record[1] == "TXT":
        text = "".join(record[2]) if isinstance(record[2], list) else record[2]
        open(f"{sys.argv[1]}/{hashlib.sha1(text.encode()).hexdigest()}", "w").write(text)
PY
# MailAuth needs only Foundation: its sources and the target make one module. -parse-as-library: libFuzzer
# provides main.
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name MailAuthFuzz -package-name mailgate \
  $(find Sources/MailAuth -name '*.swift') Fuzz/MailAuth/FuzzSPFRecordParser.swift -o "$out/fuzz-mailauth"
export SWIFT_BACKTRACE=enable=no
"$out/fuzz-mailauth" -runs="$runs" -max_len=4096 -timeout=20 -artifact_prefix="$out/artifacts/" \
  -dict=Fuzz/MailAuth/spf.dict "$@" "$out/corpus"
