#!/usr/bin/env python3
"""Writes COUNT error envelopes whose reasons are distinct invented UPPER_SNAKE names (none in
the catalog), one per line: the input where looking up close names for every unknown reason
would cost seconds (`diagnose --json` bounds it).

usage: bench/gen-unknown.py OUT [COUNT]   (default 50000, about 4.8 MB)
Deterministic: the same count gives the same file.
"""
import json
import random
import string
import sys


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
    rng = random.Random(12)
    seen = set()
    with open(out, "w") as f:
        while len(seen) < count:
            words = ["".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 9))) for _ in range(rng.randint(2, 4))]
            name = "_".join(words)
            if name in seen:
                continue
            seen.add(name)
            envelope = {"error": {"status": "NOT_FOUND", "reason": name, "message": f"lookup {len(seen)} failed",
                                  "request_id": f"req_{len(seen):08d}"}}
            f.write(json.dumps(envelope, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
