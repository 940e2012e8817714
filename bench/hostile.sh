#!/usr/bin/env bash
# The bad-input matrix in docs/performance.md: makes each hostile input, runs the release
# binary on it, and prints one Markdown row with exit code, time and peak RSS.
#
# usage: bench/hostile.sh [VOIPERR]   (default target/release/voiperr; needs GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/voiperr}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" <<'EOF'
import json, os, random, sys
d = sys.argv[1]
def write(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
env = lambda reason, **more: json.dumps({"error": {"status": "NOT_FOUND", "reason": reason, "request_id": "r", **more}})
random.seed(7)
write("empty", b"")
write("whitespace", b"  \n\t\n")
write("invalid-utf8", b"\xff\xfe\xfd garbage\n")
write("nul", b"abc\0def\0")
write("random-64k", bytes(random.getrandbits(8) for _ in range(65536)))
write("bad-bytes-then-envelope", b"\xff\xfe\n" + env("CALL_NOT_FOUND").encode() + b"\n")
write("deep-array", "[" * 10000 + "]" * 10000)
write("line-50mb-then-envelope", "a" * (50 << 20) + "\n" + env("CALL_NOT_FOUND") + "\n")
write("duplicate-keys", '{"error":{"reason":"CALL_NOT_FOUND","reason":"FLOW_NOT_FOUND","status":"NOT_FOUND"}}\n')
write("reason-null", '{"error":{"status":404,"reason":null,"request_id":7}}\n')
write("reason-10k", env("A_" * 5000) + "\n")
write("html", "<!DOCTYPE html><html><title>Oops</title></html>\n")
write("curl-error-escapes", "curl: (6) Could not resolve host: x\x1b]52;c;cHduZWQ=\x07\x1b[2J\u009b\u202e\n")
write("curl-error-secrets", "curl: (6) Could not resolve host: h?accesskey=S1 Authorization: Bearer S2 token=S3\n")
write("brace-quote-800k", '{"' * 400000)
write("nested-240k", '{"a":' * 40000 + "1" + "}" * 40000)
write("distinct-200k", "".join(env(f"MADE_UP_REASON_{n}") + "\n" for n in range(200000)))
write("distinct-1m", "".join(env(f"MADE_UP_REASON_{n}") + "\n" for n in range(1000000)))
write("array-8m-16mib", '{"a":[' + ",".join(["1"] * 8000000) + "]}\n")
write("reason-640k", env("A_" * 320000) + "\n")
with open(os.path.join(d, "reasons-40x4mib"), "w") as f:
    for n in range(40):
        f.write(env(f"B{n}_" + "A" * (4 * 1024 * 1024 - 8)) + "\n")
write("cut-line-then-1000", '{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","mess\n' + (env("CALL_NOT_FOUND") + "\n") * 1000)
write("text-after-document", '{\n "a": 1\n} ' + env("CALL_NOT_FOUND") + "\n")
# Hardening III: inputs that end badly or arrive in another encoding.
write("cut-document-at-end", env("CALL_NOT_FOUND") + "\n" + env("CALL_NOT_FOUND")[:-2])
write("utf16le-bom", ("\ufeff" + (env("CALL_NOT_FOUND") + "\r\n") * 1000).encode("utf-16-le"))
write("zstd-magic", b"\x28\xb5\x2f\xfd" + bytes(random.getrandbits(8) for _ in range(4096)))
write("status-then-1000-envelopes", "HTTP/1.1 429 Too Many Requests\n" + "".join(env("RATE_LIMIT_EXCEEDED", request_id=f"r{n}") + "\n" for n in range(1000)))
write("bad-tokens", "".join([
    '{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"cut \\ud83d"}}\n',
    '{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","details":[{"n":1e999}]}}\n',
    '{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"a\tb"}}\n',
]))
EOF

echo "| input | command | exit | errors found | time | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- |"
row() {
  local name=$1; shift
  local status=0
  (cd "$dir" && /usr/bin/time -f '%e %M' -o time "$bin" "$@" "$name" >/dev/null 2>&1) || status=$?
  # How many errors the same inputs yield, as --json lines.
  local inputs=() arg
  for arg in "$@"; do [[ $arg == diagnose || $arg == --* ]] || inputs+=("$arg"); done
  local found
  found=$(cd "$dir" && "$bin" diagnose --json "${inputs[@]}" "$name" 2>/dev/null | wc -l || true)
  # GNU time puts "Command exited with non-zero status N" first when N > 0.
  tail -1 "$dir/time" | awk -v name="$name" -v cmd="$*" -v status="$status" -v found="$found" \
    '{ printf "| %s | `%s` | %s | %s | %s s | %.1f MB |\n", name, cmd, status, found, $1, $2 / 1024 }'
}
for name in empty whitespace invalid-utf8 nul random-64k bad-bytes-then-envelope deep-array \
  line-50mb-then-envelope duplicate-keys reason-null reason-10k html curl-error-escapes \
  curl-error-secrets brace-quote-800k nested-240k array-8m-16mib cut-line-then-1000 \
  text-after-document bad-tokens cut-document-at-end utf16le-bom zstd-magic; do
  row "$name" diagnose
done
for name in cut-document-at-end status-then-1000-envelopes distinct-200k distinct-1m array-8m-16mib reason-640k reasons-40x4mib; do
  row "$name" diagnose --summary
done
# A gzip stream cut before its end, then a plain log: the error fully decompressed is kept, and
# the next input starts clean.
python3 - "$dir" <<'EOF2'
import gzip, os, sys
d = sys.argv[1]
body = "".join('{"error":{"status":"TOO_MANY_REQUESTS","reason":"RATE_LIMIT_EXCEEDED","request_id":"r%d"}}\n' % n for n in range(20000))
whole = gzip.compress(b"HTTP/1.1 429 Too Many Requests\r\n\r\n" + body.encode())
open(os.path.join(d, "gzip-cut.gz"), "wb").write(whole[:-8])
EOF2
cp "$dir/cut-document-at-end" "$dir/gzip-cut-then-log"
row gzip-cut.gz diagnose --summary
row gzip-cut-then-log diagnose --json gzip-cut.gz

# Hardening IV: output whose size or memory grew with the input, and verdicts at a closed pipe.
python3 - "$dir" <<'EOF3'
import json, os, sys
d = sys.argv[1]
def write(name, text):
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
env = lambda reason, status="NOT_FOUND", **more: json.dumps({"error": {"status": status, "reason": reason, **more}})
write("envelopes-1m", "".join(env("CALL_NOT_FOUND", message=f"m{n}") + "\n" for n in range(1000000)))
write("404-lines-1mb", "404\n" * 262144)
tokens = "AKIAIOSFODNN7EXAMPLQ ghp_" + "aB3" * 12 + " sk_live_" + "4eC39HqLyj" * 2 + " xoxb-1234567890-" + "Ab" * 8
write("tokens-100k", "".join(env("CALL_NOT_FOUND", message=f"m{n} {tokens}") + "\n" for n in range(100000)))
har = {"log": {"entries": [{"request": {"method": "GET", "url": f"https://api.voipbin.net/v1.0/calls/{n}?accesskey=Q{n}",
        "headers": [{"name": "X-Api-Key", "value": f"H{n}"}], "cookies": [{"name": "s", "value": f"C{n}"}],
        "queryString": [{"name": "accesskey", "value": f"Q{n}"}]},
    "response": {"status": 404, "content": {"text": env("CALL_NOT_FOUND")}}} for n in range(10000)]}}
write("har-credentials-10k", json.dumps(har) + "\n")
write("fail-on-5xx-1m", "".join(env("INTERNAL_ERROR", "INTERNAL", message=f"m{n}") + "\n" for n in range(1000000)))
init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}
call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "diagnose_response", "arguments": {"text": "404\n" * 262144}}}
write("mcp-404-lines-1mib", json.dumps(init) + "\n" + json.dumps(call) + "\n")
EOF3
row envelopes-1m diagnose --format junit
row 404-lines-1mb diagnose --format junit
row tokens-100k diagnose --json
row har-credentials-10k diagnose --format bundle
# A closed pipe: the verdict of the whole run (1: a 5xx), read no further than the first.
(cd "$dir" && /usr/bin/time -f '%e %M' -o time bash -c "'$bin' diagnose --fail-on 5xx fail-on-5xx-1m | head -1 >/dev/null; exit \${PIPESTATUS[0]}") && status=0 || status=$?
tail -1 "$dir/time" | awk -v status="$status" \
  '{ printf "| fail-on-5xx-1m | `diagnose --fail-on 5xx \\| head -1` | %s | 1 | %s s | %.1f MB |\n", status, $1, $2 / 1024 }'
