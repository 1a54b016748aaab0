#!/usr/bin/env bash
# Resident memory of one `baocao consolidate` run over time (Linux: /proc),
# sampled every 100 ms, to see which phase the peak belongs to: reading the
# inputs (parallel, streamed to the consolidation's temporary store) or
# writing the summary (whose sheets have a row per unit).
#
# usage: bench/rss-timeline.sh DIR [baocao arguments after the folder]
#   e.g. bench/rss-timeline.sh bench/out/corpus-10000 --period 2018
# Prints one line: "MB at each 100 ms sample", then the peak.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/target/release/baocao
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release --bin baocao >/dev/null 2>&1)
DIR=$1; shift
OUT=$(mktemp -d)
"$BIN" consolidate "$DIR" -o "$OUT/sum.xlsx" "$@" >/dev/null 2>&1 &
pid=$!
samples=()
while kill -0 $pid 2>/dev/null; do
  kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || true)
  [ -n "$kb" ] && samples+=($((kb / 1024)))
  sleep 0.1
done
wait $pid || true
rm -rf "$OUT"
echo "${samples[*]}"
printf '%s\n' "${samples[@]}" | sort -n | tail -1 | sed 's/^/peak sampled MB: /'
