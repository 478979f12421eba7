#!/usr/bin/env python3
"""Runs the SPF corpus through pyspf (the independent reference) against the test DNS server.

Usage: pyspf_check.py CORPUS_JSON PORT. Prints one JSON list: per case, pyspf's result and explanation.
dnspython (pyspf's DNS library) is pointed at 127.0.0.1:PORT only, so nothing reaches the public DNS.
"""
import json
import sys

import dns.resolver
import spf

corpus = json.load(open(sys.argv[1]))
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = ["127.0.0.1"]
resolver.port = int(sys.argv[2])
dns.resolver.default_resolver = resolver

results = []
for case in corpus["cases"]:
    sender = case["sender"] if case["identity"] == "mailfrom" else ""
    # timeout: seconds per lookup (querytime=0: no overall budget), short so that dropped queries end soon.
    result, explanation = spf.check2(i=case["ip"], s=sender, h=case["helo"], timeout=1, querytime=0)
    results.append({"result": result, "explanation": explanation})
print(json.dumps(results))
