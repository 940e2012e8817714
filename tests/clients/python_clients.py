#!/usr/bin/env python3
"""What Python programs print when a VoIPbin call fails, captured for real.

usage: python_clients.py STYLE METHOD URL

STYLE is one of:
  requests-raise    requests + raise_for_status(), uncaught: the traceback
  requests-log      logging of resp.json() (a dict repr with single quotes)
  openapi           the exception an openapi-generator Python client raises
                    (its ApiException text: status, reason, headers, body)
  json-log          a JSON log record with the body as an escaped string
                    beside status, url, method and retry_after
  logfmt            a logfmt log line
  har               a HAR 1.2 file of the exchange (browser devtools' export format)
  vn                what VoIPbin's own CLI `vn` prints (server-behaviour.md)
  httpx-raise       httpx + raise_for_status(), uncaught: the HTTPStatusError traceback
  urllib-raise      urllib.request.urlopen, uncaught: the HTTPError traceback
  aiohttp-raise     aiohttp with raise_for_status=True, uncaught: the ClientResponseError traceback
  urllib3-print     urllib3.request, then print(resp.status, resp.data): bytes repr
  arrow-log         an app's one-line log: `GET URL -> 429 Too Many Requests; retry-after=17 body='…'`
  openapi-calls     an openapi-generator client's README usage: `Exception when calling
                    CallsApi->v1_0_calls_id_hangup_post: (404)` then the ApiException text
  har-chrome        a HAR as Chrome's devtools export it (_initiator, _resourceType,
                    _transferSize; content.size 0 beside the text)
  http-client-debug requests with http.client's debuglevel = 1 (the usual recipe for
                    seeing the exchange: send:, reply:, header: lines), then print(resp.text)
"""
import asyncio
import json
import logging
import sys
import urllib.parse
import urllib.request

import requests


def openapi_exception(resp):
    # openapi-generator's python ApiException.__str__, with urllib3's HTTPHeaderDict.
    headers = ", ".join(f"'{k}': '{v}'" for k, v in resp.headers.items())
    text = f"({resp.status_code})\nReason: {resp.reason}\n"
    text += f"HTTP response headers: HTTPHeaderDict({{{headers}}})\n"
    if resp.text:
        text += f"HTTP response body: {resp.text}\n"
    return text


def har(resp):
    req = resp.request
    entry = {
        "startedDateTime": "2026-11-24T10:00:00.000Z",
        "time": 12,
        "request": {
            "method": req.method,
            "url": req.url,
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in req.headers.items()],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": resp.status_code,
            "statusText": resp.reason,
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in resp.headers.items()],
            "cookies": [],
            "content": {"size": len(resp.content), "mimeType": resp.headers.get("Content-Type", ""), "text": resp.text},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(resp.content),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 12, "receive": 0},
    }
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "voiperr-capture", "version": "1"}, "entries": [entry]}}, indent=2)


def har_chrome(resp):
    # Chrome's "Save all as HAR": underscore fields of its own, and a content.size
    # of 0 beside the text Chrome kept.
    req = resp.request
    parts = urllib.parse.urlsplit(req.url)
    entry = {
        "_initiator": {"type": "script", "stack": {"callFrames": [{"functionName": "hangup", "scriptId": "41", "url": "http://localhost:3000/static/js/main.js", "lineNumber": 120, "columnNumber": 17}]}},
        "_priority": "High",
        "_resourceType": "fetch",
        "cache": {},
        "connection": "1742",
        "pageref": "page_1",
        "request": {
            "method": req.method,
            "url": req.url,
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in req.headers.items()],
            "queryString": [{"name": k, "value": v} for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": resp.status_code,
            "statusText": resp.reason,
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in resp.headers.items()],
            "cookies": [],
            "content": {"size": 0, "mimeType": resp.headers.get("Content-Type", "").split(";")[0], "text": resp.text},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_transferSize": 312 + len(resp.content),
            "_error": None,
            "_fetchedViaServiceWorker": False,
        },
        "serverIPAddress": "127.0.0.1",
        "startedDateTime": "2026-11-24T10:00:00.000Z",
        "time": 12.345,
        "timings": {"blocked": 0.8, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 11.2, "receive": 0.245, "_blocked_queueing": 0.5, "_workerStart": -1, "_workerReady": -1, "_workerFetchStart": -1, "_workerRespondWithSettled": -1},
    }
    page = {"startedDateTime": "2026-11-24T09:59:58.000Z", "id": "page_1", "title": "http://localhost:3000/calls", "pageTimings": {"onContentLoad": 310.2, "onLoad": 402.9}}
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [page], "entries": [entry]}}, indent=2)


