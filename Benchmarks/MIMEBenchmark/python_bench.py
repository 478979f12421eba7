#!/usr/bin/env python3
"""Python `email` baseline (policy.default) for the MIME module's benchmark: the same full decode as
`mime-tool bench`. Usage: python_bench.py ITERATIONS FILE..."""
import email
import email.policy
import hashlib
import sys
import time

iterations = int(sys.argv[1])
files = [open(p, "rb").read() for p in sys.argv[2:]]
checksum = 0
start = time.perf_counter()
for _ in range(iterations):
    for raw in files:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        for name in ("subject", "from", "to", "cc", "date", "message-id", "references"):
            value = msg.get(name)
            if value is not None:
                checksum += len(str(value))
        hashlib.sha256(raw).digest()
        text, html = msg.get_body(("plain",)), msg.get_body(("html",))
        for part in msg.walk():
            if part.is_multipart():
                continue
            part.get_filename()
            if part is text or part is html:
                checksum += len(part.get_content())
            else:
                payload = part.get_payload(decode=True) or b""
                hashlib.sha256(payload).digest()
seconds = time.perf_counter() - start
mib = sum(map(len, files)) * iterations / 1048576
count = len(files) * iterations
print("python: %d messages, %.1f MiB in %.3f s: %.1f MiB/s, %.0f msg/s (checksum %d)" % (count, mib, seconds, mib / seconds, count / seconds, checksum))
