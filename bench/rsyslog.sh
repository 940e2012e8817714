#!/usr/bin/env bash
# Throughput through rsyslog: docs/pipeline.md's recipe (imfile → mmexternal →
# JSON template → omfile) reads LINES mixed log lines (bench/gen-logs.py), once
# with a program that answers {} to every message (bench/mmexternal-nothing.c:
# mmexternal's own round trip) and once with `voiperr enrich --rsyslog`, RUNS
# times each, alternating. Prints messages per second (medians) and voiperr's
# own cost per message: the difference of the two times, over LINES.
#
# With --memory, instead: a million lines through the recipe with voiperr,
# printing voiperr's resident memory every 100,000 messages.
#
# usage: bench/rsyslog.sh [--memory] [LINES] [RUNS]   (default 100000 lines, 5 runs)
# Needs rsyslogd (apt-get install rsyslog), gcc and python3. Inputs go to bench-data/.
set -euo pipefail
cd "$(dirname "$0")/.."
memory=false
if [[ ${1:-} == --memory ]]; then
  memory=true
  shift
fi
lines=${1:-$($memory && echo 1000000 || echo 100000)}
runs=${2:-5}
rsyslogd=/usr/sbin/rsyslogd
[[ -x $rsyslogd ]] || { echo "bench/rsyslog.sh: rsyslogd is missing: apt-get install rsyslog" >&2; exit 2; }

# VOIPERR=PATH measures that binary instead of a fresh release build.
if [[ -z ${VOIPERR:-} ]]; then
  cargo build --release --quiet
fi
voiperr=${VOIPERR:-$PWD/target/release/voiperr}
mkdir -p bench-data
nothing=$PWD/bench-data/mmexternal-nothing
gcc -O2 -o "$nothing" bench/mmexternal-nothing.c
# About 7,600 lines a megabyte.
megabytes=$((lines / 7000 + 1))
log=bench-data/mixed-$megabytes.log
[[ -f $log ]] || python3 bench/gen-logs.py mixed "$log" "$megabytes"
input=bench-data/rsyslog-$lines.log
[[ -f $input ]] || head -n "$lines" "$log" > "$input"
(($(wc -l < "$input") == lines)) || { echo "bench/rsyslog.sh: $log has fewer than $lines lines" >&2; exit 2; }

# The recipe as docs/pipeline.md has it, for a program and a directory.
recipe=$(awk '/^```rsyslog$/ {inside=1; next} /^```$/ && inside {exit} inside' docs/pipeline.md)
configure() { # PROGRAM DIR
  local work=$2/work
  mkdir -p "$work"
  {
    echo "global(workDirectory=\"$work\")"
    printf '%s\n' "$recipe" |
      sed -e "s|/usr/local/bin/voiperr enrich --rsyslog|$1|" \
        -e "s|/var/log/app/app.log|$2/app.log|" \
        -e "s|/var/log/voiperr/enriched.json|$2/enriched.json|"
  } > "$2/rsyslog.conf"
}

# Runs the recipe over the input with PROGRAM; prints the seconds until the last row,
# and the CPU seconds the program used (its user and system time: what the machine's
# other load does not change). With a SAMPLER, it runs with rsyslogd's pid while rows come.
through_rsyslog() { # PROGRAM [SAMPLER]
  local dir
  dir=$(mktemp -d)
  configure "$1" "$dir"
  cp "$input" "$dir/app.log"
  local start end pid rows=0
  start=$(date +%s.%N)
  "$rsyslogd" -n -f "$dir/rsyslog.conf" -i "$dir/rsyslogd.pid" > "$dir/rsyslogd.out" 2>&1 &
  pid=$!
  while ((rows < lines)); do
    sleep 0.02
    rows=$( (wc -l < "$dir/enriched.json") 2>/dev/null || echo 0)
    [[ -n ${2:-} ]] && "$2" "$pid" "$rows"
  done
  end=$(date +%s.%N)
  local program ticks
  program=$(pgrep -P "$pid" | head -1)
  ticks=$(awk '{print $14 + $15}' "/proc/$program/stat")
  kill -TERM "$pid"
  wait "$pid" || true
  rm -rf "$dir"
  awk "BEGIN {print $end - $start, $ticks / $(getconf CLK_TCK)}"
}

if $memory; then
  last=0
  sample() { # RSYSLOGD_PID ROWS (what it prints goes to stderr: stdout is the time)
    local at=$(($2 / 100000 * 100000)) child
    ((at > last)) || return 0
    last=$at
    child=$(pgrep -P "$1" -f "enrich --rsyslog" | head -1)
    [[ -n $child ]] || return 0
    echo "after $at messages: voiperr's RSS $(awk '/^VmRSS/ {print $2 " " $3}' "/proc/$child/status"), peak $(awk '/^VmHWM/ {print $2 " " $3}' "/proc/$child/status")" >&2
  }
  read -r seconds cpu < <(through_rsyslog "$voiperr enrich --rsyslog" sample)
  echo "$lines messages in $seconds s (voiperr's CPU time: $cpu s)"
  exit 0
fi

echo "$lines lines of $input through docs/pipeline.md's recipe, $runs runs each (rsyslogd $("$rsyslogd" -v | awk 'NR==1 {print $2}'))"
times_nothing=() times_voiperr=()
for ((run = 1; run <= runs; run++)); do
  times_nothing+=("$(through_rsyslog "$nothing")")
  times_voiperr+=("$(through_rsyslog "$voiperr enrich --rsyslog")")
done
python3 - "$lines" "${times_nothing[@]}" "${times_voiperr[@]}" <<'PY'
import statistics, sys
lines, runs = int(sys.argv[1]), (len(sys.argv) - 2) // 2
def medians(runs_of):
    wall, cpu = zip(*(map(float, run.split()) for run in runs_of))
    return statistics.median(wall), statistics.median(cpu)
(nothing, nothing_cpu), (voiperr, voiperr_cpu) = medians(sys.argv[2:2 + runs]), medians(sys.argv[2 + runs:])
us = lambda seconds: seconds / lines * 1e6
print(f"answering {{}}:  {nothing:.3f} s, {lines / nothing:,.0f} messages/s; the program's CPU {us(nothing_cpu):.2f} µs a message")
print(f"voiperr enrich: {voiperr:.3f} s, {lines / voiperr:,.0f} messages/s; voiperr's CPU {us(voiperr_cpu):.2f} µs a message")
print(f"voiperr's own cost: {us(voiperr - nothing):.2f} µs a message in wall time, {us(voiperr_cpu - nothing_cpu):.2f} µs of CPU")
PY
