#!/usr/bin/env python3
"""Writes a log in one of two shapes for the diagnose benchmark, and
OUT.expected.json with the count of each reason in it.

usage: bench/gen-logs.py mixed|embedded OUT [MEGABYTES]   (default 100)

mixed     application logs where about one line in twenty holds an error
          envelope (as NDJSON on its own, or inside a JSON log record); the
          other lines are text log lines and JSON records, some of them with a
          "reason" field that is not an error (a SIP hangup cause).
embedded  text log lines that each end with an envelope, a third of them with
          more text after it.

Deterministic: the same shape and size give the same file.
"""
import json
import random
import sys
from collections import Counter

# (reason, status), most frequent first.
ERRORS = [
    ("CALL_NOT_FOUND", "NOT_FOUND"),
    ("RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED"),
    ("INVALID_CREDENTIALS", "UNAUTHENTICATED"),
    ("FLOW_NOT_FOUND", "NOT_FOUND"),
    ("INTERNAL", "INTERNAL"),
    ("SERVICE_UNAVAILABLE", "UNAVAILABLE"),
    ("INVALID_ARGUMENT", "INVALID_ARGUMENT"),
    ("ACCOUNT_FROZEN", "PERMISSION_DENIED"),
    ("MADE_UP_REASON", "NOT_FOUND"),
]
WEIGHTS = [30, 20, 12, 10, 8, 7, 6, 4, 3]
SERVICES = ["call-manager", "flow-manager", "billing-manager", "queue-manager", "api-manager"]
HANGUP_CAUSES = ["NORMAL_CLEARING", "USER_BUSY", "NO_ANSWER", "ORIGINATOR_CANCEL"]


def stamp(n):
    return "2026-11-24T%02d:%02d:%02d.%03dZ" % (n // 3_600_000 % 24, n // 60_000 % 60, n // 1000 % 60, n % 1000)


def ident(rng):
    return "%08x-%04x-4%03x-8%03x-%012x" % (
        rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), rng.getrandbits(12), rng.getrandbits(48))


def error(rng, n):
    reason, status = rng.choices(ERRORS, WEIGHTS)[0]
    envelope = {"error": {"status": status, "reason": reason, "message": "call %d failed" % n,
                          "request_id": "req_%d_%d" % (n, rng.getrandbits(20))}}
    return reason, json.dumps(envelope, separators=(",", ":"))


def text_line(rng, n):
    service = rng.choice(SERVICES)
    return rng.choice([
        "%s INFO  [%s] channel %s answered in %d ms" % (stamp(n), service, ident(rng), rng.randrange(40, 900)),
        "%s DEBUG [%s] dtmf %s received on %s" % (stamp(n), service, rng.choice("0123456789*#"), ident(rng)),
        "%s WARN  [%s] retrying publish to exchange voipbin.events (attempt %d)" % (stamp(n), service, rng.randrange(1, 6)),
        "%s INFO  [%s] POST /v1.0/calls/%s/hangup 200 %d ms" % (stamp(n), service, ident(rng), rng.randrange(2, 80)),
    ])


def record_line(rng, n):
    service = rng.choice(SERVICES)
    kind = rng.randrange(4)
    if kind == 0:
        record = {"time": stamp(n), "level": "info", "service": service, "event": "call_hangup",
                  "call": ident(rng), "reason": rng.choice(HANGUP_CAUSES), "duration_s": rng.randrange(600)}
    elif kind == 1:
        record = {"time": stamp(n), "level": "info", "service": service, "event": "flow_step",
                  "activeflow": ident(rng), "step": {"action": "talk", "index": rng.randrange(20)}}
    elif kind == 2:
        record = {"time": stamp(n), "level": "debug", "service": service, "event": "queue_join",
                  "queue": ident(rng), "waiting": rng.randrange(30)}
    else:
        record = {"time": stamp(n), "level": "warn", "service": service, "event": "slow_query",
                  "table": "calls", "elapsed_ms": rng.randrange(200, 5000)}
    return json.dumps(record, separators=(",", ":"))


def main():
    shape, out = sys.argv[1], sys.argv[2]
    if shape not in ("mixed", "embedded"):
        sys.exit("shape must be mixed or embedded")
    size = int(sys.argv[3] if len(sys.argv) > 3 else 100) * 1024 * 1024
    rng = random.Random(shape)
    counts = Counter()
    written = n = 0
    with open(out, "w") as f:
        while written < size:
            if shape == "embedded":
                reason, envelope = error(rng, n)
                counts[reason] += 1
                line = "%s ERROR [%s] voipbin api answered %s" % (stamp(n), rng.choice(SERVICES), envelope)
                if rng.randrange(3) == 0:
                    line += " after %d retries" % rng.randrange(1, 4)
            else:
                roll = rng.random()
                if roll < 0.05:
                    reason, envelope = error(rng, n)
                    counts[reason] += 1
                    if roll < 0.025:
                        line = envelope
                    else:
                        line = '{"time":"%s","level":"error","service":"%s","event":"api_error","response":%s}' % (
                            stamp(n), rng.choice(SERVICES), envelope)
                elif roll < 0.55:
                    line = text_line(rng, n)
                else:
                    line = record_line(rng, n)
            line += "\n"
            f.write(line)
            written += len(line)
            n += 1
    with open(out + ".expected.json", "w") as f:
        json.dump({"envelopes": sum(counts.values()), "counts": dict(counts)}, f, indent=1)


if __name__ == "__main__":
    main()
