#!/usr/bin/python3
"""fake_webhook.py: a loopback webhook receiver for the notify tests.

Python 3 standard library only. Binds 127.0.0.1 on a free port, prints the
port on the first line of stdout (flushed), then serves until killed. Every
POST (except control requests) is appended to the JSONL file given with
--log as {"path", "query", "headers", "body", "status"} (body as text).

Failures, to exercise retries:
  --fail N              answer the first N requests with HTTP 500
  POST /_control/fail/N         the next N requests get HTTP 500
  POST /_control/errcode/N      the next N get 200 {"errcode":93000,...}
                                (how WeCom and DingTalk refuse a message)
  POST /_control/failpath/S     every request whose path contains S gets
                                HTTP 500 until cleared (S "-": none), so
                                one route fails while the others work
Control requests are not logged. Every other request gets 200 with
{"errcode":0,"errmsg":"ok"}.

Usage: fake_webhook.py --log FILE [--fail N]
"""
import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class State:
    def __init__(self, log, fail):
        self.log = log
        self.fail = fail
        self.errcode = 0
        self.failpath = None
        self.lock = threading.Lock()


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):  # keep stderr quiet
            pass

        def reply(self, status, body):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            url = urlsplit(self.path)
            parts = url.path.strip("/").split("/")
            if len(parts) == 3 and parts[0] == "_control":
                with state.lock:
                    if parts[1] == "fail":
                        state.fail = int(parts[2])
                    elif parts[1] == "errcode":
                        state.errcode = int(parts[2])
                    elif parts[1] == "failpath":
                        state.failpath = None if parts[2] == "-" else parts[2]
                self.reply(200, "{}")
                return
            with state.lock:
                if state.failpath and state.failpath in url.path:
                    status, answer = 500, '{"error":"injected failure"}'
                elif state.fail > 0:
                    state.fail -= 1
                    status, answer = 500, '{"error":"injected failure"}'
                elif state.errcode > 0:
                    state.errcode -= 1
                    status, answer = 200, '{"errcode":93000,"errmsg":"invalid webhook url"}'
                else:
                    status, answer = 200, '{"errcode":0,"errmsg":"ok"}'
                record = {
                    "path": url.path,
                    "query": url.query,
                    "headers": {k: v for k, v in self.headers.items()},
                    "body": body,
                    "status": status,
                }
                with open(state.log, "a", encoding="utf-8") as f:
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.reply(status, answer)

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--fail", type=int, default=0)
    args = ap.parse_args()
    state = State(args.log, args.fail)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
