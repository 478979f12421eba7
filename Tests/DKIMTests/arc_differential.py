#!/usr/bin/env python3
"""The ARC differential corpus: chains of one to three sets made by dkimpy's arc_sign (each hop adds its
Authentication-Results, as a receiver would), broken in each part, verified by dkimpy's arc_verify against an
in-memory zone (its `dnsfunc` hook: no network).

Usage: arc_differential.py INPUT.json
INPUT.json: {"key": {"pem", "txt"}} (an RSA key; ARC signs with rsa-sha256)
Prints {"zone": {name: record | "TIMEOUT"}, "cases": [{"name", "message": base64, "expected": verdict,
"dkimpy": "pass"|"fail"|"none"|null, "log"}]}: `expected` is the chain verdict Mailgate's verifier must give.
"""
import base64
import io
import json
import logging
import re
import sys

import dkim
from cryptography.hazmat.primitives import serialization

sys.dont_write_bytecode = True  # no __pycache__ beside the tests for the import below
from dkim_test_zone import dnsfunc_for  # noqa: E402

HEADERS = [b"from", b"to", b"subject", b"date", b"message-id"]
BASE = (
    b"From: Alice Example <alice@example.com>\r\n"
    b"To: list@lists.example.org\r\n"
    b"Subject: Meeting notes\r\n"
    b"Date: Thu, 3 Dec 2026 10:00:00 +0000\r\n"
    b"Message-ID: <arc.1@example.com>\r\n"
    b"\r\n"
    b"Notes from today.\r\n"
)


def hop(message, key, number, selector=b"arc", arc_result=None):
    """One receiving hop: its Authentication-Results (arc=… from the second hop on), then its ARC set on top."""
    results = b"spf=pass smtp.mailfrom=example.com" if arc_result is None else b"arc=" + arc_result
    srv = b"mx%d.example.net" % number
    message = b"Authentication-Results: " + srv + b"; " + results + b"\r\n" + message
    lines = dkim.arc_sign(message, selector, b"example.net", key, srv, include_headers=HEADERS)
    return b"".join(lines) + message


def flip_b(message, field):
    """Changes the first character of b= in the first `field` (e.g. b"ARC-Seal")."""
    start = message.index(field + b":")
    match = re.compile(rb"[\s;]b=\s*").search(message, start)
    position = match.end()
    return message[:position] + (b"A" if message[position:position + 1] != b"A" else b"B") + message[position + 1:]


def drop_field(message, field, instance):
    """Removes the `field` of one instance (with its folded lines)."""
    pattern = re.compile(rb"(?mi)^" + re.escape(field) + rb":\s*(?:[^\r\n]*?\bi=" + str(instance).encode() + rb";)(?:[^\r\n]*\r\n)(?:[ \t][^\r\n]*\r\n)*")
    result, count = pattern.subn(b"", message, count=1)
    assert count == 1, (field, instance)
    return result


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        given = json.load(handle)
    pem = serialization.load_pem_private_key(given["key"]["pem"].encode(), password=None).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    zone = {"arc._domainkey.example.net": given["key"]["txt"], "slow._domainkey.example.net": "TIMEOUT"}

    one = hop(BASE, pem, 1)
    two = hop(one, pem, 2, arc_result=b"pass")
    three = hop(two, pem, 3, arc_result=b"pass")
    changed_between = hop(one.replace(b"Notes from today.", b"Notes from today, edited by the list."), pem, 2, arc_result=b"pass")
    sealed_failed = hop(one.replace(b"Notes", b"Forged"), pem, 2, arc_result=b"fail")
    cases = [
        ("no ARC fields", BASE, "none"),
        ("one set", one, "pass"),
        ("two sets", two, "pass"),
        ("three sets", three, "pass"),
        ("body changed after the last set", two.replace(b"Notes from today.", b"Notes from yesterday."), "fail"),
        ("signed header changed after the last set", two.replace(b"Subject: Meeting notes", b"Subject: Meeting notes (2)"), "fail"),
        ("unsigned header added after the last set", b"X-Footer: added\r\n" + two, "pass"),
        ("body changed between the sets (the newest signature covers it)", changed_between, "pass"),
        ("the newest seal records a failed chain", sealed_failed, "fail"),
        ("newest seal tampered", flip_b(two, b"ARC-Seal"), "fail"),
        ("newest message signature tampered", flip_b(two, b"ARC-Message-Signature"), "fail"),
        ("first results changed", two.replace(b"spf=pass", b"spf=fail", 1), "fail"),
        ("a seal removed", drop_field(two, b"ARC-Seal", 1), "fail"),
        ("a results field removed", drop_field(two, b"ARC-Authentication-Results", 2), "fail"),
        ("a set duplicated", one.split(b"Authentication-Results: mx1")[0] + one, "fail"),
        ("the seal's key times out", hop(BASE, pem, 1, selector=b"slow"), "temperror"),
    ]

    dnsfunc = dnsfunc_for(zone)

    output = []
    for name, message, expected in cases:
        stream = io.StringIO()
        logger = logging.getLogger("arc-diff")
        logger.handlers = [logging.StreamHandler(stream)]
        logger.setLevel(logging.DEBUG)
        try:
            cv, _, reason = dkim.arc_verify(message, logger=logger, dnsfunc=dnsfunc)
            verdict = cv.decode() if cv is not None else None
            stream.write(reason)
        except Exception as error:  # noqa: BLE001 - dkimpy raises for what it refuses: a failed chain
            stream.write("%r\n" % error)
            verdict = "fail"
        output.append({"name": name, "message": base64.b64encode(message).decode(), "expected": expected,
                       "dkimpy": verdict, "log": stream.getvalue()[-1500:]})
    json.dump({"zone": zone, "cases": output}, sys.stdout)


if __name__ == "__main__":
    main()
