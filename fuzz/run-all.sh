#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another,
# starting from the seeds in fuzz/seeds/<target>/ and the corpus kept in
# fuzz/corpus/<target>/. Prints one line per target; exits 1 if any crashed.
# Crashing inputs are left in fuzz/artifacts/<target>/.
set -uo pipefail
SECONDS_EACH=${1:-600}
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1   # cargo fuzz needs nightly flags; only stable is installed
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz missing: cargo install cargo-fuzz" >&2; exit 2; }
TARGETS=${TARGETS:-"number date period legacy workbook"}
cargo fuzz build -O >/dev/null 2>&1 || { echo "cargo fuzz build failed (run it by hand to see why)" >&2; exit 2; }
failed=0
mkdir -p logs
for t in $TARGETS; do
  mkdir -p "corpus/$t"
  extra=()
  [ "$t" = workbook ] && extra=(-max_len=65536 -rss_limit_mb=2048)
  cargo fuzz run -O "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$SECONDS_EACH" -timeout=10 "${extra[@]}" >"logs/$t.log" 2>&1
  rc=$?
  stats=$(grep -E '^(#[0-9]+|Done)' "logs/$t.log" | tail -n 1)
  if [ $rc = 0 ]; then
    echo "$t: ok — $stats"
  else
    failed=1
    echo "$t: FAILED (exit $rc) — see fuzz/logs/$t.log and fuzz/artifacts/$t/"
    grep -m1 -E 'panicked at|ERROR: libFuzzer|SUMMARY' "logs/$t.log"
  fi
done
exit $failed
