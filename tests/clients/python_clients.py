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
"""
import json
import logging
import sys

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


def main():
    style, method, url = sys.argv[1:4]
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO, stream=sys.stdout)
    if style == "requests-raise":
        resp = requests.request(method, url, timeout=10)
        resp.raise_for_status()
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
    elif style == "vn":
        print(f"Error: API error (status {resp.status_code}): {resp.text.strip()}", file=sys.stdout)
    else:
        sys.exit(f"unknown style {style}")


if __name__ == "__main__":
    main()
