#!/usr/bin/env python3
"""A real SMTP receiver (aiosmtpd, PyPI) standing in for the upstream smarthost in end-to-end tests.

Usage: smtp_sink.py PORT DIRECTORY [--no-8bitmime]. Listens on 127.0.0.1:PORT; writes each accepted transaction to
DIRECTORY/NNNN.json ({"mail_from", "rcpt_tos", "data_base64"}) and prints "ready" once listening.
Recipients whose local part starts with "bounce" are refused with 550 5.1.1 and those starting with "later"
with 451 4.2.1, so a test can see each recipient of one message end differently. With --no-8bitmime the EHLO
reply leaves out 8BITMIME (a 7-bit upstream), and a message with 8-bit bytes is refused with 554 if it arrives.
"""
import asyncio
import base64
import json
import os
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class SevenBitSMTP(SMTP):
    """aiosmtpd always offers 8BITMIME; this one does not."""

    async def push(self, status):
        if status.strip().upper().endswith("8BITMIME"):
            return
        await super().push(status)


class SevenBitController(Controller):
    def factory(self):
        return SevenBitSMTP(self.handler, **self.SMTP_kwargs)


class Sink:
    def __init__(self, directory, seven_bit=False):
        self.directory = directory
        self.seven_bit = seven_bit
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 no such user here"
        if local.startswith("later"):
            return "451 4.2.1 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.seven_bit and any(byte >= 0x80 for byte in envelope.original_content):
            return "554 5.6.3 8-bit data sent to a server without 8BITMIME"
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data_base64": base64.b64encode(envelope.original_content).decode(),
        }
        path = os.path.join(self.directory, "%04d.json" % self.count)
        with open(path + ".tmp", "w") as handle:
            json.dump(record, handle)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 queued as sink-%d" % self.count


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    seven_bit = "--no-8bitmime" in sys.argv[3:]
    controller = (SevenBitController if seven_bit else Controller)(
        Sink(directory, seven_bit), hostname="127.0.0.1", port=port, decode_data=False,
                            server_kwargs={"data_size_limit": 50 * 1024 * 1024})
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
