#!/usr/bin/env bash
# Captures what real HTTP clients print for each kind of VoIPbin failure, as
# the fixtures tests/cli/clients.rs checks diagnose against.
#
# usage: tests/clients/capture.sh     (rewrites tests/fixtures/clients/)
#
# Starts tests/clients/server.py on 127.0.0.1, runs every client style against
# every case, and writes tests/fixtures/clients/STYLE__CASE.txt. Installs what
# it needs when missing: curl, wget, jq (apt), HTTPie and requests (pip); Node
# 18+ must be on PATH for fetch.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fixtures/clients
here=tests/clients

need_apt=()
for tool in curl wget jq node; do command -v "$tool" >/dev/null || need_apt+=("$tool"); done
if ((${#need_apt[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]/node/nodejs}" >/dev/null
fi
command -v http >/dev/null || python3 -m pip install -q httpie
python3 -c 'import requests' 2>/dev/null || python3 -m pip install -q requests

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
exec 3> >(python3 "$here/server.py" "$port")
trap 'exec 3>&-' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

base="http://127.0.0.1:$port"
# case -> METHOD PATH (an access key in the query is never echoed by diagnose)
declare -A cases=(
  [call404]="POST /v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup?accesskey=SECRETKEY123"
  [ratelimit429]="GET /v1.0/calls"
  [frozen403]="GET /v1.0/billing_accounts"
  [login400]="POST /auth/login"
  [proxy502]="GET /v1.0/agents"
  [legacy400]="GET /v1.0/flows?page_size="
  [internal500]="GET /v1.0/queues"
)

# style -> command; $M is the method, $U the URL.
declare -A styles=(
  [curl-i]='curl -si -X "$M" "$U"'
  [curl-v]='curl -sv -X "$M" "$U" 2>&1'
  [curl-f]='curl -sSf -X "$M" "$U" 2>&1'
  [curl-fail-with-body]='curl -sS --fail-with-body -X "$M" "$U" 2>&1'
  [curl-w]='curl -s -w "%{http_code}" -X "$M" "$U"'
  [curl-w-newline]='curl -s -w "\n%{http_code}\n" -X "$M" "$U"'
  [curl-trace-ascii]='curl -s --trace-ascii - -X "$M" "$U"'
  [curl-trace]='curl -s --trace - -X "$M" "$U"'
  [curl-gzip]='curl -si -H "Accept-Encoding: gzip" -X "$M" "$U"'
  [curl-jq-color]='curl -s -X "$M" "$U" | jq -C . 2>/dev/null || true'
  [httpie-v]='http -v --ignore-stdin "$M" "$U"'
  [httpie-hb]='http --print=hb --ignore-stdin "$M" "$U"'
  [httpie-pretty]='http --pretty=all --print=hb --ignore-stdin "$M" "$U"'
  [wget-S]='wget -S -O - --method="$M" "$U" 2>&1'
  [wget-d]='wget -d --content-on-error -O - --method="$M" "$U" 2>&1'
  [requests-raise]='python3 "$here/python_clients.py" requests-raise "$M" "$U" 2>&1'
  [requests-log]='python3 "$here/python_clients.py" requests-log "$M" "$U" 2>&1'
  [openapi]='python3 "$here/python_clients.py" openapi "$M" "$U" 2>&1'
  [json-log]='python3 "$here/python_clients.py" json-log "$M" "$U" 2>&1'
  [logfmt]='python3 "$here/python_clients.py" logfmt "$M" "$U" 2>&1'
  [har]='python3 "$here/python_clients.py" har "$M" "$U" 2>&1'
  [vn]='python3 "$here/python_clients.py" vn "$M" "$U" 2>&1'
  [node-fetch]='node "$here/node_clients.mjs" fetch-status "$M" "$U" 2>&1'
  [node-console-log]='node "$here/node_clients.mjs" console-log "$M" "$U" 2>&1'
)

rm -rf "$out"
mkdir -p "$out"
for style in "${!styles[@]}"; do
  for case in "${!cases[@]}"; do
    read -r M path <<<"${cases[$case]}"
    U="$base$path"
    # The port changes from run to run; the fixtures say 8080.
    (eval "${styles[$style]}" || true) | sed "s/127\.0\.0\.1:$port/127.0.0.1:8080/g; s/localhost:$port/localhost:8080/g" >"$out/${style}__${case}.txt"
  done
done
ls "$out" | wc -l | xargs echo "captured transcripts:"