def openapi_operation(method, url):
    # openapi-generator names an operation from its path: /v1.0/calls/{id}/hangup -> v1_0_calls_id_hangup_post
    path = urllib.parse.urlsplit(url).path.strip("/").split("/")
    words = ["id" if len(p) == 36 and p.count("-") == 4 else p.replace(".", "_") for p in path]
    tag = next((p for p in path if p != "v1.0"), "default")
    api = "".join(w.capitalize() for w in tag.split("_")) + "Api"
    return f"{api}->{'_'.join(words + [method.lower()])}"


async def aiohttp_call(method, url):
    import aiohttp

    async with aiohttp.ClientSession(raise_for_status=True) as session:
        async with session.request(method, url) as resp:
            return await resp.text()


def main():
    style, method, url = sys.argv[1:4]
    if style in ("requests-log", "arrow-log"):
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO, stream=sys.stdout)
    if style == "requests-raise":
        resp = requests.request(method, url, timeout=10)
        resp.raise_for_status()
        return
    if style == "httpx-raise":
        import httpx

        resp = httpx.request(method, url, timeout=10)
        resp.raise_for_status()
        return
    if style == "urllib-raise":
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as resp:
            print(resp.read().decode())
        return
    if style == "aiohttp-raise":
        asyncio.run(aiohttp_call(method, url))
        return
    if style == "urllib3-print":
        import urllib3

        resp = urllib3.request(method, url, timeout=10)
        print(resp.status, resp.data)
        return
    if style == "arrow-log":
        log = logging.getLogger("voipbin.client")
        resp = requests.request(method, url, timeout=10)
        if resp.status_code >= 400:
            log.warning("%s %s -> %s %s; retry-after=%s body=%r", method, url, resp.status_code, resp.reason, resp.headers.get("Retry-After"), resp.text)
        return
    if style == "openapi-calls":
        resp = requests.request(method, url, timeout=10)
        try:
            if resp.status_code >= 400:
                raise RuntimeError(openapi_exception(resp))
        except RuntimeError as e:
            print("Exception when calling %s: %s\n" % (openapi_operation(method, url), e))
        return
    if style == "http-client-debug":
        import http.client

        http.client.HTTPConnection.debuglevel = 1
        resp = requests.request(method, url, timeout=10)
        print(resp.text)
        return
    resp = requests.request(method, url, timeout=10)
    if style == "requests-log":
        try:
            body = resp.json()
        except ValueError:
            body = resp.text
        logging.getLogger("voipbin").error("API call failed: %s", body)
    elif style == "openapi":
        print("voipbin_client.exceptions.ApiException: " + openapi_exception(resp), end="")
    elif style == "json-log":
        record = {
            "time": "2026-11-24T10:00:00Z",
            "level": "error",
            "msg": "voipbin request failed",
            "method": method,
            "url": url,
            "status": resp.status_code,
            "retry_after": int(resp.headers["Retry-After"]) if "Retry-After" in resp.headers else None,
            "body": resp.text,
        }
        print(json.dumps(record))
    elif style == "logfmt":
        fields = {"time": "2026-11-24T10:00:00Z", "level": "error", "method": method, "url": url, "status": resp.status_code}
        try:
            error = resp.json().get("error") or {}
        except ValueError:
            error = {}
        for key in ("reason", "request_id"):
            if key in error:
                fields[key] = error[key]
        if "message" in error:
            fields["message"] = error["message"]
        if "Retry-After" in resp.headers:
            fields["retry_after"] = resp.headers["Retry-After"]
        print(" ".join(f'{k}="{v}"' if " " in str(v) else f"{k}={v}" for k, v in fields.items()))
    elif style == "har":
        print(har(resp))
    elif style == "har-chrome":
        print(har_chrome(resp))
    elif style == "vn":
        print(f"Error: API error (status {resp.status_code}): {resp.text.strip()}", file=sys.stdout)
    else:
        sys.exit(f"unknown style {style}")


if __name__ == "__main__":
    main()
