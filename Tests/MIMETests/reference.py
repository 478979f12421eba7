#!/usr/bin/env python3
"""Reference decoding of a mail corpus with Python's `email` package (default policy), for the differential
tests of the Swift MIME module. Prints one JSON object: file name -> summary.

Usage: reference.py FILE...

The body and attachment rule mirrors the Swift parser's contract: `text`/`html` are what
`EmailMessage.get_body(('plain',))` / `(('html',))` return; attachments are every other leaf part, walking the
tree without entering message/* parts (an attached message is one attachment).
"""
import email
import email.policy
import hashlib
import json
import sys
from datetime import timezone


def addresses(msg, name):
    header = msg.get(name)
    if header is None:
        return []
    try:
        return [{"name": a.display_name or None, "address": a.addr_spec} for a in header.addresses]
    except Exception as error:  # noqa: BLE001 - a reference must never stop on one bad header
        return [{"error": repr(error)}]


def date(msg):
    header = msg.get("date")
    if header is None:
        return None
    try:
        value = header.datetime
    except Exception:  # noqa: BLE001
        return None
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ids(value):
    if value is None:
        return []
    text = str(value)
    found = []
    current = None
    for char in text:
        if char == "<":
            current = ""
        elif char == ">":
            if current:
                found.append("".join(current.split()))
            current = None
        elif current is not None:
            current += char
    if not found:
        found = [t for t in text.replace(",", " ").split() if "@" in t]
    return found


def normalize(text):
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def content(part):
    try:
        return normalize(part.get_content())
    except Exception as error:  # noqa: BLE001
        return "<error %r>" % (error,)


def leaves(part):
    if part.is_multipart() and part.get_content_maintype() == "multipart":
        for child in part.iter_parts():
            yield from leaves(child)
    else:
        yield part


def summarize(path):
    with open(path, "rb") as handle:
        msg = email.message_from_bytes(handle.read(), policy=email.policy.default)
    text_part = msg.get_body(("plain",))
    html_part = msg.get_body(("html",))
    attachments = []
    for part in leaves(msg):
        if part is text_part or part is html_part:
            continue
        entry = {
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
        }
        if part.get_content_maintype() != "message":
            payload = part.get_payload(decode=True) or b""
            entry["size"] = len(payload)
            entry["sha256"] = hashlib.sha256(payload).hexdigest()
        attachments.append(entry)
    subject = msg.get("subject")
    message_id = ids(msg.get("message-id"))
    return {
        "subject": None if subject is None else str(subject),
        "from": addresses(msg, "from"),
        "to": addresses(msg, "to"),
        "cc": addresses(msg, "cc"),
        "reply_to": addresses(msg, "reply-to"),
        "date": date(msg),
        "message_id": message_id[0] if message_id else None,
        "in_reply_to": ids(msg.get("in-reply-to")),
        "references": ids(msg.get("references")),
        "text": None if text_part is None else content(text_part),
        "html": None if html_part is None else content(html_part),
        "attachments": attachments,
    }


def main():
    result = {}
    for path in sys.argv[1:]:
        name = path.rsplit("/", 1)[-1]
        try:
            result[name] = summarize(path)
        except Exception as error:  # noqa: BLE001
            result[name] = {"error": repr(error)}
    json.dump(result, sys.stdout, sort_keys=True, ensure_ascii=False)


if __name__ == "__main__":
    main()
