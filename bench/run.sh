#!/usr/bin/env bash
# The benchmarks: `diagnose --summary` on three ~100 MB inputs (every line an
# envelope; a mixed application log; envelopes inside text lines), with the
# default threads and with one, against `wc -l` on the same file and, for
# NDJSON, the `jq | sort | uniq -c` pipeline; `diagnose --json` on the NDJSON
# file against that pipeline, and on 50,000 distinct unknown reasons; a lookup
# (`explain`) from the installed binary against `errno ENOENT`, in both orders;
# and the MCP flood (3,000 pipelined 200 KB diagnose_response calls).
# Prints MB/s, the ratios, peak memory and the flood's time and CPU.
#
# usage: bench/run.sh [MEGABYTES]   (default 100; needs hyperfine, jq, python3,
#        GNU time and errno, from moreutils)
# Inputs are generated once into bench-data/ (git-ignored), and the lookup's
# binary is installed there (scripts/install --prefix bench-data/install).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-100}
bin=target/release/voiperr
cargo build --release --quiet
mkdir -p bench-data
[[ -f bench-data/ndjson-$size.log ]] || python3 bench/gen-ndjson.py "bench-data/ndjson-$size.log" "$size"
for shape in mixed embedded; do
  [[ -f bench-data/$shape-$size.log ]] || python3 bench/gen-logs.py "$shape" "bench-data/$shape-$size.log" "$size"
done
[[ -f bench-data/unknown-50k.log ]] || python3 bench/gen-unknown.py bench-data/unknown-50k.log 50000

for shape in ndjson mixed embedded; do
  file=bench-data/$shape-$size.log
  commands=("$bin diagnose --summary $file" "$bin diagnose --summary -j 1 $file" "wc -l $file")
  [[ $shape == ndjson ]] && commands+=("jq -r '.error.reason' $file | sort | uniq -c")
  # voiperr exits 1 when a log holds an unknown reason: not a failure here.
  hyperfine --ignore-failure --warmup 2 --runs 10 --export-json "bench-data/$shape.json" "${commands[@]}" >/dev/null
  rss=$( { /usr/bin/time -f %M "$bin" diagnose --summary "$file" >/dev/null || true; } 2>&1 | tail -1)
  python3 - "$file" "bench-data/$shape.json" "$rss" <<'PY'
import json, os, sys
path, results, rss = sys.argv[1], json.load(open(sys.argv[2]))["results"], int(sys.argv[3])
mb = os.path.getsize(path) / 1e6
parts, one, wc = (r["median"] for r in results[:3])
line = (f"{os.path.basename(path)}: voiperr {parts:.3f} s ({mb / parts:.0f} MB/s), {parts / wc:.1f}x wc -l ({wc:.3f} s); "
        f"one thread {one:.3f} s ({mb / one:.0f} MB/s, {one / wc:.1f}x); peak RSS {rss / 1024:.1f} MB")
if len(results) > 3:
    line += f"; {results[3]['median'] / parts:.1f}x faster than jq | sort | uniq -c ({results[3]['median']:.2f} s)"
print(line)
PY
done

# --json against the jq pipeline on the NDJSON file, in one run (output to /dev/null).
file=bench-data/ndjson-$size.log
hyperfine --ignore-failure --warmup 1 --runs 5 --export-json bench-data/json.json \
  "$bin diagnose --json $file > /dev/null" "jq -r '.error.reason' $file | sort | uniq -c" >/dev/null
python3 - "$file" bench-data/json.json <<'PY'
import json, os, sys
path, (ours, jq) = sys.argv[1], json.load(open(sys.argv[2]))["results"]
print(f"{os.path.basename(path)} --json: {ours['median']:.3f} s, {jq['median'] / ours['median']:.1f}x faster than "
      f"jq | sort | uniq -c ({jq['median']:.2f} s)")
PY
file=bench-data/unknown-50k.log
hyperfine --ignore-failure --warmup 1 --runs 5 --export-json bench-data/json.json "$bin diagnose --json $file" >/dev/null
python3 - "$file" bench-data/json.json <<'PY'
import json, os, sys
path, result = sys.argv[1], json.load(open(sys.argv[2]))["results"][0]
print(f"{os.path.basename(path)} --json: {result['median']:.3f} s")
PY

# A lookup, the whole process, from the installed binary (the static-pie
# scripts/release builds), against `errno ENOENT`, in both orders.
scripts/install --prefix bench-data/install >/dev/null
lookup="bench-data/install/bin/voiperr explain CALL_NOT_FOUND"
for order in first second; do
  if [[ $order == first ]]; then set -- "$lookup" 'errno ENOENT'; else set -- 'errno ENOENT' "$lookup"; fi
  hyperfine -N --warmup 200 --runs 2000 --export-json bench-data/lookup.json "$@" >/dev/null
  python3 - bench-data/lookup.json "$order" <<'PY'
import json, sys
results, order = json.load(open(sys.argv[1]))["results"], sys.argv[2]
ours, errno = sorted(results, key=lambda r: r["command"].startswith("errno"))
print(f"lookup (explain listed {order}): {ours['median'] * 1e3:.3f} ms, errno ENOENT {errno['median'] * 1e3:.3f} ms, "
      f"{ours['median'] / errno['median']:.2f}x")
PY
done

# The MCP flood, from the same build as the throughput figures.
echo "MCP flood: $(python3 bench/mcp-flood.py "$bin" 3000 200 10)"
