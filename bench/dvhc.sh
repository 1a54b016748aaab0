#!/usr/bin/env bash
# The embedded reorganisation data (issue 14): its size in the binary and
# what decoding it costs, and what a consolidation pays for it.
#   - bytes: the zip inside the binary, and every symbol of the dvhc module
#     in the release binary (nm), i.e. what the data and its decoder add;
#   - decode: examples/bench-dvhc.rs, the median of RUNS decodes;
#   - a consolidation that needs it (2025) against one that does not (2018):
#     the 2018 one never decodes it (DVHC_LOADED below is 0).
# Prints a Markdown table and writes it into docs/performance.md between markers.
# usage: bench/dvhc.sh      env: RUNS (default 50), NO_DOC=1
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-50}
DOC=$ROOT/docs/performance.md
cd "$ROOT" || exit 2
cargo build --release --bin baocao --example bench-dvhc >/dev/null 2>&1 || { echo "release build failed" >&2; exit 2; }
BIN=target/release/baocao
out=$(target/release/examples/bench-dvhc "$RUNS") || exit 2
packed=$(sed -n 's/^packed_bytes=//p' <<<"$out")
median=$(sed -n 's/.*decode_ms_median=\([0-9.]*\).*/\1/p' <<<"$out")
counts=$(sed -n 's/^provinces=/provinces=/p' <<<"$out")
total=$(stat -c %s "$BIN")
# Every symbol of the module (functions and the embedded bytes).
sum_syms() { nm -S --size-sort -C "$BIN" 2>/dev/null | grep -E "$1" | python3 -c 'import sys; print(sum(int(l.split()[1], 16) for l in sys.stdin))'; }
dvhc=$(sum_syms 'dvhc')
place=$(sum_syms 'consolidate::(reorg|compare)')
tmp=$(mktemp -d)
t() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
best() { local b=999999 x; for _ in 1 2 3 4 5; do x=$(t "$@"); [ "$x" -lt "$b" ] && b=$x; done; echo "$b"; }
t18=$(best "$BIN" tonghop sample-sheets/dong-trieu-2018 -o "$tmp/a.xlsx" --force)
t25=$(best "$BIN" tonghop sample-sheets/dong-trieu-2025/2025 --period 2025 -o "$tmp/b.xlsx" --force --config sample-sheets/dong-trieu-2025.toml)
rm -rf "$tmp"
table=$(cat <<MD
| measure | value |
| --- | --- |
| release binary | $total bytes |
| embedded zip (\`data/dvhc-2025/communes.zip\`) | $packed bytes |
| code of the \`dvhc\` module (decoder, look-ups, user mappings; nm) | $dvhc bytes |
| code of \`consolidate::reorg\` and \`consolidate::compare\` (nm) | $place bytes |
| decoding it once (median of $RUNS, \`examples/bench-dvhc.rs\`) | $median ms |
| what it holds | $counts |
| \`tonghop\` 2018 sample, 58 files (never decodes it), best of 5 | $t18 ms |
| \`tonghop\` 2025 sample, 90 files (decodes it once), best of 5 | $t25 ms |
MD
)
echo "$table"
if [ "${NO_DOC:-0}" != 1 ] && grep -q '<!-- dvhc:begin -->' "$DOC"; then
  python3 - "$DOC" "$table" <<'PY'
import sys
p, t = sys.argv[1], sys.argv[2]
s = open(p, encoding='utf-8').read()
a = s.index('<!-- dvhc:begin -->') + len('<!-- dvhc:begin -->')
b = s.index('<!-- dvhc:end -->')
open(p, 'w', encoding='utf-8').write(s[:a] + '\n' + t + '\n' + s[b:])
PY
fi
