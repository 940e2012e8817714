#!/usr/bin/env python3
"""A fake VoIPbin API for `voiperr diagnose --check`'s tests.

usage: fake_api.py API_JSON LOG   (Python 3 standard library only)

Listens on 127.0.0.1 and on 127.0.0.2, each on a random port, prints
"PORT_1 PORT_2" on one line, and serves until its stdin closes. It answers from
API_JSON (recorded model objects and error envelopes, by path) and appends every
request it gets to LOG as one JSON line: the listener it came to, the method, the
request target as sent, the path, the query and the headers. The second listener
is "another host": a test asserts nothing reaches it. An answer with
"echo_key" says the request's key back wherever its body has "{accesskey}". As an HTTP proxy it
tunnels CONNECT to its own listeners only (recorded, as proxied), and refuses any
other target with 502.
"""
import http.server
import json
import select
import socket
import socketserver
import sys
import threading
import time
import urllib.parse

API = json.load(open(sys.argv[1]))
LOG = sys.argv[2]
LOCK = threading.Lock()


def envelope(status, reason, message, details=None):
    error = {"status": status, "reason": reason, "message": message, "request_id": "req_check"}
    if details is not None:
        error["details"] = details
    return {"error": error}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "voipbin-fake"
    sys_version = ""

    def log_message(self, *args):
        pass

    def record(self, proxied, path, query):
        host, port = self.server.server_address[:2]
        entry = {
            "listener": f"{host}:{port}",
            "method": self.command,
            "target": self.path,
            "path": path,
            "query": query,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "proxied": proxied,
        }
        with LOCK, open(LOG, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def send(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_CONNECT(self):
        self.record(True, self.path, {})
        if self.path not in self.server.others:
            return self.send(502, b"")
        host, port = self.path.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        self.send_response(200, "Connection Established")
        self.end_headers()
        sockets = [self.connection, upstream]
        while True:
            ready, _, _ = select.select(sockets, [], [], 10)
            if not ready:
                break
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    upstream.close()
                    self.close_connection = True
                    return
                (upstream if sock is self.connection else self.connection).sendall(data)
        upstream.close()
        self.close_connection = True

    def do_GET(self):
        target = urllib.parse.urlsplit(self.path)
        proxied = bool(target.scheme)
        query = urllib.parse.parse_qs(target.query)
        self.record(proxied, target.path, query)
        keys = query.get("accesskey", [])
        if len(keys) != 1 or keys[0] not in API["keys"]:
            return self.send(401, envelope("UNAUTHENTICATED", "INVALID_CREDENTIALS", "The access key is not valid."))
        if keys[0] in API["frozen_keys"]:
            frozen = API["frozen"]
            return self.send(403, envelope("PERMISSION_DENIED", "ACCOUNT_FROZEN", "The account is frozen.", frozen))
        answer = API["paths"].get(target.path)
        if answer is None:
            prefix = max((p for p in API["prefixes"] if target.path.startswith(p)), key=len, default=None)
            answer = API["prefixes"][prefix] if prefix else {"status": 404, "error": ["NOT_FOUND", "ROUTE_NOT_FOUND", "No such route."]}
        time.sleep(answer.get("delay", 0))
        headers = list(answer.get("headers", {}).items())
        if "redirect_to_listener" in answer:
            other = self.server.others[answer["redirect_to_listener"]]
            headers.append(("Location", f"http://{other}{target.path}"))
        if "body_bytes" in answer:
            body = b'{"pad":"' + b"x" * answer["body_bytes"] + b'"}'
        elif "error" in answer:
            body = envelope(*answer["error"])
        else:
            body = answer.get("body", {})
        if answer.get("echo_key"):
            # A hostile or careless server that says the key back.
            echoed = json.dumps(keys[0])[1:-1]
            body = json.dumps(body).replace("{accesskey}", echoed).encode()
        self.send(answer["status"], body, headers)

    do_POST = do_PUT = do_DELETE = do_GET


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


servers = [Server((host, 0), Handler) for host in ("127.0.0.1", "127.0.0.2")]
addresses = [f"{s.server_address[0]}:{s.server_address[1]}" for s in servers]
for s in servers:
    s.others = addresses
    threading.Thread(target=s.serve_forever, daemon=True).start()
print(" ".join(str(s.server_address[1]) for s in servers), flush=True)
sys.stdin.read()
