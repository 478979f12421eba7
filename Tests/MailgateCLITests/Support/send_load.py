#!/usr/bin/env python3
"""A bounded load client for the send API: COUNT requests to POST /v1/messages over CONCURRENCY keep-alive
connections, each with an `X-Seq: N` header so a test can find every message at the upstream.

Usage: send_load.py BASE_URL API_KEY COUNT CONCURRENCY. Prints one JSON line: {"accepted": n, "refused": {...}}
(refused: status → count, 0 for transport errors), then exits 0.
"""
import http.client
import json
import sys
import threading
import urllib.parse


def main():
    base, key, count, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    url = urllib.parse.urlsplit(base)
    lock = threading.Lock()
    next_index = [0]
    accepted = [0]
    refused = {}

    def worker():
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        while True:
            with lock:
                index = next_index[0]
                if index >= count:
                    break
                next_index[0] += 1
            body = json.dumps({
                "from": "load@example.com", "to": ["rcpt%d@example.net" % (index % 50)],
                "subject": "load %d" % index, "text": "message %d\n" % index + "x" * 4000,
                "headers": {"X-Seq": str(index)},
            })
            try:
                connection.request("POST", "/v1/messages", body, {
                    "Authorization": "Bearer " + key, "Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
                status = 0
            with lock:
                if status == 202:
                    accepted[0] += 1
                else:
                    refused[str(status)] = refused.get(str(status), 0) + 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"accepted": accepted[0], "refused": refused}), flush=True)


if __name__ == "__main__":
    main()
