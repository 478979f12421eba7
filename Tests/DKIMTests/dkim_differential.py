#!/usr/bin/env python3
"""The DKIM differential corpus: messages signed by dkimpy (and by Mailgate's signer), broken in every position,
each verified by dkimpy against an in-memory zone (its `dnsfunc` hook: no network).

Usage: dkim_differential.py INPUT.json
INPUT.json: {"now": seconds, "keys": {"rsa1024"|"rsa2048"|"rsa4096"|"ed25519": {"pem", "txt"}},
             "ours": [{"name", "message": base64, "body_length": bool}]}
Prints {"zone": {name: record | "TIMEOUT"}, "cases": [{"name", "message": base64, "expected": [verdict...],
"dkimpy": [bool...], "log"}]}: `expected` is the verdict each signature must get from Mailgate's verifier (RFC 6376
as we read it), `dkimpy` what dkimpy says, per signature, top to bottom. A name missing from the zone is NXDOMAIN.
"""
import base64
import hashlib
import io
import json
import logging
import re
import subprocess
import sys

import dkim
import dkim.crypto
import nacl.signing
from cryptography.hazmat.primitives import serialization

sys.dont_write_bytecode = True  # no __pycache__ beside the tests for the import below
from dkim_test_zone import dnsfunc_for  # noqa: E402
from dkim.canonicalization import CanonicalizationPolicy

DOMAIN = b"example.com"
HEADERS = [b"from", b"to", b"subject", b"date", b"message-id"]

BASE = (
    b"Received: from client.example.org by mx.example.com; Thu, 3 Dec 2026 10:00:01 +0000\r\n"
    b"From: Alice Example <alice@example.com>\r\n"
    b"To: Bob <bob@example.org>\r\n"
    b"Subject: Quarterly   report\r\n"
    b"Date: Thu, 3 Dec 2026 10:00:00 +0000\r\n"
    b"Message-ID: <diff.1@example.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Hello Bob,\r\n"
    b"\r\n"
    b"the numbers   are in.  \t\r\n"
    b" Indented line\r\n"
    b"\r\n"
    b"Alice\r\n"
    b"\r\n"
    b"\r\n"
)


def seed_of(pem):
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def traditional_pem(pem):
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())


def rsa512():
    # cryptography refuses to make keys this small; OpenSSL's command line still does.
    generated = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:512"],
                               check=True, capture_output=True).stdout
    key = serialization.load_pem_private_key(generated, password=None)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem, "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def dkimpy_sign(message, key, selector, canon, length=False, identity=None):
    algorithm = b"ed25519-sha256" if "seed" in key else b"rsa-sha256"
    private = base64.b64encode(key["seed"]) if "seed" in key else key["traditional"]
    field = dkim.sign(message, selector.encode(), DOMAIN, private, identity=identity, canonicalize=canon,
                      include_headers=HEADERS, length=length, signature_algorithm=algorithm)
    return field + message


def craft(message, key, tags, include, canon=b"relaxed/relaxed", length=None, algorithm=None):
    """A signature with tags dkimpy's signer refuses to write (x=, t=s cases, h= without From, odd l=), computed
    with dkimpy's own canonicalization, header selection and RSA code."""
    headers, body = dkim.rfc822_parse(message)
    policy = CanonicalizationPolicy.from_c_value(canon)
    canonical = policy.canonicalize_body(body)
    if length is not None:
        canonical = canonical[:length]
    bh = base64.b64encode(hashlib.sha256(canonical).digest())
    alg = algorithm or (b"ed25519-sha256" if "seed" in key else b"rsa-sha256")
    value = b" v=1; a=" + alg + b"; c=" + canon + b"; d=" + DOMAIN + b";\r\n\t" + b"; ".join(tags)
    if length is not None:
        value += b"; l=" + str(length).encode() if not any(t.startswith(b"l=") for t in tags) else b""
    value += b";\r\n\th=" + b":".join(include) + b"; bh=" + bh + b";\r\n\tb="
    hasher = hashlib.sha256()
    sig = dkim.util.parse_tag_value(value)
    dkim.hash_headers(hasher, policy, policy.canonicalize_headers(headers), list(include), (b"DKIM-Signature", value), sig)
    if "seed" in key:
        signature = nacl.signing.SigningKey(key["seed"]).sign(hasher.digest()).signature
    else:
        signature = dkim.crypto.RSASSA_PKCS1_v1_5_sign(hasher, dkim.crypto.parse_pem_private_key(key["traditional"]))
    return b"DKIM-Signature:" + value + base64.b64encode(signature) + b"\r\n" + message


