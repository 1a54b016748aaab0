#!/usr/bin/env bash
# The Windows .exe under Wine against a Linux build of the same checkout.
# Started by `windows/build.sh WORKDIR smoke` (which sets W, EXE, WINEPREFIX…).
# Every line it prints is a check; any failure makes it exit 1.
set -uo pipefail
: "${W:?run through windows/build.sh}" "${EXE:?}"

log() { printf '\n== %s\n' "$*" >&2; }
log "Linux build to compare with (the machine's own cargo)"
LIN_TARGET="$W/target-linux"
env -u RUSTC -u RUSTDOC -u RUSTC_BOOTSTRAP -u RUSTFLAGS PATH="${PATH#"$TC/usr/bin:"}" \
    CARGO_TARGET_DIR="$LIN_TARGET" cargo build --release --locked || exit 1
LIN="$LIN_TARGET/release/baocao"
R="$W/smoke"; rm -rf "$R"; mkdir -p "$R"
fail=0
ok() { echo "ok   $*" | tee -a "$R/summary.txt"; }
bad() { echo "FAIL $*" | tee -a "$R/summary.txt"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
# Wine itself now and then loses its server connection ("wine client error:
# … recvmsg: Connection reset by peer": about one run in 300 here) and the
# program's output is lost. Such a run is Wine's failure, not the program's: it
# is run again (at most twice more) and listed in wine-retries.txt. Output is
# stdout then stderr, for the Linux build the same way, so both compare alike.
RETRIES="$R/wine-retries.txt"; : > "$RETRIES"
win() {
    local rc attempt
    for attempt in 1 2 3; do
        wine "$EXE" "$@" > "$R/.out" 2> "$R/.err"; rc=$?
        grep -q "wine client error" "$R/.out" "$R/.err" || break
        echo "attempt $attempt: Wine's own error: $*" >> "$RETRIES"
    done
    cat "$R/.out"; cat "$R/.err" >&2
    return $rc
}
lin() {
    local rc
    "$LIN" "$@" > "$R/.lout" 2> "$R/.lerr"; rc=$?
    cat "$R/.lout"; cat "$R/.lerr" >&2
    return $rc
}

win --help > "$R/help.txt" 2>&1
check "--help exits 0 and the usage line says baocao" '[ $? = 0 ] && grep -q "Cách dùng: baocao " "$R/help.txt" && ! grep -q "baocao.exe" "$R/help.txt"'

# Every sample: check --json and --verbose give Linux's output and exit code.
n=0; same=0
for f in sample-sheets/*.xlsx sample-sheets/*.xls sample-sheets/*.ods sample-sheets/dong-trieu-2018/*.xlsx; do
    b=$(echo "$f" | tr / _)
    for v in --json --verbose; do
        win check "$f" $v > "$R/$b$v.win" 2>&1; rw=$?
        lin check "$f" $v > "$R/$b$v.linux" 2>&1; rl=$?
        n=$((n+1))
        if [ $rw = $rl ] && cmp -s "$R/$b$v.win" "$R/$b$v.linux"; then same=$((same+1)); else bad "check $f $v: exit win=$rw linux=$rl"; fi
    done
done
check "check on every sample: $same of $n runs give the Linux output and exit code" '[ $same = $n ]'

# The report and the consolidation: byte-identical files.
win report sample-sheets/kim-son-2018.xlsx -o "$R/win.docx" > "$R/r.win" 2>&1; rw=$?
lin report sample-sheets/kim-son-2018.xlsx -o "$R/linux.docx" > "$R/r.linux" 2>&1; rl=$?
check "report: exit 0 on both" '[ $rw = 0 ] && [ $rl = 0 ]'
check "report .docx byte-identical to Linux's" 'cmp -s "$R/win.docx" "$R/linux.docx"'
win mau -o "$R/mau.win.xlsx" > /dev/null 2>&1; "$LIN" mau -o "$R/mau.linux.xlsx" > /dev/null 2>&1
check "template .xlsx byte-identical to Linux's" 'cmp -s "$R/mau.win.xlsx" "$R/mau.linux.xlsx"'
args=(tonghop sample-sheets/dong-trieu-2018 --period 2018-Q1 --config sample-sheets/dong-trieu-2018.toml)
mkdir -p "$R/tw" "$R/tl"
win "${args[@]}" -o "$R/tw/q1.xlsx" --report "$R/tw/q1.docx" > "$R/t.win" 2>&1; rw=$?
lin "${args[@]}" -o "$R/tl/q1.xlsx" --report "$R/tl/q1.docx" > "$R/t.linux" 2>&1; rl=$?
check "tonghop: exit 0 on both" '[ $rw = 0 ] && [ $rl = 0 ]'
check "summary .xlsx byte-identical to Linux's (paths as typed, with /)" 'cmp -s "$R/tw/q1.xlsx" "$R/tl/q1.xlsx"'
check "consolidated .docx byte-identical to Linux's" 'cmp -s "$R/tw/q1.docx" "$R/tl/q1.docx"'
check "tonghop messages identical (paths as typed)" 'diff <(sed "s#$R/t[wl]#OUT#g" "$R/t.win") <(sed "s#$R/t[wl]#OUT#g" "$R/t.linux") >/dev/null'

# Vietnamese letters and spaces in paths, with / and with \.
mkdir -p "$R/Báo cáo"
cp sample-sheets/kim-son-2018.xlsx "$R/Báo cáo/Phường Kim Sơn tháng 3.xlsx"
win report "$R/Báo cáo/Phường Kim Sơn tháng 3.xlsx" -o "$R/Báo cáo/Báo cáo Kim Sơn tháng 3.docx" > "$R/vn.txt" 2>&1
check "Vietnamese path with spaces: exit 0, same .docx" '[ $? = 0 ] && cmp -s "$R/Báo cáo/Báo cáo Kim Sơn tháng 3.docx" "$R/win.docx"'
wpath=$(winepath -w "$R/Báo cáo/Phường Kim Sơn tháng 3.xlsx")
win check "$wpath" > "$R/vn2.txt" 2>&1
check "Vietnamese path typed with \\ (Z:\\…): exit 0" '[ $? = 0 ]'

# Exit codes and messages.
win mau -o "$R/blank.xlsx" > /dev/null 2>&1
win check "$R/blank.xlsx" > /dev/null 2>&1; check "blank template: check exits 1" '[ $? = 1 ]'
win check khong-co.xlsx > "$R/x.txt" 2>&1; check "missing input: exit 2, plain message" '[ $? = 2 ] && grep -q "Không có tệp khong-co.xlsx" "$R/x.txt"'
win frobnicate > /dev/null 2>&1; check "unknown command: exit 2" '[ $? = 2 ]'
win report sample-sheets/kim-son-2018.xlsx -o "$R/khong-co/x.docx" > "$R/x.txt" 2>&1
check "missing output folder: exit 2, says so, no temporary name" '[ $? = 2 ] && grep -q "không có thư mục" "$R/x.txt" && ! grep -q ".baocao-" "$R/x.txt"'
cp "$R/win.docx" "$R/ro.docx"; (cd "$R" && wine cmd /c attrib +r ro.docx)
win report sample-sheets/kim-son-2018.xlsx -o "$R/ro.docx" > "$R/x.txt" 2>&1
check "read-only output: exit 2, says read-only" '[ $? = 2 ] && grep -q "chỉ đọc" "$R/x.txt"'

# A file held open as Word and Excel do (read sharing only), or with no sharing:
# found before any work, in plain words, and left as it was.
for share in none read; do
    cp "$R/win.docx" "$R/open-$share.docx"
    # The holder itself can die of Wine's own error ("wine client error:
    # recvmsg") before it holds anything; it is started again then, and the
    # check below still fails if it never held the file.
    for attempt in 1 2 3; do
        wine "$W/stub/holdopen.exe" "$R/open-$share.docx" 15 "$share" > "$R/hold.txt" 2>&1 &
        holder=$!
        for _ in $(seq 1 20); do grep -q holding "$R/hold.txt" 2>/dev/null && break; sleep 0.5; done
        grep -q holding "$R/hold.txt" 2>/dev/null && break
        echo "attempt $attempt: the file holder did not start ($(head -c 200 "$R/hold.txt" | tr '\n' ' '))" >> "$RETRIES"
        kill "$holder" 2>/dev/null || true
        wait "$holder" 2>/dev/null || true
    done
    win report sample-sheets/kim-son-2018.xlsx -o "$R/open-$share.docx" > "$R/x.txt" 2>&1; rc=$?
    check "output held open (sharing: $share): exit 2, 'đang mở … đóng tệp rồi chạy lại', file intact" \
        '[ $rc = 2 ] && grep -q "đang mở trong Word, Excel" "$R/x.txt" && grep -q "đóng tệp rồi chạy lại" "$R/x.txt" && cmp -s "$R/open-$share.docx" "$R/win.docx"'
    wait $holder
done

# Redirected output is UTF-8.
for attempt in 1 2 3; do
    wine cmd /c "$(winepath -w "$EXE") check sample-sheets\\kim-son-2018.xlsx > $(winepath -w "$R")\\redirect.txt" > "$R/.cmd" 2>&1
    # An empty file with Wine's own error (or none at all) is Wine losing the run.
    [ -s "$R/redirect.txt" ] && break
    echo "attempt $attempt: cmd /c redirect wrote nothing ($(head -c 200 "$R/.cmd" | tr '\n' ' '))" >> "$RETRIES"
done
check "output redirected by cmd.exe is UTF-8 Vietnamese" 'grep -q "Kết quả" "$R/redirect.txt"'
wineserver -w || true
n_retry=$(wc -l < "$RETRIES")
[ "$n_retry" = 0 ] || echo "note: $n_retry run(s) repeated after Wine's own error (see $RETRIES)"
echo "smoke: $([ $fail = 0 ] && echo "every check passed" || echo "SOME CHECKS FAILED") (details in $R)"
exit $fail
