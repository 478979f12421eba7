#!/usr/bin/env python3
"""Reads messages built by the Swift MIME builder with Python's `email` package (default policy) and checks
that it sees what the draft said. Input: a JSON file, a list of {"file": path, "expected": {...}} (the shape
written by BuilderPropertyTests). Prints {"checked": n, "failures": ["file: field: ours vs python", ...]}.

Usage: builder_reference.py CASES.json
"""
import email
import email.policy
import hashlib
import json
import sys
from datetime import timezone


def without_blanks(name):
    # Python's `email` inserts a blank between adjacent encoded words of a display name (RFC 2047 §6.2 says the
    # blank between them is to be ignored, as our parser does) and folds Unicode blanks (NBSP, U+2028…) in
    # phrases: names are compared with every blank removed. Subjects and other unstructured text, where Python
    # follows the RFC, are compared exactly.
    return None if name is None else "".join(name.split())


def addresses(msg, name):
    header = msg.get(name)
    if header is None:
        return []
    return [{"name": without_blanks(a.display_name or None), "address": a.addr_spec} for a in header.addresses]


def text_of(part):
    if part is None:
        return None
    return part.get_content().replace("\r\n", "\n").replace("\r", "\n")


def leaves(part):
    if part.is_multipart():
        for child in part.iter_parts():
            yield from leaves(child)
    else:
        yield part


def check(path, expected):
    failures = []

    for key in ("sender", "subject", "text", "html"):
        expected.setdefault(key, None)
    for attachment in expected["attachments"]:
        attachment.setdefault("content_id", None)
    for name in ("from", "to", "cc", "reply_to"):
        for address in expected[name]:
            address["name"] = without_blanks(address.get("name"))
    if expected["sender"] is not None:
        expected["sender"]["name"] = without_blanks(expected["sender"].get("name"))

    def compare(field, ours, theirs):
        if ours != theirs:
            failures.append("%s: %s: expected %r, python read %r" % (path, field, ours, theirs))

    with open(path, "rb") as handle:
        raw = handle.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for defect in msg.defects:
        failures.append("%s: defect %r" % (path, defect))
    for part in msg.walk():
        if part is not msg:
            for defect in part.defects:
                failures.append("%s: part defect %r" % (path, defect))
    for name in ("from", "to", "cc", "reply_to"):
        compare(name, expected[name], addresses(msg, name.replace("_", "-")))
    sender = addresses(msg, "sender")
    compare("sender", expected["sender"], sender[0] if sender else None)
    subject = msg.get("subject")
    compare("subject", expected["subject"], None if subject is None else str(subject))
    compare("date", expected["date"], msg["date"].datetime.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    compare("message_id", "<" + expected["message_id"] + ">", str(msg["message-id"]).strip())
    text_part = msg.get_body(("plain",))
    html_part = msg.get_body(("html",))
    compare("text", expected["text"], text_of(text_part))
    compare("html", expected["html"], text_of(html_part))
    attachments = []
    for part in leaves(msg):
        if part is text_part or part is html_part:
            continue
        payload = part.get_payload(decode=True) or b""
        attachments.append({
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "sha256": hashlib.sha256(payload).hexdigest(),
            "content_id": (part.get("content-id") or "").strip().strip("<>") or None,
        })
    compare("attachments", expected["attachments"], attachments)
    for header in expected["headers"]:
        values = [str(v) for v in msg.get_all(header["name"], [])]
        compare("header " + header["name"], [header["value"]], values)
    compare("header names", sorted(expected["header_names"]), sorted(k.lower() for k in msg.keys()))
    return failures


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    failures = []
    for case in cases:
        try:
            failures.extend(check(case["file"], case["expected"]))
        except Exception as error:  # noqa: BLE001 - report, do not stop at one message
            failures.append("%s: %r" % (case["file"], error))
    json.dump({"checked": len(cases), "failures": failures}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
