#!/usr/bin/env python3
"""Writes an NDJSON file of VoIPbin error envelopes, one per line, for the diagnose benchmark,
and OUT.expected.json with the count of each reason.

usage: bench/gen-ndjson.py OUT [MEGABYTES]   (default 100)
Deterministic: the same size gives the same file.
"""
import json
from collections import Counter
import random
import sys

REASONS = [
    ("CALL_NOT_FOUND", "NOT_FOUND"), ("RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED"),
    ("INVALID_CREDENTIALS", "UNAUTHENTICATED"), ("SERVICE_UNAVAILABLE", "UNAVAILABLE"),
    ("INVALID_ARGUMENT", "INVALID_ARGUMENT"), ("CALL_ALREADY_HANGUP", "FAILED_PRECONDITION"),
    ("FLOW_NOT_FOUND", "NOT_FOUND"), ("INTERNAL", "INTERNAL"), ("INSUFFICIENT_BALANCE", "PAYMENT_REQUIRED"),
    ("CASE_CLOSED", "FAILED_PRECONDITION"),
]

def main():
    out = sys.argv[1]
    target = int(sys.argv[2] if len(sys.argv) > 2 else 100) * 1024 * 1024
    rng = random.Random(42)
    written = 0
    counts = Counter()
    with open(out, "w") as f:
        n = 0
        while written < target:
            reason, status = REASONS[min(int(rng.expovariate(0.5)), len(REASONS) - 1)]
            line = ('{"error":{"status":"%s","reason":"%s","message":"request %d failed at 2026-11-24T10:%02d:%02dZ",'
                    '"request_id":"req_%012d"}}\n' % (status, reason, n, n // 60 % 60, n % 60, n))
            f.write(line)
            written += len(line)
            counts[reason] += 1
            n += 1
    with open(out + ".expected.json", "w") as f:
        json.dump({"envelopes": sum(counts.values()), "counts": dict(counts)}, f, indent=1)

if __name__ == "__main__":
    main()
