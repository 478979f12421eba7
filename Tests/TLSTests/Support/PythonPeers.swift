import Foundation

/// Python `ssl` peers for interop tests, written next to the test certificates.
enum PythonPeers {
    /// argv: port cafile version("1.2"|"1.3"). Talks to `LineServerHandler`, answers the server's
    /// close_notify with its own (`unwrap`), prints a JSON summary.
    static let client = """
        import json, socket, ssl, sys
        port, cafile, version = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        v = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]
        ctx = ssl.create_default_context(cafile=cafile)
        ctx.minimum_version = v
        ctx.maximum_version = v
        raw = socket.create_connection(("127.0.0.1", port), timeout=20)
        s = ctx.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False)
        def line():
            out = b""
            while not out.endswith(b"\\n"):
                chunk = s.recv(1)
                if not chunk:
                    break
                out += chunk
            return out.decode()
        greeting = line()
        s.sendall(b"hello python\\r\\n")
        reply = line()
        s.sendall(b"QUIT\\r\\n")
        bye = line()
        clean = s.recv(100) == b""   # b"" only on close_notify; a ragged EOF raises SSLEOFError
        version_seen, cipher = s.version(), s.cipher()[0]
        s.unwrap()
        print(json.dumps({"greeting": greeting, "reply": reply, "bye": bye, "clean": clean,
                          "version": version_seen, "cipher": cipher}))
        """

    /// argv: certfile keyfile version. Prints its port, serves one connection: echoes one line as
    /// "echo: <line>", then waits for the client's close_notify and answers it; prints a JSON summary.
    static let server = """
        import json, socket, ssl, sys
        certfile, keyfile, version = sys.argv[1], sys.argv[2], sys.argv[3]
        v = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(certfile, keyfile)
        ctx.minimum_version = v
        ctx.maximum_version = v
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        print("PORT", srv.getsockname()[1], flush=True)
        conn, _ = srv.accept()
        conn.settimeout(20)
        s = ctx.wrap_socket(conn, server_side=True, suppress_ragged_eofs=False)
        data = b""
        while not data.endswith(b"\\n"):
            data += s.recv(100)
        s.sendall(b"echo: " + data)
        clean = s.recv(100) == b""
        version_seen = s.version()
        s.unwrap()
        print(json.dumps({"line": data.decode(), "clean": clean, "version": version_seen}), flush=True)
        """

    /// argv: port. Pipelines a command behind STARTTLS and prints the server's answer.
    static let pipeliningClient = """
        import socket, sys
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
        f = s.makefile("rb")
        f.readline()
        s.sendall(b"EHLO evil\\r\\n")
        f.readline(); f.readline()
        s.sendall(b"STARTTLS\\r\\nMAIL FROM:<evil@example.com>\\r\\n")
        print(f.readline().decode().strip())
        print("EOF" if f.readline() == b"" else "OPEN")
        """

    static func write(_ script: String, named name: String) throws -> String {
        let path = TestPKI.shared.path(name)
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension PythonPeers {
    /// argv: port cafile mode. "ragged": handshake, send a line, close TCP without close_notify.
    /// "handshake-eof": send the first bytes of a ClientHello, then close.
    static let abruptClient = """
        import os, socket, ssl, sys
        port, cafile, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        raw = socket.create_connection(("127.0.0.1", port), timeout=20)
        if mode == "ragged":
            ctx = ssl.create_default_context(cafile=cafile)
            s = ctx.wrap_socket(raw, server_hostname="localhost")
            s.sendall(b"hello\\r\\n")
            seen = b""
            while b"250 HELLO" not in seen:   # read everything so the close is a FIN, not a RST
                seen += s.recv(100)
            os.close(s.detach())   # the bare descriptor: no close_notify
        else:
            raw.sendall(bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]))
            raw.close()
        print("done")
        """
}
