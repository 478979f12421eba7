#!/usr/bin/env python3
"""Verifies a signed webhook with the Standard Webhooks reference library, as a receiver would.
stdin: JSON {"secret", "headers": {...}, "body_base64"}. Exit 0 and print "verified", or exit 1."""
import base64, json, sys
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

request = json.load(sys.stdin)
try:
    Webhook(request["secret"]).verify(base64.b64decode(request["body_base64"]), request["headers"])
except WebhookVerificationError as error:
    print(f"rejected: {error}")
    sys.exit(1)
print("verified")
