#!/usr/bin/env python3
"""An authoritative DNS server on 127.0.0.1 for the DNS and SPF tests, built on dnslib's message codec.

Usage: dns_test_server.py ZONE_JSON QUERY_LOG. Binds UDP and TCP on one free port and prints it. The zone file is
read again whenever it changes, so a test can edit it while the server runs:

  {"records": [[name, type, value, ttl?], ...],   # A, AAAA, MX ([pref, host]), PTR, CNAME, TXT (str or [str])
   "timeout": [name, ...],        # queries for these names are dropped (the client times out)
   "servfail": [name, ...],       # answered with SERVFAIL
   "authenticated": [name, ...],  # answers carry the AD bit when the query set AD or DO (RFC 6840 5.7)
   "negative_ttl": 60}            # the SOA's TTL and MINIMUM in negative answers

UDP answers larger than the client's EDNS payload size (512 without EDNS) are sent truncated (TC, no records),
so the client must retry over TCP. Every query is logged as "name type udp|tcp" to QUERY_LOG.
"""
import json
import os
import socket
import socketserver
import struct
import sys
import threading

from dnslib import AAAA, CNAME, MX, PTR, QTYPE, RCODE, RR, SOA, TXT, A, DNSRecord

zone_path, log_path = sys.argv[1], sys.argv[2]
zone_lock = threading.Lock()
zone_state = {"mtime": None, "zone": {}}


def load_zone():
    with zone_lock:
        mtime = os.stat(zone_path).st_mtime_ns
        if zone_state["mtime"] != mtime:
            with open(zone_path) as f:
                zone_state["zone"] = json.load(f)
            zone_state["mtime"] = mtime
        return zone_state["zone"]


def norm(name):
    return str(name).lower().rstrip(".")


def rdata(rtype, value):
    if rtype == "A":
        return A(value)
    if rtype == "AAAA":
        return AAAA(value)
    if rtype == "MX":
        return MX(value[1], value[0])
    if rtype == "PTR":
        return PTR(value)
    if rtype == "CNAME":
        return CNAME(value)
    if rtype == "TXT":
        strings = value if isinstance(value, list) else [value]
        chunks = []
        for s in strings:
            data = s.encode()
            chunks += [data[i:i + 255] for i in range(0, len(data), 255)] or [b""]
        return TXT(chunks)
    raise ValueError(rtype)


def answer(data, protocol):
    zone = load_zone()
    request = DNSRecord.parse(data)
    question = request.q
    qname, qtype = norm(question.qname), QTYPE[question.qtype]
    with open(log_path, "a") as log:
        log.write(f"{qname} {qtype} {protocol}\n")
    if qname in [norm(n) for n in zone.get("timeout", [])]:
        return None
    reply = request.reply()
    reply.header.ra = 1
    reply.header.ad = 0  # reply() copies the query's flags, AD among them
    if qname in [norm(n) for n in zone.get("servfail", [])]:
        reply.header.rcode = RCODE.SERVFAIL
        return reply
    records = [(norm(r[0]), r[1], r[2], r[3] if len(r) > 3 else zone.get("ttl", 300)) for r in zone.get("records", [])]
    name = qname
    for _ in range(8):
        matching = [r for r in records if r[0] == name and r[1] == qtype]
        if matching:
            for owner, rtype, value, ttl in matching:
                reply.add_answer(RR(owner, getattr(QTYPE, rtype), rdata=rdata(rtype, value), ttl=ttl))
            break
        alias = [r for r in records if r[0] == name and r[1] == "CNAME"]
        if not alias or qtype == "CNAME":
            break
        owner, rtype, value, ttl = alias[0]
        reply.add_answer(RR(owner, QTYPE.CNAME, rdata=CNAME(value), ttl=ttl))
        name = norm(value)
    if not reply.rr:
        exists = any(r[0] == name or r[0].endswith("." + name) for r in records)
        if not exists:
            reply.header.rcode = RCODE.NXDOMAIN
        negative = zone.get("negative_ttl", 60)
        apex = ".".join(name.split(".")[-2:])
        reply.add_auth(RR(apex, QTYPE.SOA, ttl=negative,
                          rdata=SOA("ns." + apex, "hostmaster." + apex, (1, 3600, 600, 86400, negative))))
    ad_requested = request.header.ad or any(rr.rtype == QTYPE.OPT and (rr.ttl & 0x8000) for rr in request.ar)
    if ad_requested and norm(question.qname) in [norm(n) for n in zone.get("authenticated", [])]:
        reply.header.ad = 1
    return reply


def udp_limit(data):
    request = DNSRecord.parse(data)
    for rr in request.ar:
        if rr.rtype == QTYPE.OPT:
            return max(512, rr.rclass)
    return 512


class UDPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        reply = answer(data, "udp")
        if reply is None:
            return
        packed = reply.pack()
        if len(packed) > udp_limit(data):
            # The question stays (dnslib's truncate() drops it, and clients match replies by it).
            truncated = DNSRecord.parse(data).reply()
            truncated.header.tc = 1
            truncated.header.ra = 1
            packed = truncated.pack()
        sock.sendto(packed, self.client_address)


class TCPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            header = self.request.recv(2)
            if len(header) < 2:
                return
            (length,) = struct.unpack("!H", header)
            data = b""
            while len(data) < length:
                chunk = self.request.recv(length - len(data))
                if not chunk:
                    return
                data += chunk
            reply = answer(data, "tcp")
            if reply is None:
                return
            packed = reply.pack()
            self.request.sendall(struct.pack("!H", len(packed)) + packed)


class ThreadingUDP(socketserver.ThreadingMixIn, socketserver.UDPServer):
    daemon_threads = True


class ThreadingTCP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


for _ in range(50):
    udp = ThreadingUDP(("127.0.0.1", 0), UDPHandler)
    port = udp.server_address[1]
    try:
        tcp = ThreadingTCP(("127.0.0.1", port), TCPHandler)
        break
    except OSError:
        udp.server_close()
else:
    sys.exit("no port free for both UDP and TCP")

threading.Thread(target=tcp.serve_forever, daemon=True).start()
print(port, flush=True)
try:
    udp.serve_forever()
except KeyboardInterrupt:
    pass
