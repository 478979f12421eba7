#!/usr/bin/env bash
# Builds the MIME fuzz target with libFuzzer + AddressSanitizer and runs it for a fixed number of inputs.
# Usage: Fuzz/MIME/run.sh [RUNS=100000] [extra libFuzzer flags...]. Seeds: the differential-test corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-100000}"
shift || true
out=.build-fuzz/mime
mkdir -p "$out/corpus" "$out/artifacts" "$out/modules"
cp Tests/MIMETests/Corpus/*.eml "$out/corpus/"
# MIME imports MailModel (the envelope): built first as a module of its own, as SwiftPM would.
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name MailModel -package-name mailgate \
  -emit-library -static -emit-module -emit-module-path "$out/modules/MailModel.swiftmodule" \
  $(find Sources/MailModel -name '*.swift') -o "$out/libMailModel.a"
# -parse-as-library: libFuzzer provides main.
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name MIMEFuzz -package-name mailgate \
  -I "$out/modules" -L "$out" -lMailModel \
  $(find Sources/MIME -name '*.swift') Fuzz/MIME/FuzzMessageParser.swift Fuzz/MIME/FuzzMessageBuilder.swift -o "$out/fuzz-mime"
export SWIFT_BACKTRACE=enable=no
"$out/fuzz-mime" -runs="$runs" -max_len=65536 -timeout=20 -artifact_prefix="$out/artifacts/" \
  -dict=Fuzz/MIME/mime.dict "$@" "$out/corpus"
