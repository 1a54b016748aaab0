#!/usr/bin/env bash
# The folder a clerk downloads: baocao.exe, HUONG-DAN.txt, the blank template
# and the Kim Sơn example, zipped with fixed dates and listed by SHA-256.
# Started by `windows/build.sh WORKDIR release`.
set -euo pipefail
: "${W:?run through windows/build.sh}" "${EXE:?}"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name="baocao-$version-windows-x64"
[ "$TARGET" = x86_64-win7-windows-gnu ] && name="baocao-$version-windows7-x64"
out="$W/release/$name"
rm -rf "$W/release"; mkdir -p "$out"
x86_64-w64-mingw32-strip -o "$out/baocao.exe" "$EXE"
# CRLF and a UTF-8 BOM, so that Windows 7's Notepad shows the letters too.
python3 -c 'import sys; t=open(sys.argv[1],encoding="utf-8").read(); open(sys.argv[2],"w",encoding="utf-8-sig",newline="\r\n").write(t)' \
    windows/HUONG-DAN.txt "$out/HUONG-DAN.txt"
# The template and the example, written by the Linux build of the same
# checkout (same bytes as the .exe writes, see smoke.sh).
env -u RUSTC -u RUSTDOC -u RUSTC_BOOTSTRAP -u RUSTFLAGS PATH="${PATH#"$TC/usr/bin:"}" \
    cargo run --quiet --release --locked -- mau -o "$out/So-mau-TTHTCD.xlsx"
cp sample-sheets/kim-son-2018.xlsx "$out/Vi-du-Kim-Son-2018.xlsx"
python3 - "$W/release" "$name" <<'PY'
import os, sys, zipfile
root, name = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(os.path.join(root, name + ".zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for f in sorted(os.listdir(os.path.join(root, name))):
        info = zipfile.ZipInfo(f"{name}/{f}", date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(root, name, f), "rb") as src:
            z.writestr(info, src.read())
PY
(cd "$W/release" && sha256sum "$name.zip" > "$name.zip.sha256" && sha256sum "$name"/* >> "$name.zip.sha256")
ls -l "$W/release" >&2
cat "$W/release/$name.zip.sha256"
