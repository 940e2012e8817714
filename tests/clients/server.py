#!/usr/bin/env python3
"""A local server that answers like VoIPbin, for capturing real clients' output.

usage: server.py PORT   (binds 127.0.0.1 only; stops on SIGTERM or when stdin closes)

Each route answers one kind of VoIPbin failure, as server-behaviour.md and the
catalog README describe them. Envelopes are gzip-compressed when the client
asks for it (Accept-Encoding: gzip).
"""
import gzip
import http.server
import json
import sys
import threading

NGINX_502 = b"""<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""


def envelope(status, reason, message, request_id, details=None):
    error = {"status": status, "reason": reason, "message": message, "request_id": request_id}
    if details is not None:
        error["details"] = details
    return json.dumps({"error": error}).encode()


# path prefix -> (HTTP code, reason phrase, body, extra headers, chunked)
ROUTES = {
    "/v1.0/calls/": (404, "Not Found", envelope("NOT_FOUND", "CALL_NOT_FOUND", "The call was not found.", "req_call404"), {}, False),
    "/v1.0/calls": (429, "Too Many Requests", envelope("RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED", "Rate limit exceeded.", "req_rl429", [{"limited_by": "ip"}]), {"Retry-After": "17"}, True),
    "/v1.0/billing_accounts": (403, "Forbidden", envelope("PERMISSION_DENIED", "ACCOUNT_FROZEN", "The account is frozen.", "req_frozen", [{"deletion_scheduled_at": "2026-11-01T00:00:00Z", "deletion_effective_at": "2026-12-01T00:00:00Z", "recovery_endpoint": "DELETE /auth/unregister"}]), {}, False),
    "/auth/login": (400, "Bad Request", b"", {}, False),
    "/v1.0/agents": (502, "Bad Gateway", NGINX_502, {"Content-Type": "text/html"}, False),
    "/v1.0/flows": (400, "Bad Request", json.dumps({"msg": "Query argument page_size is required, but not found"}).encode(), {}, False),
    "/v1.0/queues": (500, "Internal Server Error", envelope("INTERNAL", "INTERNAL", "Internal server error.", "req_int500"), {}, False),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "voipbin-lookalike"
    sys_version = ""

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        return "Tue, 24 Nov 2026 10:00:00 GMT"  # fixtures stay the same from run to run

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?")[0]
        route = next((ROUTES[p] for p in sorted(ROUTES, key=len, reverse=True) if path.startswith(p)), None)
        if route is None:
            code, phrase, body, extra, chunked = 404, "Not Found", envelope("NOT_FOUND", "ROUTE_NOT_FOUND", "No such route.", "req_route"), {}, False
        else:
            code, phrase, body, extra, chunked = route
        request_id = json.loads(body)["error"]["request_id"] if body.startswith(b'{"error"') else None
        gzipped = body and "gzip" in (self.headers.get("Accept-Encoding") or "") and body.startswith(b"{")
        if gzipped:
            body = gzip.compress(body, mtime=0)
        self.send_response(code, phrase)
        self.send_header("Content-Type", extra.get("Content-Type", "application/json; charset=utf-8"))
        if request_id:
            self.send_header("X-Request-Id", request_id)
        for name, value in extra.items():
            if name != "Content-Type":
                self.send_header(name, value)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            half = len(body) // 2
            for part in (body[:half], body[half:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = answer


def main():
    port = int(sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # runs until the capture script closes stdin
    server.shutdown()


if __name__ == "__main__":
    main()
