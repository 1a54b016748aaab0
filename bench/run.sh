#!/usr/bin/env bash
# The benchmark of quality.md and issue 15, in one run on this machine:
#   baocao check / report on the Kim Sơn workbook; baocao consolidate on 1,000,
#   10,000 and 50,000 generated workbooks against the floor ladder
#   (examples/floor.rs: reading the files; inflating the parts baocao uses;
#   tokenising their XML; calamine reading the cells baocao reads), each level
#   with wall and CPU time; the Python peer (bench/peer/peer.py) on 1,000 and
#   10,000; the phases of one run (BAOCAO_PHASES=1); and whether the summary's
#   bytes are those of a reference binary (REF_BIN) and of a second run.
# Prints Markdown tables and writes them into docs/performance.md between the
# markers, so a re-run replaces them.
#
# usage: bench/run.sh [--small]      (--small: 100 and 1,000 workbooks, for a quick try)
# env:   BENCH_OUT (default bench/out), RUNS (default 10), NO_PEER=1, NO_DOC=1,
#        SIZES="1000 10000" (instead of 1000 10000 50000),
#        REF_BIN=path/to/an/earlier/baocao (compare the summaries' bytes with it)
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out}
RUNS=${RUNS:-10}
SMALL=0
[ "${1:-}" = "--small" ] && SMALL=1
if [ $SMALL = 1 ]; then SIZES=(100 1000); else read -r -a SIZES <<< "${SIZES:-1000 10000 50000}"; fi
DOC=$ROOT/docs/performance.md
mkdir -p "$OUT"
LOG=$OUT/run.log
: > "$LOG"

say() { echo "$*" >&2; }

# ---------------------------------------------------------------- build
say "== building (release)"
(cd "$ROOT" && cargo build --release --bin baocao --example gen-corpus --example floor) >>"$LOG" 2>&1 || {
  say "release build failed; see $LOG"; exit 2; }
BIN=$ROOT/target/release/baocao
GEN=$ROOT/target/release/examples/gen-corpus
FLOOR=$ROOT/target/release/examples/floor

# ---------------------------------------------------------------- tools
HAVE_HF=0; command -v hyperfine >/dev/null && HAVE_HF=1
TIME=/usr/bin/time; [ -x $TIME ] || TIME=""
PY=""
if [ "${NO_PEER:-0}" != 1 ] && command -v python3 >/dev/null \
   && python3 -c 'import openpyxl, docx' 2>/dev/null; then PY=python3; fi
PEER=$ROOT/bench/peer/peer.py
[ $HAVE_HF = 1 ] || say "hyperfine not found: timing with a plain loop (coarser)"
[ -n "$TIME" ] || say "/usr/bin/time not found: no peak memory"
[ -n "$PY" ] || say "python3 with openpyxl and python-docx not found: no peer figures (pip install -r bench/peer/requirements.txt)"

# ---------------------------------------------------------------- inputs
KS=$OUT/kim-son-2018.xlsx
rm -f "$KS"
if ! "$BIN" template --example -o "$KS" >>"$LOG" 2>&1; then
  say "baocao template --example not available: writing the Kim Sơn workbook with gen-corpus --kim-son"
  "$GEN" --kim-son "$KS" || exit 2
fi
for n in "${SIZES[@]}"; do
  d=$OUT/corpus-$n
  if [ "$(cat "$d/.complete" 2>/dev/null)" != "$n" ]; then
    rm -rf "$d"
    say "== generating $n workbooks"
    "$GEN" "$n" "$d" --seed 2018 2>&1 | tee -a "$LOG" >&2 || exit 2
    echo "$n" > "$d/.complete"
  fi
done

