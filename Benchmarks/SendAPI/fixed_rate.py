#!/usr/bin/env python3
"""POST /v1/messages at a fixed rate over keep-alive connections, wrk2 style: each request has a due time
(start + i / rate) and its latency is measured from that due time, not from when it was written, so a stall
counts against every request queued behind it (no coordinated omission). Debian has wrk but not wrk2, and
its wrk has no -R.

Prints one line: sent=N accepted=N other=N rate=R p50_ms p90_ms p99_ms p999_ms max_ms late_ms."""
import argparse
import asyncio
import collections


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--body", required=True)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    body = open(args.body, "rb").read()
    request = (
        f"POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\nAuthorization: Bearer {args.key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    total = int(args.rate * args.seconds)
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5
    state = {"next": 0, "late": 0.0}
    latencies, statuses = [], collections.Counter()

    async def connection():
        reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
        while state["next"] < total:
            index = state["next"]
            state["next"] += 1
            due = start + index / args.rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                state["late"] = max(state["late"], -delay)
            writer.write(request)
            status = int((await reader.readline()).split()[1])
            length = None
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
                elif name.strip().lower() == b"transfer-encoding":
                    raise SystemExit("fixed_rate.py: chunked responses are not read")
            await reader.readexactly(length or 0)
            latencies.append(loop.time() - due)
            statuses[status] += 1
        writer.close()

    began = loop.time()
    await asyncio.wait_for(asyncio.gather(*(connection() for _ in range(args.connections))), args.seconds + 60)
    elapsed = loop.time() - max(began, start)
    ms = [value * 1000 for value in latencies]
    print(f"sent={len(ms)} accepted={statuses[202]} other={len(ms) - statuses[202]} rate={len(ms) / elapsed:.1f} "
          f"p50_ms={percentile(ms, 0.5):.2f} p90_ms={percentile(ms, 0.9):.2f} p99_ms={percentile(ms, 0.99):.2f} "
          f"p999_ms={percentile(ms, 0.999):.2f} max_ms={max(ms):.2f} client_late_ms={state['late'] * 1000:.2f}")


asyncio.run(main())