# One MCP call with 1 MiB of `404` lines (in the input limit): errors counted, the first 50 answered.
(cd "$dir" && /usr/bin/time -f '%e %M' -o time "$bin" mcp <mcp-404-lines-1mib >answer) && status=0 || status=$?
total=$(tail -1 "$dir/answer" | python3 -c 'import json, sys; print(json.load(sys.stdin)["result"]["structuredContent"]["total"])')
bytes=$(tail -1 "$dir/answer" | wc -c)
tail -1 "$dir/time" | awk -v status="$status" -v total="$total" -v bytes="$bytes" \
  '{ printf "| mcp-404-lines-1mib | `mcp` (`diagnose_response`, a %d KB answer) | %s | %s | %s s | %.1f MB |\n", bytes / 1000, status, total, $1, $2 / 1024 }'
# A line of 300 MB, then a stamped error: bundle and time filters never hold the line.
python3 - "$dir" <<'EOF4'
import json, os, sys
d = sys.argv[1]
env = json.dumps({"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND", "message": "gone"}})
with open(os.path.join(d, "line-300mb-then-envelope"), "w") as f:
    for _ in range(300):
        f.write("a" * (1 << 20))
    f.write("\n2026-11-24T10:00:00Z " + env + "\n")
entries = [{"request": {"method": "POST", "url": f"https://api.voipbin.net/v1.0/calls/{n}/hangup",
        "headers": [{"name": f"X-Trace-{i}", "value": str(i)} for i in range(8)]},
    "response": {"status": 404, "content": {"mimeType": "application/json", "text": env}}} for n in range(10000)]
with open(os.path.join(d, "har-pretty-10k"), "w") as f:
    json.dump({"log": {"version": "1.2", "entries": entries}}, f, indent=2)
EOF4
row line-300mb-then-envelope diagnose
row line-300mb-then-envelope diagnose --format bundle
row line-300mb-then-envelope diagnose --since 2026-11-01T00:00:00Z
row har-pretty-10k diagnose --format bundle
