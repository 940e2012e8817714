#!/usr/bin/env bash
# The diagnose throughput benchmark: `diagnose --summary` on three ~100 MB
# inputs (every line an envelope; a mixed application log; envelopes inside
# text lines), against `wc -l` on the same file and, for NDJSON, the
# `jq | sort | uniq -c` pipeline. Prints MB/s and the ratios.
#
# usage: bench/run.sh [MEGABYTES]   (default 100; needs hyperfine, jq, python3)
# Inputs are generated once into bench-data/ (git-ignored).
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

for shape in ndjson mixed embedded; do
  file=bench-data/$shape-$size.log
  commands=("$bin diagnose --summary $file" "wc -l $file")
  [[ $shape == ndjson ]] && commands+=("jq -r '.error.reason' $file | sort | uniq -c")
  # voiperr exits 1 when a log holds an unknown reason: not a failure here.
  hyperfine --ignore-failure --warmup 1 --runs 5 --export-json "bench-data/$shape.json" "${commands[@]}" >/dev/null
  python3 - "$file" "bench-data/$shape.json" <<'PY'
import json, os, sys
path, results = sys.argv[1], json.load(open(sys.argv[2]))["results"]
mb = os.path.getsize(path) / 1e6
voiperr, wc = results[0]["median"], results[1]["median"]
line = f"{os.path.basename(path)}: voiperr {voiperr:.3f} s ({mb / voiperr:.0f} MB/s), {voiperr / wc:.1f}x wc -l ({wc:.3f} s)"
if len(results) > 2:
    line += f", {results[2]['median'] / voiperr:.1f}x faster than jq | sort | uniq -c ({results[2]['median']:.2f} s)"
print(line)
PY
done
