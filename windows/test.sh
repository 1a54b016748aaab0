#!/usr/bin/env bash
# The whole test suite built for the Windows target, every test binary (and
# so every baocao.exe the integration tests start) under Wine. Started by
# `windows/build.sh WORKDIR test`. Tests that need a Unix program (soffice,
# pdftotext, iconv, mkfifo) print "SKIPPED: … not found" there: Wine's PATH
# has none; they run in the Linux suite.
set -uo pipefail
: "${W:?run through windows/build.sh}" "${CARGO:?}" "${TARGET:?}"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_RUNNER=wine
SECONDS=0
"$CARGO" test -Zbuild-std --target "$TARGET" --locked --no-run > "$W/test-build.log" 2>&1 || { tail -30 "$W/test-build.log"; exit 1; }
built=$SECONDS
"$CARGO" test -Zbuild-std --target "$TARGET" --locked --no-fail-fast -- --show-output > "$W/test.log" 2>&1
rc=$?
# Wine itself sometimes loses its server connection and a test's output with
# it ("wine client error", see smoke.sh). Then, and only then, the suite is run
# once more, and the first run's log is kept beside the second.
if [ $rc != 0 ] && grep -q "wine client error" "$W/test.log"; then
    echo "windows cargo test: Wine's own error in the first run; running the suite once more" >&2
    mv "$W/test.log" "$W/test-first-run.log"
    wineserver -k || true
    "$CARGO" test -Zbuild-std --target "$TARGET" --locked --no-fail-fast -- --show-output > "$W/test.log" 2>&1
    rc=$?
fi
wineserver -w || true
passed=$(grep -Eo '[0-9]+ passed' "$W/test.log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$W/test.log" | awk '{s+=$1} END {print s+0}')
skipped=$(grep -c "SKIPPED" "$W/test.log" || true)
grep -E '^---- |panicked|SKIPPED' "$W/test.log" | sort | uniq -c | head -40 >&2
echo "windows cargo test: exit $rc; $passed passed, $failed failed, $skipped SKIPPED lines; built in ${built}s, total ${SECONDS}s (log: $W/test.log)"
exit $rc