# ---------------------------------------------------------------- measuring
# median NAME RUNS CMD... → prints the median wall time in seconds (empty on failure).
# Commands may exit non-zero (e.g. check finding errors): the time still counts.
median() {
  local name=$1 runs=$2; shift 2
  if [ $HAVE_HF = 1 ]; then
    local warm=1; [ "$runs" -le 1 ] && warm=0
    hyperfine -N -i --warmup $warm --runs "$runs" --export-json "$OUT/$name.json" -- "$(printf '%q ' "$@")" >>"$LOG" 2>&1 || return
    grep -o '"median": *[0-9.e+-]*' "$OUT/$name.json" | head -1 | sed 's/.*: *//'
  else
    local ts=()
    for _ in $(seq "$runs"); do
      local a b; a=$(date +%s%N); "$@" >/dev/null 2>&1; b=$(date +%s%N)
      ts+=("$(( (b - a) / 1000 ))")
    done
    printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.6f\n", m/1e6}'
  fi
}
# peak NAME CMD... → peak RSS in MB of one run (children included, the largest one).
peak() {
  local name=$1; shift
  [ -n "$TIME" ] || return
  $TIME -f '%M' -o "$OUT/$name.rss" "$@" >/dev/null 2>&1
  awk '{printf "%.1f\n", $1/1024}' "$OUT/$name.rss" | tail -1
}
# runs once; returns 0 unless the command could not run at all (exit 2 or signal)
probe() {
  local name=$1; shift
  "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  local rc=$?
  echo "$rc" > "$OUT/$name.rc"
  if [ $rc -ge 2 ]; then
    say "  skipped: '$*' exited $rc (not wired yet?): $(head -c 300 "$OUT/$name.err" | tr '\n' ' ')"
    return 1
  fi
}

ms() { [ -n "$1" ] && awk -v s="$1" 'BEGIN { if (s < 1) printf "%.1f ms", s*1000; else printf "%.2f s", s }' || echo "—"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a/b }' || echo "—"; }

ROWS=()
row() { # figure, baocao s, peer s, floor s, peak baocao MB, peak peer MB, target
  ROWS+=("| $1 | $(ms "$2") | $(ms "$3") | $(ratio "$3" "$2") | $(ms "$4") | $(ratio "$2" "$4") | ${5:-—} / ${6:-—} | $7 |")
}

NOTES=()

say "== process start: baocao --version"
t=$(median start "$RUNS" "$BIN" --version)
p=$(peak start "$BIN" --version)
tp=""; [ -n "$PY" ] && tp=$(median peer-start "$RUNS" "$PY" -c 'import openpyxl, docx')
pp=""; [ -n "$PY" ] && pp=$(peak peer-start "$PY" -c 'import openpyxl, docx')
row "process start (\`--version\`; peer: its imports)" "$t" "$tp" "" "$p" "$pp" ""

say "== check on the Kim Sơn workbook"
probe check "$BIN" check "$KS"
NOTES+=("\`baocao check\` on the Kim Sơn workbook exited $(cat "$OUT/check.rc") (1 = it reported errors; the time counts all the same).")
t=$(median check "$RUNS" "$BIN" check "$KS"); p=$(peak check "$BIN" check "$KS")
tp=""; pp=""
if [ -n "$PY" ]; then tp=$(median peer-check "$RUNS" "$PY" "$PEER" check "$KS"); pp=$(peak peer-check "$PY" "$PEER" check "$KS"); fi
tf=$(median floor-check "$RUNS" "$FLOOR" inflate "$KS")
row "\`check\` Kim Sơn workbook" "$t" "$tp" "$tf" "$p" "$pp" "< 10 ms"

say "== report on the Kim Sơn workbook"
t=""; p=""
if probe report "$BIN" report "$KS" -o "$OUT/report.docx"; then
  t=$(median report "$RUNS" "$BIN" report "$KS" -o "$OUT/report.docx"); p=$(peak report "$BIN" report "$KS" -o "$OUT/report.docx")
else
  NOTES+=("\`baocao report\` skipped: exited $(cat "$OUT/report.rc") ($(head -c 200 "$OUT/report.err" | tr '\n' ' ')).")
fi
tp=""; pp=""
if [ -n "$PY" ]; then tp=$(median peer-report "$RUNS" "$PY" "$PEER" report "$KS" "$OUT/peer-report.docx"); pp=$(peak peer-report "$PY" "$PEER" report "$KS" "$OUT/peer-report.docx"); fi
row "\`report\` Kim Sơn workbook" "$t" "$tp" "$tf" "$p" "$pp" "< 20 ms"

