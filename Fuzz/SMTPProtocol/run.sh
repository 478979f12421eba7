#!/bin/sh
# Builds the SMTPProtocol fuzzer with libFuzzer + AddressSanitizer and runs it for a fixed number of
# iterations. Usage: Fuzz/SMTPProtocol/run.sh [RUNS] [extra libFuzzer flags...]
set -eu
cd "$(dirname "$0")"
RUNS="${1:-200000}"
[ $# -gt 0 ] && shift
# SwiftPM can keep a stale build description when files are added behind the Sources link (they are then
# missing from the build); regenerating it costs nothing.
rm -f ../../.build-fuzz/smtp/release.yaml ../../.build-fuzz/smtp/plugin-tools.yaml
swift build -c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address --disable-dead-strip --scratch-path ../../.build-fuzz/smtp --product SMTPFuzzer
# The Swift backtracer and ASan fight over a crashing process; let libFuzzer report crashes itself.
export SWIFT_BACKTRACE=enable=no
mkdir -p ../../.build-fuzz/smtp-corpus && cd ../../.build-fuzz/smtp-corpus
# Seed corpus: one valid session per target so the fuzzer starts from real protocol.
printf '\000\000EHLO a\nMAIL FROM:<a@b.example> SIZE=10 BODY=8BITMIME SMTPUTF8\nRCPT TO:<Postmaster> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;a+40b\nBDAT 5 LAST\nAUTH PLAIN AHUAcA==\n' > ./seed-parser
printf '\001\007hello\r\n..dot\n.\nx\r.\r\nmore\r\n.\r\nQUIT\r\n' > ./seed-data
printf '\002\020EHLO a\r\nSTARTTLS\r\nEHLO a\r\nAUTH PLAIN AHUAcA==\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<aa@b.example>\r\nDATA\r\nx\n.\ny\r\n.\r\nBDAT 3 LAST\r\nabcQUIT\r\n' > ./seed-session
printf '\003\005PROXY TCP6 2001:db8::1 ::ffff:192.0.2.1 40000 25\r\nEHLO a\r\n' > ./seed-proxy-v1
printf '\003\003\r\n\r\n\000\r\nQUIT\n\041\021\000\017\300\000\002\001\177\000\000\001\234\100\000\031\004\000\000EHLO a\r\n' > ./seed-proxy-v2
printf '\004\020220 hi\r\n250-hi\r\n250-PIPELINING\r\n250 SIZE 100\r\n250 ok\r\n250 ok\r\n550 no\r\n354 go\r\n250 queued\r\n221 bye\r\n' > ./seed-client
exec ../smtp/release/SMTPFuzzer -runs="$RUNS" -max_len=4096 -timeout=10 "$@" .
