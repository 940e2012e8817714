#!/usr/bin/env bash
# Captures what real HTTP clients print for each kind of VoIPbin failure, as
# the fixtures tests/cli/clients.rs checks diagnose against.
#
# usage: tests/clients/capture.sh             (rewrites tests/fixtures/clients/)
#        tests/clients/capture.sh STYLE...    (rewrites only those styles' transcripts)
#
# Starts tests/clients/server.py on 127.0.0.1, runs every client style against
# every case, and writes tests/fixtures/clients/STYLE__CASE.txt. Installs what
# it needs when missing: curl, wget, jq, aria2, lynx, Go and go-resty, Ruby
# with Faraday, HTTParty, rest-client and Excon, PHP with Guzzle and Symfony
# HttpClient, Perl's LWP and Mojolicious, a JDK with OkHttp and Apache
# HttpClient 5 (apt); HTTPie, requests, httpx, aiohttp, pytest (pip); the Node
# packages of tests/clients/package.json (npm ci); xh and Hurl (cargo install)
# and reqwest (cargo), built outside the repo in $CARGO_TARGET_DIR or a
# temporary target directory, kept across runs.
# Node 20+ must be on PATH (got and undici need it; Debian 12's nodejs is 18).
#
# The clients run in tests/clients, and what they print of its absolute path
# (tracebacks, stack traces, pytest's rootdir) or of the temporary directory
# holding the compiled clients is written as /home/dev/app, a neutral project
# directory: the fixtures carry no path of the machine they were captured on
# (tests/cli/fixture_paths.rs checks).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=tests/fixtures/clients
here=$(cd tests/clients && pwd)
neutral=/home/dev/app

# command -> Debian package
declare -A apt_for=(
  [curl]=curl [wget]=wget [jq]=jq [node]=nodejs [go]=golang-go [ruby]=ruby [php]=php-cli
  [javac]=default-jdk-headless [perl]=perl [aria2c]=aria2 [lynx]=lynx
)
# The libraries, Debian's packages (Hurl builds against libcurl and libxml2, with libclang for its bindings).
libraries=(
  php-guzzlehttp-guzzle php-symfony-http-client ruby-faraday ruby-httparty ruby-rest-client
  ruby-excon libwww-perl libmojolicious-perl libokhttp-java libhttpclient5-java
  golang-github-go-resty-resty-dev libcurl4-openssl-dev libxml2-dev libclang-dev pkg-config
)
need_apt=()
for tool in "${!apt_for[@]}"; do
  command -v "$tool" >/dev/null || need_apt+=("${apt_for[$tool]}")
