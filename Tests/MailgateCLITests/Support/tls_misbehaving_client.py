"""TLS clients for HTTPTLSTests, written with Python's own ssl and socket modules (an independent reference).

request PORT CA_FILE    one verified HTTP/1.1 request over TLS; prints the ALPN protocol, the TLS version and
                        the status line.
misbehave PORT CA_FILE  clients that break the protocol, several times each; prints, per kind, whether the
                        server closed the connection ("closed by the server"), or, for a client that hangs up
                        itself, that it did ("sent and closed"). "still open" means the server kept a broken
                        connection.
"""

import os
import socket
import ssl
import sys

HOST = "127.0.0.1"
ROUNDS = 10
# Generous: a loaded machine is slow, and only a server that never closes reaches it.
WAIT = 60


def client_hello():
    """The bytes of a real ClientHello, made without a socket."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    connection = context.wrap_bio(incoming, outgoing, server_side=False)
    try:
        connection.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def closed_by_server(sock):
    """Reads until the server closes; True when it did."""
    sock.settimeout(WAIT)
    try:
        while sock.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def request(port, ca_file):
    context = ssl.create_default_context(cafile=ca_file)
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection((HOST, port), timeout=WAIT) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            print(f"alpn={tls.selected_alpn_protocol()} version={tls.version()}")
            tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
            print(answer.split(b"\r\n", 1)[0].decode())


def misbehave(port, _ca_file):
    hello = client_hello()
    kinds = {
        "garbage": lambda s: s.sendall(os.urandom(2048)),
        "plaintext": lambda s: s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        # The client hangs up half way through its ClientHello, or right after it.
        "half-hello": lambda s: s.sendall(hello[: len(hello) // 2]),
        "hello-then-close": lambda s: s.sendall(hello),
        # A ClientHello, then an application-data record of random bytes where the handshake should go on.
        "bad-record": lambda s: (s.sendall(hello), s.recv(65536), s.sendall(b"\x17\x03\x03\x00\x40" + os.urandom(64))),
    }
    hangs_up = {"half-hello", "hello-then-close"}
    for kind, act in kinds.items():
        outcomes = set()
        for _ in range(ROUNDS):
            with socket.create_connection((HOST, port), timeout=WAIT) as sock:
                act(sock)
                if kind in hangs_up:
                    outcomes.add("sent and closed")
                else:
                    outcomes.add("closed by the server" if closed_by_server(sock) else "still open")
        for outcome in sorted(outcomes):
            print(f"{kind}: {outcome}")


if __name__ == "__main__":
    command, port, ca_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"request": request, "misbehave": misbehave}[command](port, ca_file)
