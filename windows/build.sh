#!/usr/bin/env bash
# baocao.exe for Windows, cross-built on Debian bookworm from Debian's packages
# and crates.io only, and tested under Wine. The machine's rustup toolchain is
# left alone: Debian's rustc-web (pinned below) is unpacked into WORKDIR.
#
#   bash windows/build.sh WORKDIR [build|smoke|test|release]
#
#   build    the release .exe: WORKDIR/target/TARGET/release/baocao.exe
#   smoke    build, then run the .exe under Wine against a Linux build of the
#            same checkout; every difference is a failure (exit 1)
#   test     build, then the integration tests (tests/*.rs) for the Windows
#            target, each test binary under Wine, against baocao.exe
#   release  build, then WORKDIR/release/baocao-VERSION-windows-x64.zip
#            (baocao.exe, HUONG-DAN.txt, the blank template, the Kim Sơn
#            example) and its .sha256
#
# WINDOWS_TARGET=x86_64-win7-windows-gnu builds for Windows 7/8.1 (tier 3,
# "builds and runs under Wine", see docs/windows.md). Needs root (apt-get).
# Adapted from the experiment in ../shared/tools/windows-build.sh; findings in
# docs/windows.md.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 WORKDIR [build|smoke|test|release]" >&2; exit 2; }
mkdir -p "$1"
W=$(cd "$1" && pwd)
MODE=${2:-build}
TARGET=${WINDOWS_TARGET:-x86_64-pc-windows-gnu}
cd "$(dirname "$0")/.."
[ -f Cargo.toml ] || { echo "run from the project checkout" >&2; exit 2; }
log() { printf '\n== %s\n' "$*" >&2; }
# The compiler, pinned so that a build is repeatable; RUSTC_WEB_VERSION overrides.
PINNED=1.96.0+dfsg1-1~deb12u2

# --- 1. Debian's Rust 1.96 toolchain, unpacked into $W/toolchain -----------
TC=$W/toolchain
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
want=${RUSTC_WEB_VERSION:-$PINNED}
# (captured first: with pipefail, grep -q closing the pipe early would fail the test)
offered=$(apt-cache madison rustc-web)
grep -qF " $want " <<<"$offered" ||
    { echo "rustc-web $want is not offered by apt (apt-cache madison rustc-web); set RUSTC_WEB_VERSION" >&2; exit 1; }
if [ "$(cat "$TC/.version" 2>/dev/null)" != "$want" ]; then
    log "downloading rustc-web $want"
    rm -rf "$W/debs" "$TC"; mkdir -p "$W/debs" "$TC"
    # (as root, apt warns that the download "is performed unsandboxed": harmless)
    (cd "$W/debs" && apt-get download -q "rustc-web=$want" "cargo-web=$want" \
        "libstd-rust-web-dev=$want" "rust-web-src=$want")
    # the compiler's shared library package is named after its version (libstd-rust-web-1.96)
    libpkg=$(dpkg-deb -f "$W"/debs/libstd-rust-web-dev_*.deb Depends | sed -E 's/^ *([^ ,(]+).*/\1/')
    (cd "$W/debs" && apt-get download -q "$libpkg=$want")
    for d in "$W"/debs/*.deb; do dpkg-deb -x "$d" "$TC"; done
    echo "$want" > "$TC/.version"
fi
# what the unpacked rustc and cargo link against (libllvm22, libgit2-1.5, ...),
# plus the cross linker and Wine
deps=$(for d in "$W"/debs/*.deb; do dpkg-deb -f "$d" Depends; done | tr ',' '\n' |
    sed -E 's/\|.*//; s/\(.*\)//; s/:any//; s/ //g' |
    grep -v -E '^(rustc-web|cargo-web|libstd-rust-web.*|)$' | sort -u)
# (a virtual one such as libc-dev counts when an installed package provides it;
# nothing installed is upgraded)
provided=$(dpkg-query -W -f='${Provides}\n' 2>/dev/null | tr ',' '\n' | sed -E 's/\(.*\)//; s/ //g' | sort -u)
need=()
for p in $deps gcc-mingw-w64-x86-64 wine wine64; do
    dpkg -s "$p" >/dev/null 2>&1 || grep -qx -- "$p" <<<"$provided" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

