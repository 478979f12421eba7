#!/usr/bin/env bash
# Builds the DKIM fuzz target (the tag-list parser and the body canonicalizer, which import nothing) with
# libFuzzer + AddressSanitizer and runs it for a fixed number of inputs.
# Usage: Fuzz/DKIM/run.sh [RUNS=100000] [extra libFuzzer flags...]. Seeds: RFC 6376/8463 tag lists and bodies.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-100000}"
shift || true
out=.build-fuzz/dkim
mkdir -p "$out/corpus" "$out/artifacts"
printf '\000v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel;\r\n h=from : to; bh=2jUSOH9N=; b=abc\r\n def' > "$out/corpus/seed-signature"
printf '\000v=DKIM1; k=ed25519; t=y:s; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=;' > "$out/corpus/seed-key"
printf '\001 C \r\nD \t E\r\n\r\n\r\n' > "$out/corpus/seed-simple"
printf '\002a\r\rb  \r\n \t\r\n\r\nc' > "$out/corpus/seed-relaxed"
# -parse-as-library: libFuzzer provides main.
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name DKIMFuzz \
  Sources/DKIM/Verification/DKIMTagList.swift Sources/DKIM/Verification/DKIMTagListError.swift \
  Sources/DKIM/Canonicalization/*.swift Fuzz/DKIM/FuzzTagList.swift -o "$out/fuzz-dkim"
export SWIFT_BACKTRACE=enable=no
"$out/fuzz-dkim" -runs="$runs" -max_len=8192 -timeout=20 -artifact_prefix="$out/artifacts/" -dict=Fuzz/DKIM/dkim.dict "$@" "$out/corpus"
