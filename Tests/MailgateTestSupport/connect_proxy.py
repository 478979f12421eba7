#!/usr/bin/env python3
"""A small HTTP CONNECT proxy for the tests: binds 127.0.0.1:<port>, prints `ready` once it listens, and
appends one line per event to <log>: `accepted` for every client connection, `CONNECT <target>` for every
tunnel asked for, `refused <request line>` for anything that is not CONNECT (Mailgate always tunnels), and
`failed <target>` when the target cannot be reached (answered 502).
Usage: connect_proxy.py PORT LOG
"""
import select, socket, sys, threading

port, log_path = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()


def record(line):
    with lock, open(log_path, "a") as log:
        log.write(line + "\n")


def relay(client, upstream):
    sockets = [client, upstream]
    try:
        while True:
            readable, _, _ = select.select(sockets, [], [], 60)
            if not readable:
                return
            for source in readable:
                data = source.recv(65536)
                if not data:
                    return
                (upstream if source is client else client).sendall(data)
    except OSError:
        return
    finally:
        client.close()
        upstream.close()


def handle(client):
    record("accepted")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(4096)
        if not chunk:
            client.close()
            return
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    request_line = head.split(b"\r\n")[0].decode("latin-1")
    parts = request_line.split(" ")
    if len(parts) != 3 or parts[0] != "CONNECT":
        record("refused " + request_line)
        client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        client.close()
        return
    target = parts[1]
    record("CONNECT " + target)
    host, _, target_port = target.rpartition(":")
    try:
        upstream = socket.create_connection((host.strip("[]"), int(target_port)), timeout=5)
    except (OSError, ValueError):
        record("failed " + target)
        client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        client.close()
        return
    upstream.settimeout(None)
    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    if rest:
        upstream.sendall(rest)
    relay(client, upstream)


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(64)
print("ready", flush=True)
while True:
    connection, _ = server.accept()
    threading.Thread(target=handle, args=(connection,), daemon=True).start()