def split(message):
    end = message.index(b"\r\n\r\n")
    return message[: end + 2], message[end + 2 :]


def tamperings(relaxed_header, relaxed_body, with_length):
    """(name, change, verdict): what each change does to one signature over HEADERS."""
    def header_change(old, new):
        def change(message):
            header, body = split(message)
            assert old in header, old
            return header.replace(old, new, 1) + body
        return change

    def body_change(old, new):
        def change(message):
            header, body = split(message)
            assert old in body, old
            return header + body.replace(old, new, 1)
        return change

    def prepend(field):
        return lambda message: field + message

    def append_header(field):
        def change(message):
            header, body = split(message)
            return header + field + body
        return change

    def tag_change(tag):
        return lambda message: tag_flip(message, 0, tag)

    return [
        ("intact", lambda m: m, "pass"),
        ("signed header changed", header_change(b"Subject: Quarterly", b"Subject: Quarterly revised"), "fail"),
        ("signed header added below", append_header(b"Subject: injected\r\n"), "fail"),
        ("signed header added above", prepend(b"Subject: injected above\r\n"), "pass"),
        ("unsigned header added", append_header(b"X-Mailer: relay\r\n"), "pass"),
        ("signed header refolded", header_change(b"Subject: Quarterly   report", b"Subject:  Quarterly\r\n\treport"),
         "pass" if relaxed_header else "fail"),
        ("header name case changed", header_change(b"Subject:", b"SUBJECT:"), "pass" if relaxed_header else "fail"),
        ("body byte changed", body_change(b"numbers", b"Numbers"), "fail"),
        ("body whitespace changed", body_change(b"are in.", b"are  in.   "), "pass" if relaxed_body else "fail"),
        ("empty lines added at the end", lambda m: m + b"\r\n\r\n", "pass"),
        ("body extended", lambda m: m + b"P.S. wire the money to account 1234\r\n", "pass" if with_length else "fail"),
        ("b= tampered", tag_change(b"b"), "fail"),
        ("bh= tampered", tag_change(b"bh"), "fail"),
        ("second From above", prepend(b"From: Mallory <mallory@evil.example>\r\n"), "permerror"),
        ("second From below", append_header(b"From: Mallory <mallory@evil.example>\r\n"), "permerror"),
    ]


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        given = json.load(handle)
    now = given["now"]
    keys = {}
    zone = {}
    for name, key in given["keys"].items():
        entry = {"txt": key["txt"]}
        if name.startswith("ed25519"):
            entry["seed"] = seed_of(key["pem"])
        else:
            entry["traditional"] = traditional_pem(key["pem"])
        keys[name] = entry
        zone[name + "._domainkey.example.com"] = key["txt"]
    pem512, txt512 = rsa512()
    keys["rsa512"] = {"traditional": pem512, "txt": txt512}
    zone["rsa512._domainkey.example.com"] = txt512
    zone["revoked._domainkey.example.com"] = "v=DKIM1; k=rsa; p="
    zone["strict._domainkey.example.com"] = keys["rsa2048"]["txt"] + "; t=s"
    zone["wrong._domainkey.example.com"] = keys["rsa1024"]["txt"]
    zone["timeout._domainkey.example.com"] = "TIMEOUT"
    zone["garbage._domainkey.example.com"] = "v=DKIM1; k=rsa; p=not base64!"

    cases = []

    def add(name, message, expected):
        cases.append({"name": name, "message": message, "expected": expected})

    # dkimpy's signer: both algorithms, every canonicalization, with and without l=.
    for key_name in ("rsa2048", "ed25519"):
        for canon in (b"simple/simple", b"relaxed/relaxed", b"relaxed/simple", b"simple/relaxed"):
            for length in (False, True):
                header_c, body_c = canon.split(b"/")
                signed = dkimpy_sign(BASE, keys[key_name], key_name, (header_c, body_c), length=length)
                for label, change, verdict in tamperings(header_c == b"relaxed", body_c == b"relaxed", length):
                    add("dkimpy %s %s%s: %s" % (key_name, canon.decode(), " l=" if length else "", label), change(signed), [verdict])
    for key_name in ("rsa1024", "rsa4096"):
        signed = dkimpy_sign(BASE, keys[key_name], key_name, (b"relaxed", b"relaxed"))
        add("dkimpy %s: intact" % key_name, signed, ["pass"])
        add("dkimpy %s: body byte changed" % key_name, signed.replace(b"numbers", b"Numbers"), ["fail"])

    # Mailgate's signer (relaxed/relaxed, From signed twice): the same changes.
    for ours in given["ours"]:
        signed = base64.b64decode(ours["message"])
        for label, change, verdict in tamperings(True, True, False):
            if label in ("signed header changed", "signed header refolded", "signed header added below", "signed header added above", "body byte changed", "body whitespace changed"):
                continue  # these assume BASE's text; ours are built by the Swift test with their own text
            add("ours %s: %s" % (ours["name"], label), change(signed), [verdict])
        add("ours %s: subject changed" % ours["name"], signed.replace(b"Subject: ", b"Subject: Re: ", 1), ["fail"])

    # Crafted signatures: tags dkimpy's signer will not write, keys and DNS answers in every state.
    rsa2048, ed = keys["rsa2048"], keys["ed25519"]
    t = str(now).encode()
    add("expired x=", craft(BASE, rsa2048, [b"s=rsa2048", b"t=" + str(now - 3 * 86400).encode(), b"x=" + str(now - 2 * 86400).encode()], HEADERS), ["neutral"])
    add("x= in the future", craft(BASE, rsa2048, [b"s=rsa2048", b"t=" + t, b"x=" + str(now + 86400).encode()], HEADERS), ["pass"])
    add("x= before t=", craft(BASE, rsa2048, [b"s=rsa2048", b"t=" + str(now + 100).encode(), b"x=" + str(now + 50).encode()], HEADERS), ["neutral"])
    add("wrong key", craft(BASE, rsa2048, [b"s=wrong"], HEADERS), ["fail"])
    add("key revoked (empty p=)", craft(BASE, rsa2048, [b"s=revoked"], HEADERS), ["permerror"])
    add("key record not base64", craft(BASE, rsa2048, [b"s=garbage"], HEADERS), ["permerror"])
    add("key t=s, i= in a subdomain", craft(BASE, rsa2048, [b"s=strict", b"i=alice@mail.example.com"], HEADERS), ["permerror"])
    add("key t=s, i= in d= itself", craft(BASE, rsa2048, [b"s=strict", b"i=alice@example.com"], HEADERS), ["pass"])
    add("i= in a subdomain", craft(BASE, rsa2048, [b"s=rsa2048", b"i=@mail.example.com"], HEADERS), ["pass"])
    add("i= outside d=", craft(BASE, rsa2048, [b"s=rsa2048", b"i=@example.org"], HEADERS), ["neutral"])
    add("h= without From", craft(BASE, rsa2048, [b"s=rsa2048"], [b"to", b"subject", b"date"]), ["neutral"])
    add("h= naming an absent field", craft(BASE, rsa2048, [b"s=rsa2048"], HEADERS + [b"reply-to"]), ["pass"])
    add("h= naming an absent field, then added", append_header_bytes(craft(BASE, rsa2048, [b"s=rsa2048"], HEADERS + [b"reply-to"]), b"Reply-To: mallory@evil.example\r\n"), ["fail"])
    add("h= listing From twice", craft(BASE, ed, [b"s=ed25519"], HEADERS + [b"from"]), ["pass"])
    add("unknown algorithm", craft(BASE, rsa2048, [b"s=rsa2048"], HEADERS, algorithm=b"rsa-sha512"), ["neutral"])
    add("rsa-sha1 (RFC 8301: no longer valid)", craft(BASE, rsa2048, [b"s=rsa2048"], HEADERS, algorithm=b"rsa-sha1"), ["neutral"])
    add("key type not the algorithm's", craft(BASE, ed, [b"s=rsa2048"], HEADERS), ["permerror"])
    add("512-bit RSA key", craft(BASE, keys["rsa512"], [b"s=rsa512"], HEADERS), ["permerror"])
    add("DNS timeout", craft(BASE, rsa2048, [b"s=timeout"], HEADERS), ["temperror"])
    add("DNS timeout, body changed too", craft(BASE, rsa2048, [b"s=timeout"], HEADERS).replace(b"numbers", b"Numbers"), ["temperror"])
    add("NXDOMAIN", craft(BASE, rsa2048, [b"s=missing"], HEADERS), ["permerror"])
    canonical_length = len(CanonicalizationPolicy.from_c_value(b"relaxed/relaxed").canonicalize_body(split(BASE)[1][2:]))
    add("l=0, body replaced", craft(BASE, rsa2048, [b"s=rsa2048"], HEADERS, length=0).replace(b"the numbers", b"new text: the numbers"), ["pass"])
    add("l= past the body", craft(BASE, rsa2048, [b"s=rsa2048", b"l=" + str(canonical_length + 100).encode()], HEADERS), ["permerror"])
    add("l= within the body, content appended", craft(BASE, rsa2048, [b"s=rsa2048"], HEADERS, length=10) + b"appended\r\n", ["pass"])
    two = craft(dkimpy_sign(BASE, ed, "ed25519", (b"relaxed", b"relaxed")), rsa2048, [b"s=rsa2048"], HEADERS)
    add("two signatures", two, ["pass", "pass"])
    add("two signatures, the second broken", tag_flip(two, 1), ["pass", "fail"])
    add("two signatures, one key missing", craft(dkimpy_sign(BASE, ed, "ed25519", (b"relaxed", b"relaxed")), rsa2048, [b"s=missing"], HEADERS), ["permerror", "pass"])

    dnsfunc = dnsfunc_for(zone)

    output = []
    for case in cases:
        message = case["message"]
        stream = io.StringIO()
        logger = logging.getLogger("dkim-diff")
        logger.handlers = [logging.StreamHandler(stream)]
        logger.setLevel(logging.DEBUG)
        verdicts = []
        for index in range(len(case["expected"])):
            try:
                verdicts.append(bool(dkim.DKIM(message, logger=logger).verify(idx=index, dnsfunc=dnsfunc)))
            except Exception as error:  # noqa: BLE001 - dkimpy raises for what it refuses: not valid
                stream.write("%r\n" % error)
                verdicts.append(False)
        output.append({"name": case["name"], "message": base64.b64encode(message).decode(), "expected": case["expected"],
                       "dkimpy": verdicts, "log": stream.getvalue()[-1500:]})
    json.dump({"zone": zone, "cases": output}, sys.stdout)


def append_header_bytes(message, field):
    header, body = split(message)
    return header + field + body


def tag_flip(message, which, tag=b"b"):
    """Changes the first character of the value of the `which`-th (0-based) `tag=` in the message."""
    match = list(re.finditer(rb"[\s;]" + tag + rb"=\s*", message))[which]
    start = match.end()
    return message[:start] + (b"A" if message[start:start + 1] != b"A" else b"B") + message[start + 1:]


if __name__ == "__main__":
    main()
