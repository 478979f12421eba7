#!/usr/bin/env python3
"""The peer of `MIMEBenchmark build`: Python's `email` (EmailMessage, default policy) building the same two
messages (text+HTML of ~2.5 KiB each with non-ASCII, UTF-8 subject and display name; then with a 100 KiB PDF).

Usage: python_build_bench.py ITERATIONS
"""
import sys
import time
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone

paragraph = "Grüße aus Köln! This is the body of a transactional message, with a link to https://example.com/a/b?c=d. "
text = (paragraph + "\n") * 24
html = "<html><body>" + ("<p>" + paragraph + "</p>\n") * 22 + "</body></html>"
attachment = bytes((i * 31) & 0xFF for i in range(102400))


def build(with_attachment):
    msg = EmailMessage()
    msg["Date"] = format_datetime(datetime.fromtimestamp(1796000000, timezone.utc))
    msg["From"] = "Jörg Müller <joerg@example.com>"
    msg["To"] = "Bob <bob@example.org>, carol@example.net"
    msg["Subject"] = "Ihre Bestellung Nr. 12345 wurde versandt – vielen Dank"
    msg["Message-ID"] = "<bench.1@mail.example.com>"
    msg["X-Campaign"] = "orders"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    if with_attachment:
        msg.add_attachment(attachment, maintype="application", subtype="pdf", filename="Rechnung 12345.pdf")
    return msg.as_bytes()


iterations = int(sys.argv[1])
for name, flag in (("text+html", False), ("text+html+100KiB", True)):
    start = time.process_time()
    size = 0
    for _ in range(iterations):
        size = len(build(flag))
    elapsed = time.process_time() - start
    print("python build %s: %d messages of %d bytes, %.1f µs each" % (name, iterations, size, elapsed / iterations * 1e6))
