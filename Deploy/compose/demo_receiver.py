"""The compose demo's webhook receiver: verifies each request's Standard Webhooks signature with the secret
Mailgate signs with and prints what arrived; 401 for a bad signature, so Mailgate retries and the log shows it."""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

with open("/run/secrets/webhook-secret") as f:
    WEBHOOK = Webhook(f.read().strip())


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        try:
            WEBHOOK.verify(body, {k.lower(): v for k, v in self.headers.items()})
        except WebhookVerificationError as error:
            print(f"REFUSED {self.path}: {error}", flush=True)
            self.send_response(401)
            self.end_headers()
            return
        message = json.loads(body).get("message", {}) if self.headers.get("content-type", "").startswith("application/json") else {}
        print(f"verified {self.headers.get('webhook-id')} {self.path}: subject={message.get('subject')!r} "
              f"from={message.get('from')}", flush=True)
        self.send_response(204)
        self.end_headers()


HTTPServer(("0.0.0.0", 8000), Receiver).serve_forever()