export PATH="$TC/usr/bin:$PATH"
export LD_LIBRARY_PATH="$TC/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export RUSTC="$TC/usr/bin/rustc" RUSTDOC="$TC/usr/bin/rustdoc"
export RUSTC_BOOTSTRAP=1                   # -Zbuild-std on a stable compiler
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_DIR="$W/target"
CARGO="$TC/usr/bin/cargo"
"$RUSTC" -V >&2; "$CARGO" -V >&2
# -Zbuild-std reads the library from $(rustc --print sysroot)/lib/rustlib/src/rust/library;
# rust-web-src ships that path as a symlink to usr/src/rustc-1.96.0, which unpacks as is.
[ -f "$("$RUSTC" --print sysroot)/lib/rustlib/src/rust/library/Cargo.lock" ] ||
    { echo "standard library source missing under the sysroot" >&2; exit 1; }

# --- 2. build -----------------------------------------------------------------
log "cargo build --release --target $TARGET (std from source)"
SECONDS=0
# Paths of this machine are not written into the .exe (panic locations).
export RUSTFLAGS="--remap-path-prefix=$PWD=baocao --remap-path-prefix=$HOME/.cargo/registry/src=crates --remap-path-prefix=$TC/usr/src=rust"
"$CARGO" build -Zbuild-std --target "$TARGET" --release --locked
EXE_DIR="$W/target/$TARGET/release"
echo "built in ${SECONDS}s: $(ls "$EXE_DIR"/*.exe)" >&2
ls -l "$EXE_DIR"/*.exe >&2
[ "$MODE" = build ] && exit 0
EXE="$EXE_DIR/baocao.exe"


# --- 3. Wine, with the one DLL that Wine 8.0 lacks ----------------------------
# Rust >= 1.78's std imports ProcessPrng from bcryptprimitives.dll (Windows 10+);
# bookworm's Wine 8.0 has no such DLL, so every Rust .exe fails to start with
# "Library bcryptprimitives.dll ... not found" (status c0000135). A stand-in built
# with mingw, installed in the Wine prefix only, forwards it to RtlGenRandom.
# holdopen.exe keeps a file open as Word/Excel do, to test writing over it.
export WINEPREFIX="$W/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$W/stub"
cat > "$W/stub/bcryptprimitives.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n; len -= n;
    }
    return TRUE;
}
EOF
printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\n  ProcessPrng\n' > "$W/stub/bcryptprimitives.def"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$W/stub/bcryptprimitives.dll" \
    "$W/stub/bcryptprimitives.c" "$W/stub/bcryptprimitives.def" -ladvapi32
cat > "$W/stub/holdopen.c" <<'EOF'
#include <windows.h>
#include <stdio.h>
#include <wchar.h>
/* holdopen PATH SECONDS [read]: PATH open with no sharing, or read sharing only */
int wmain(int argc, wchar_t **argv) {
    if (argc < 3) { fprintf(stderr, "usage: holdopen PATH SECONDS [read]\n"); return 2; }
    DWORD share = (argc > 3 && wcscmp(argv[3], L"read") == 0) ? FILE_SHARE_READ : 0;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, share, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) { fprintf(stderr, "open failed: %lu\n", GetLastError()); return 1; }
    printf("holding %ls (share=%lu)\n", argv[1], share); fflush(stdout);
    Sleep((DWORD)_wtoi(argv[2]) * 1000);
    CloseHandle(h);
    return 0;
}
EOF
x86_64-w64-mingw32-gcc -municode -O2 -s -o "$W/stub/holdopen.exe" "$W/stub/holdopen.c"
if [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then
    log "wineboot (new prefix $WINEPREFIX)"
    wineboot -i >/dev/null 2>&1 || true
fi
# The stand-in is for Wine only: real Windows 10/11 has the DLL, and the
# Windows 7 build does not import it.
cp "$W/stub/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
wine --version >&2


# --- 4. the chosen mode
export W EXE TARGET TC CARGO
exec bash "windows/$MODE.sh"