say "== hostile text: one long text shown by thousands of cells (refused by the text budget)"
HT=$OUT/hostile-text
"$GEN" --hostile-text "$HT" >>"$LOG" 2>&1 || { say "gen-corpus --hostile-text failed"; exit 2; }
for f in "$HT"/*; do
  b=$(basename "$f")
  "$BIN" check "$f" >"$OUT/ht-$b.out" 2>&1; rc=$?
  NOTES+=("\`baocao check\` on the hostile \`$b\` ($(wc -c < "$f") bytes on disk) exited $rc (2 = refused with E-FILE-TOO-LARGE).")
  t=$(median "ht-$b" "$RUNS" "$BIN" check "$f"); p=$(peak "ht-$b" "$BIN" check "$f")
  row "\`check\` hostile \`$b\`" "$t" "" "" "$p" "" "< 5 s, < 200 MB"
done

# cpu NAME → user + system seconds (mean) of the hyperfine runs of NAME.
cpu() {
  [ -f "$OUT/$1.json" ] || return
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.6f" % (r["user"] + r["system"]))' "$OUT/$1.json" 2>/dev/null
}
par() { [ -n "$1" ] && [ -n "$2" ] && awk -v c="$1" -v w="$2" 'BEGIN { printf "%.2f", c/w }' || echo "—"; }

declare -A CT CC PK
LADDER=()
for n in "${SIZES[@]}"; do
  d=$OUT/corpus-$n
  runs=10; [ "$n" -ge 10000 ] && runs=3; [ "$n" -ge 50000 ] && runs=1
  nice=$(printf "%'d" "$n" 2>/dev/null || echo "$n")
  say "== consolidate $n workbooks"
  t=""; p=""; c=""
  if probe "cons-$n" "$BIN" consolidate "$d" -o "$OUT/sum-$n.xlsx" --period 2018 --force; then
    t=$(median "cons-$n" $runs "$BIN" consolidate "$d" -o "$OUT/sum-$n.xlsx" --period 2018 --force)
    c=$(cpu "cons-$n")
    p=$(peak "cons-$n" "$BIN" consolidate "$d" -o "$OUT/sum-$n.xlsx" --period 2018 --force)
    NOTES+=("\`baocao consolidate\` of $nice exited $(cat "$OUT/cons-$n.rc").")
    # Same bytes: a second run, and the reference binary's summary.
    cp "$OUT/sum-$n.xlsx" "$OUT/sum-$n.first.xlsx"
    "$BIN" consolidate "$d" -o "$OUT/sum-$n.xlsx" --period 2018 --force >/dev/null 2>&1
    if cmp -s "$OUT/sum-$n.xlsx" "$OUT/sum-$n.first.xlsx"; then same="two runs give the same bytes"; else same="**two runs differ**"; fi
    if [ -n "${REF_BIN:-}" ]; then
      "$REF_BIN" consolidate "$d" -o "$OUT/ref-sum-$n.xlsx" --period 2018 --force >/dev/null 2>&1
      if cmp -s "$OUT/sum-$n.xlsx" "$OUT/ref-sum-$n.xlsx"; then same="$same; byte-identical to the reference binary's ($(basename "$REF_BIN"))"; else same="$same; **differs from the reference binary's** ($(basename "$REF_BIN"))"; fi
    fi
    NOTES+=("summary of $nice: $same.")
    phases=$(BAOCAO_PHASES=1 "$BIN" consolidate "$d" -o "$OUT/sum-$n.xlsx" --period 2018 --force 2>&1 >/dev/null | sed -n 's/^phase //p' | tr '\n' ';' | sed 's/;$//; s/;/ · /g')
    NOTES+=("phases of one run of $nice (time since start, at the end of each): $phases.")
  else
    NOTES+=("\`baocao consolidate\` of $nice skipped: exited $(cat "$OUT/cons-$n.rc") ($(head -c 200 "$OUT/cons-$n.err" | tr '\n' ' ')).")
  fi
  CT[$n]=$t; CC[$n]=$c; PK[$n]=$p
  LADDER+=("" "**$nice workbooks** ($(du -sm "$d/" | cut -f1) MB)" "" "| level | wall | CPU (user + sys) | CPU ÷ wall | baocao ÷ level, wall | baocao ÷ level, CPU |" "| --- | --- | --- | --- | --- | --- |")
  for level in read inflate tokenize calamine; do
    say "   floor: $level"
    tl=$(median "floor-$level-$n" $runs "$FLOOR" $level "$d"); cl=$(cpu "floor-$level-$n")
    [ $level = inflate ] && tf=$tl
    LADDER+=("| $level | $(ms "$tl") | $(ms "$cl") | $(par "$cl" "$tl") | $(ratio "$t" "$tl") | $(ratio "$c" "$cl") |")
  done
  LADDER+=("| **baocao consolidate** | $(ms "$t") | $(ms "$c") | $(par "$c" "$t") | 1.0× | 1.0× |")
  # The peer: a few runs on 1,000, one run on 10,000 (it takes minutes), none on 50,000.
  tp1=""; tp2=""; pp1=""; pp2=""
  if [ -n "$PY" ] && [ "$n" -le 10000 ]; then
    prun=3; [ "$n" -ge 10000 ] && prun=1
    say "   peer, 1 process ($prun run(s))"
    tp1=$(median "peer-cons1-$n" $prun "$PY" "$PEER" consolidate "$d" "$OUT/peer-sum-$n.xlsx" --period 2018)
    [ "$n" -lt 10000 ] && pp1=$(peak "peer-cons1-$n" "$PY" "$PEER" consolidate "$d" "$OUT/peer-sum-$n.xlsx" --period 2018)
    say "   peer, 2 processes ($prun run(s))"
    if [ "$n" -ge 10000 ] && [ -n "$TIME" ]; then
      $TIME -f '%e %M' -o "$OUT/peer-cons2-$n.time" "$PY" "$PEER" consolidate "$d" "$OUT/peer-sum-$n.xlsx" --period 2018 --jobs 2 >/dev/null 2>&1
      read -r tp2 pp2 < "$OUT/peer-cons2-$n.time"; pp2=$(awk -v k="$pp2" 'BEGIN{printf "%.1f", k/1024}')
      pp2="$pp2 (largest process)"
    else
      tp2=$(median "peer-cons2-$n" $prun "$PY" "$PEER" consolidate "$d" "$OUT/peer-sum-$n.xlsx" --period 2018 --jobs 2)
    fi
    LADDER+=("| Python peer, 1 process | $(ms "$tp1") | | | $(ratio "$t" "$tp1") | |" "| Python peer, 2 processes | $(ms "$tp2") | | | $(ratio "$t" "$tp2") | |")
  fi
  LADDER+=("" "Peak memory of one baocao run: ${p:-—} MB.")
  target="< 0.4 s (0.3 s)"; [ "$n" -ge 10000 ] && target="< 4 s, < 50 MB"; [ "$n" -ge 50000 ] && target="< 50 MB"; [ "$n" -lt 1000 ] && target=""
  if [ -n "$PY" ] && [ "$n" -le 10000 ]; then
    row "\`consolidate\` $nice workbooks (peer: 1 process)" "$t" "$tp1" "$tf" "$p" "$pp1" "$target"
    row "\`consolidate\` $nice workbooks (peer: 2 processes)" "$t" "$tp2" "$tf" "$p" "$pp2" "$target"
  else
    row "\`consolidate\` $nice workbooks" "$t" "" "$tf" "$p" "" "$target"
  fi
done
for ((i = 1; i < ${#SIZES[@]}; i++)); do
  a=${SIZES[$((i - 1))]}; b=${SIZES[$i]}
  if [ -n "${CT[$a]}" ] && [ -n "${CT[$b]}" ]; then
    NOTES+=("growth: consolidate of $b takes $(ratio "${CT[$b]}" "${CT[$a]}") the time of $a ($(( b / a ))× the files); peak memory ${PK[$a]:-?} → ${PK[$b]:-?} MB.")
  fi
done

# ---------------------------------------------------------------- table
MODEL=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
MEM=$(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GiB"}')
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, ${MODEL:-unknown CPU}, ${MEM:-? GiB} memory, $(uname -sr)."
  echo "Times are whole-process medians (hyperfine: $([ $HAVE_HF = 1 ] && echo yes || echo no)); peak MB is the maximum resident set size of one run."
  echo
  echo "| figure | baocao | peer | peer ÷ baocao | floor | baocao ÷ floor | peak MB (baocao / peer) | target |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "The floor column is the ladder's \`inflate\` level. The ladder, level by level (wall: median; CPU: mean user + system of the same runs; CPU ÷ wall near 2 means both cores busy):"
  printf '%s\n' "${LADDER[@]}"
  echo
  for n in "${NOTES[@]}"; do echo "- $n"; done
} > "$OUT/table.md"
cat "$OUT/table.md"

if [ "${NO_DOC:-0}" != 1 ] && [ -f "$DOC" ] && grep -q '<!-- bench:begin -->' "$DOC"; then
  awk -v table="$OUT/table.md" '
    /<!-- bench:begin -->/ { print; while ((getline l < table) > 0) print l; skip=1; next }
    /<!-- bench:end -->/ { skip=0 }
    !skip { print }' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
  say "== table written to docs/performance.md"
elif [ "${NO_DOC:-0}" != 1 ]; then
  { echo; echo "<!-- bench:begin -->"; cat "$OUT/table.md"; echo "<!-- bench:end -->"; } >> "$DOC"
  say "== table appended to docs/performance.md"
fi
