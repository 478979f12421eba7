#!/usr/bin/env python3
"""A real HTTP(S) server for the HTTPClient tests. Binds 127.0.0.1 on a free port and prints
`PORT <n>` once listening. Endpoints:
  POST /echo            200, JSON: method, path, headers, body (base64), client port, protocol
  GET  /status/<code>   that status, with a Retry-After header on 429/503
  GET  /sleep/<ms>      waits, then 200
  GET  /big/<bytes>     200 with that many bytes of 'x'
  GET  /redirect        302 to /echo
"""
import base64, json, ssl, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path == "/echo":
            payload = {
                "method": self.command,
                "path": self.path,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": base64.b64encode(body).decode(),
                "client_port": self.client_address[1],
                "protocol": self.request_version,
            }
            self.reply(200, json.dumps(payload).encode(), [("Content-Type", "application/json")])
        else:
            self.do_GET()

    do_PUT = do_POST

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts[0] == "status":
            code = int(parts[1])
            extra = [("Retry-After", "120")] if code in (429, 503) else []
            self.reply(code, f"status {code}".encode(), extra)
        elif parts[0] == "sleep":
            time.sleep(int(parts[1]) / 1000)
            self.reply(200, b"slept")
        elif parts[0] == "big":
            self.reply(200, b"x" * int(parts[1]))
        elif parts[0] == "redirect":
            self.reply(302, b"", [("Location", "/echo")])
        else:
            self.reply(404, b"not found")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 3:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
