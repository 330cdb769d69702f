"""A webhook receiver that checks every delivery with the Standard Webhooks reference
implementation (the `standardwebhooks` package), independent of Loket's signing code.

It accepts the signing secrets in --secrets (one per line, re-read on every request, so a
test can rotate them) and appends one JSON line per request to --out:
{"id", "type", "verified", "status", "body"}. The first --fail-first requests are answered
500 (to exercise retries); then 204.

    python webhook_receiver.py --port 9000 --secrets secrets.txt --out deliveries.jsonl
"""
import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secrets", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()
    lock = threading.Lock()
    state = {"requests": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0))).decode("utf-8")
            headers = {key.lower(): value for key, value in self.headers.items()}
            with open(args.secrets) as handle:
                secrets = [line.strip() for line in handle if line.strip()]
            verified = False
            for secret in secrets:
                try:
                    Webhook(secret).verify(body, headers)
                    verified = True
                    break
                except WebhookVerificationError:
                    continue
            with lock:
                state["requests"] += 1
                status = 500 if state["requests"] <= args.fail_first else 204
                event_type = json.loads(body).get("type") if body else None
                record = {"id": headers.get("webhook-id"), "type": event_type, "verified": verified,
                          "status": status, "body": body}
                with open(args.out, "a") as out:
                    out.write(json.dumps(record) + "\n")
            self.send_response(status)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    with open(args.out + ".ready", "w") as ready:
        ready.write("ok")
    server.serve_forever()


if __name__ == "__main__":
    main()