done
for package in "${libraries[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q ' installed$' || need_apt+=("$package")
done
if ((${#need_apt[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v http >/dev/null || python3 -m pip install -q httpie
for module in requests httpx aiohttp pytest; do
  python3 -c "import $module" 2>/dev/null || python3 -m pip install -q "$module"
done
[[ -d $here/node_modules ]] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

# The compiled clients go to a temporary directory; reqwest's build, xh and Hurl
# to a target directory outside the repo (kept across runs, so a second capture
# is quick).
bin=$(mktemp -d)
go build -o "$bin/go_clients" "$here/go_clients.go"
# go-resty from Debian's Go sources, in GOPATH mode (no module download): its
# v2 import path is a link to Debian's copy.
gopath=$bin/gopath/src/github.com/go-resty/resty
mkdir -p "$gopath" && ln -s /usr/share/gocode/src/github.com/go-resty/resty "$gopath/v2"
GO111MODULE=off GOPATH=$bin/gopath:/usr/share/gocode go build -o "$bin/go_resty" "$here/go_resty.go"
javac -d "$bin" "$here/Clients.java"
java_libraries=$(printf '/usr/share/java/%s.jar:' okhttp okio httpclient5 httpclient5-fluent httpcore5 httpcore5-h2 slf4j-api slf4j-nop)
javac -d "$bin" -cp "$java_libraries" "$here/JavaLibraries.java"
capture_target=${CARGO_TARGET_DIR:-${TMPDIR:-/tmp}/voiperr-capture-target}
reqwest_target=$capture_target/rust-reqwest
CARGO_TARGET_DIR=$reqwest_target cargo build -q --release --locked --manifest-path "$here/rust-reqwest/Cargo.toml"
cp "$reqwest_target/release/reqwest-clients" "$bin/"
tools=$capture_target/tools
for crate in xh@0.26.3 hurl@8.0.1; do
  [[ -x $tools/bin/${crate%@*} ]] || cargo install -q --locked --root "$tools" "$crate"
done
export PATH=$tools/bin:$PATH

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
exec 3> >(python3 "$here/server.py" "$port")
trap 'exec 3>&-; rm -rf "$bin"' EXIT
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
  # issue 20: more clients, each printing a failure its own way
  [curl-sSfv]='curl -sSfv -X "$M" "$U" 2>&1'
  [httpie-check-status]='http --check-status --ignore-stdin "$M" "$U" 2>&1'
  [httpx-raise]='python3 "$here/python_clients.py" httpx-raise "$M" "$U" 2>&1'
  [urllib-raise]='python3 "$here/python_clients.py" urllib-raise "$M" "$U" 2>&1'
  [aiohttp-raise]='python3 "$here/python_clients.py" aiohttp-raise "$M" "$U" 2>&1'
  [urllib3-print]='python3 "$here/python_clients.py" urllib3-print "$M" "$U" 2>&1'
  [arrow-log]='python3 "$here/python_clients.py" arrow-log "$M" "$U" 2>&1'
  [openapi-calls]='python3 "$here/python_clients.py" openapi-calls "$M" "$U" 2>&1'
  [har-chrome]='python3 "$here/python_clients.py" har-chrome "$M" "$U" 2>&1'
  [http-client-debug]='python3 "$here/python_clients.py" http-client-debug "$M" "$U" 2>&1'
  [pytest]='VOIPBIN_METHOD="$M" VOIPBIN_URL="$U" python3 -m pytest -p no:cacheprovider pytest_voipbin.py 2>&1'
  [axios-console-error]='node "$here/node_clients.mjs" axios-console-error "$M" "$U" 2>&1'
  [axios-uncaught]='node "$here/node_clients.mjs" axios-uncaught "$M" "$U" 2>&1'
  [got-uncaught]='node "$here/node_clients.mjs" got-uncaught "$M" "$U" 2>&1'
  [ky-uncaught]='node "$here/node_clients.mjs" ky-uncaught "$M" "$U" 2>&1'
  [superagent-uncaught]='node "$here/node_clients.mjs" superagent-uncaught "$M" "$U" 2>&1'
  [undici-uncaught]='node "$here/node_clients.mjs" undici-uncaught "$M" "$U" 2>&1'
  [newman]='node "$here/node_clients.mjs" newman "$M" "$U" 2>&1'
  [go-errorf]='"$bin/go_clients" go-errorf "$M" "$U" 2>&1'
  [go-errorf-body]='"$bin/go_clients" go-errorf-body "$M" "$U" 2>&1'
  [java-throw]='java -cp "$bin" Clients java-throw "$M" "$U" 2>&1'
  [java-println]='java -cp "$bin" Clients java-println "$M" "$U" 2>&1'
  [ruby-net-http]='ruby "$here/ruby_clients.rb" ruby-net-http "$M" "$U" 2>&1'
  [ruby-faraday]='ruby "$here/ruby_clients.rb" ruby-faraday "$M" "$U" 2>&1'
  [php-guzzle]='php "$here/php_clients.php" php-guzzle "$M" "$U" 2>&1'
  [php-file-get-contents]='php "$here/php_clients.php" php-file-get-contents "$M" "$U" 2>&1'
  [reqwest-debug]='"$bin/reqwest-clients" reqwest-debug "$M" "$U" 2>&1'
  [reqwest-display]='"$bin/reqwest-clients" reqwest-display "$M" "$U" 2>&1'
  # issue 30: more libraries and tools
  [perl-lwp]='perl "$here/perl_clients.pl" perl-lwp "$M" "$U" 2>&1'
  [perl-lwp-dump]='perl "$here/perl_clients.pl" perl-lwp-dump "$M" "$U" 2>&1'
  [perl-http-tiny]='perl "$here/perl_clients.pl" perl-http-tiny "$M" "$U" 2>&1'
  [perl-mojo]='perl "$here/perl_clients.pl" perl-mojo "$M" "$U" 2>&1'
  [ruby-httparty]='ruby "$here/ruby_clients.rb" ruby-httparty "$M" "$U" 2>&1'
  [ruby-rest-client]='ruby "$here/ruby_clients.rb" ruby-rest-client "$M" "$U" 2>&1'
  [ruby-excon]='ruby "$here/ruby_clients.rb" ruby-excon "$M" "$U" 2>&1'
  [php-symfony]='php "$here/php_clients.php" php-symfony "$M" "$U" 2>&1'
  [java-okhttp]='java -cp "$bin:$java_libraries" JavaLibraries java-okhttp "$M" "$U" 2>&1'
  [java-apache-fluent]='java -cp "$bin:$java_libraries" JavaLibraries java-apache-fluent "$M" "$U" 2>&1'
  [go-resty-debug]='"$bin/go_resty" "$M" "$U" 2>&1'
  [ofetch-uncaught]='node "$here/node_clients.mjs" ofetch-uncaught "$M" "$U" 2>&1'
  [xh-v]='xh -v --ignore-stdin "$M" "$U" 2>&1'
  [xh-check-status]='xh --check-status --ignore-stdin "$M" "$U" 2>&1'
  [hurl-test]='printf "%s %s\nHTTP 200\n" "$M" "$U" | hurl --test 2>&1'
  [hurl-error-format-long]='printf "%s %s\nHTTP 200\n" "$M" "$U" | hurl --test --error-format long 2>&1'
  # aria2 and lynx send GET only (the server answers by path)
  [aria2c]='aria2c --dir="$bin" --allow-overwrite=true "$U" 2>&1'
  [lynx-mime-header]='lynx -mime_header -source "$U" 2>&1'
)

if (($#)); then
  selected=("$@")
  for style in "${selected[@]}"; do
    [[ -v "styles[$style]" ]] || { echo "capture.sh: no style $style" >&2; exit 2; }
  done
else
  selected=("${!styles[@]}")
  rm -rf "$out"
fi
mkdir -p "$out"
cd "$here"
for style in "${selected[@]}"; do
  for case in "${!cases[@]}"; do
    read -r M path <<<"${cases[$case]}"
    U="$base$path"
    # The port changes from run to run: the fixtures say 8080. The paths of
    # this checkout and of the temporary directory: the neutral directory.
    (eval "${styles[$style]}" || true) | sed "s|$here|$neutral|g; s|$bin|$neutral/bin|g; s/127\.0\.0\.1:$port/127.0.0.1:8080/g; s/localhost:$port/localhost:8080/g; s/ port $port / port 8080 /g" >"$root/$out/${style}__${case}.txt"
  done
done
cd "$root"
ls "$out" | wc -l | xargs echo "captured transcripts:"
