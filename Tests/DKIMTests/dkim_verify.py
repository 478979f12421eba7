#!/usr/bin/env python3
"""Verifies DKIM signatures with dkimpy, the public key served by its `dnsfunc` hook (no network).

Usage: dkim_verify.py CASES.json
CASES.json: a list of {"file": message path, "name": "<selector>._domainkey.<domain>", "txt": key record}.
Prints a JSON list, one {"file", "valid": bool, "log": str} per case.
"""
import io
import json
import logging
import sys

import dkim


def verify(case):
    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode()
        if name.rstrip(".") != case["name"]:
            return None
        return case["txt"].encode()

    stream = io.StringIO()
    logger = logging.getLogger("dkim-%s" % case["file"])
    logger.addHandler(logging.StreamHandler(stream))
    logger.setLevel(logging.DEBUG)
    with open(case["file"], "rb") as handle:
        message = handle.read()
    try:
        valid = dkim.verify(message, logger=logger, dnsfunc=dnsfunc)
    except Exception as error:  # noqa: BLE001 - reported as invalid with the reason
        stream.write(repr(error))
        valid = False
    return {"file": case["file"], "valid": bool(valid), "log": stream.getvalue()[-2000:]}


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    json.dump([verify(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
