#!/usr/bin/env python3
"""A webhook receiver for the end-to-end tests, as a real one would be: it verifies each request's signature
with the Standard Webhooks reference library and appends one JSON line per request to a log.

usage: webhook_receiver.py PORT SECRET LOG BEHAVIOUR

BEHAVIOUR is a JSON file read on every request, so a test can change the answers while the receiver runs:
  {"default": {"status": 200, "delay": 0, "body": ""},
   "by_recipient": {"slow@example.com": {"status": 200, "delay": 3}}}
The rule is chosen by the first envelope recipient of the request (JSON body, or the mailgate-rcpt-to header).
Each log line: {"event": "request"|"answered", "path", "webhook_id", "verified", "status", "content_type",
"headers", "body_base64"}; "request" is written when the request arrives, "answered" after the reply.
Prints "ready" on stdout once listening.
"""
import base64, json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

port, secret, log_path, behaviour_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
webhook = Webhook(secret)
lock = threading.Lock()


def log(entry):
    with lock, open(log_path, "a") as f:
        f.write(json.dumps(entry) + "\n")
        f.flush()


def rule_for(recipient):
    try:
        with open(behaviour_path) as f:
            behaviour = json.load(f)
    except (OSError, ValueError):
        behaviour = {}
    rules = behaviour.get("by_recipient", {})
    return rules.get(recipient) or behaviour.get("default") or {"status": 200}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        try:
            self.handle_post()
        except Exception as error:  # a receiver bug must show in the test's log, not as a dropped connection
            import traceback
            log({"event": "error", "error": repr(error), "trace": traceback.format_exc()})
            raise

    def handle_post(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            webhook.verify(body, headers)
            verified = True
        except WebhookVerificationError:
            verified = False
        except ValueError:
            # The library parses the body as JSON once the signature matched: a raw or multipart body
            # fails only that step.
            verified = True
        recipient = ""
        if headers.get("content-type", "").startswith("application/json"):
            try:
                recipient = (json.loads(body).get("envelope", {}).get("rcpt_to") or [""])[0]
            except ValueError:
                pass
        else:
            recipient = headers.get("mailgate-rcpt-to", "").split(",")[0].strip()
        entry = {"path": self.path, "webhook_id": headers.get("webhook-id"), "verified": verified,
                 "content_type": headers.get("content-type"), "headers": headers,
                 "body_base64": base64.b64encode(body).decode()}
        log(dict(entry, event="request"))
        rule = rule_for(recipient)
        status = rule.get("status", 200) if verified else 401
        time.sleep(rule.get("delay", 0))
        answer = rule.get("body", "").encode()
        try:
            self.send_response(status)
            if "retry_after" in rule:
                self.send_header("retry-after", str(rule["retry_after"]))
            self.send_header("content-type", "text/plain")
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except OSError:
            return  # the client gave up (its timeout): not answered
        log(dict(entry, event="answered", status=status))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", port), Handler)
print("ready", flush=True)
server.serve_forever()
