#!/usr/bin/env python3
"""Writes three benchmark corpora under the directory given (default /tmp/mime-bench):
small/  2,000 messages of 2-8 KiB (the test corpus's small messages, varied),
mixed/  200 messages: small ones plus attachments of 50 KiB to 2 MiB,
large/  4 messages with one 24 MiB base64 attachment each."""
import base64
import glob
import os
import random
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/mime-bench"
here = os.path.dirname(os.path.abspath(__file__))
corpus = sorted(glob.glob(os.path.join(here, "..", "..", "Tests", "MIMETests", "Corpus", "*.eml")))
samples = [open(p, "rb").read() for p in corpus]
rng = random.Random(1)


def attachment_message(size, index):
    payload = rng.randbytes(size)
    encoded = base64.encodebytes(payload).replace(b"\n", b"\r\n")
    return (b"From: Sender <s@example.com>\r\nTo: r@example.org\r\nSubject: attachment %d\r\n"
            b"Date: Wed, 29 Mar 2023 10:00:00 +0000\r\nMessage-ID: <att%d@example.com>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=\"bb\"\r\n\r\n--bb\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            b"See attached.\r\n--bb\r\nContent-Type: application/octet-stream; name=\"f.bin\"\r\n"
            b"Content-Disposition: attachment; filename=\"f.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            % (index, index)) + encoded + b"--bb--\r\n"


for name in ("small", "mixed", "large"):
    os.makedirs(os.path.join(root, name), exist_ok=True)
for i in range(2000):
    base = samples[i % len(samples)]
    filler = b"\r\n".join(b"Line %d of a longer body, some ordinary words here." % j for j in range(rng.randint(20, 100)))
    data = base.replace(b"Subject:", b"X-Seq: %d\nSubject:" % i, 1)
    if b"multipart" not in data:
        data = data + filler + b"\n"
    open(os.path.join(root, "small", "%05d.eml" % i), "wb").write(data)
for i in range(200):
    data = samples[i % len(samples)] if i % 2 else attachment_message(rng.choice([50_000, 200_000, 500_000, 2_000_000]), i)
    open(os.path.join(root, "mixed", "%05d.eml" % i), "wb").write(data)
for i in range(4):
    open(os.path.join(root, "large", "%05d.eml" % i), "wb").write(attachment_message(24 << 20, i))
for name in ("small", "mixed", "large"):
    files = glob.glob(os.path.join(root, name, "*.eml"))
    print(name, len(files), "files", sum(os.path.getsize(f) for f in files) // 1024, "KiB")
