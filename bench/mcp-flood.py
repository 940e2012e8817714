#!/usr/bin/env python3
"""Floods `voiperr mcp` with pipelined diagnose_response calls from a client
that reads nothing until it has written them all (or WAIT seconds pass), then
reads every answer (parsing each, as an MCP client does). Prints the server's
peak RSS (VmHWM), the time taken, and the CPU time the server used, which
the machine's load and the client's parsing do not change.

usage: bench/mcp-flood.py VOIPERR_BINARY [CALLS] [KB] [WAIT]   (default 3000 calls of 200 KB, 10 s)
Each call's text is KB kilobytes of error envelopes, so each answer is larger still.
"""
import json
import os
import subprocess
import sys
import threading
import time

binary = sys.argv[1]
calls = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
kb = int(sys.argv[3]) if len(sys.argv) > 3 else 200
wait = float(sys.argv[4]) if len(sys.argv) > 4 else 10

envelope = ('{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"request failed at '
            '2026-11-24T10:00:00Z","request_id":"req_000000000001"}}\n')
text = envelope * (kb * 1024 // len(envelope) + 1)

server = subprocess.Popen([binary, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(message):
    server.stdin.write(json.dumps(message).encode() + b"\n")


send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "flood", "version": "1"}}})
server.stdin.flush()
server.stdout.readline()
send({"jsonrpc": "2.0", "method": "notifications/initialized"})


def flood():
    for n in range(1, calls + 1):
        send({"jsonrpc": "2.0", "id": n, "method": "tools/call",
              "params": {"name": "diagnose_response", "arguments": {"text": text}}})
    server.stdin.flush()


start = time.monotonic()
writer = threading.Thread(target=flood)
writer.start()
writer.join(wait)
ids = set()
for _ in range(calls):
    ids.add(json.loads(server.stdout.readline())["id"])
writer.join()
elapsed = time.monotonic() - start
with open(f"/proc/{server.pid}/status") as f:
    peak = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
with open(f"/proc/{server.pid}/stat") as f:
    # utime and stime, in clock ticks: the fields after the command's closing parenthesis.
    utime, stime = (int(field) for field in f.read().rsplit(")", 1)[1].split()[11:13])
cpu = (utime + stime) / os.sysconf("SC_CLK_TCK")
server.stdin.close()
server.wait()
print(f"{calls} calls of {kb} KB: {len(ids)} answered, peak RSS {int(peak) / 1024:.1f} MB, {elapsed:.1f} s, "
      f"server CPU {cpu:.1f} s")
