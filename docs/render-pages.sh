#!/usr/bin/env bash
# Renders the pages the README and docs show, as a user would see them:
# baocao writes the .docx / .xlsx, LibreOffice prints them to PDF, pdftoppm
# makes the pictures (docs/pages/*.png). Run after a change to the layout:
#     bash docs/render-pages.sh
# Needs LibreOffice (soffice) and poppler-utils (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/pages
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --release --quiet
bin=target/release/baocao
pdf() { # FILE NAME: FILE → $tmp/NAME.pdf, with a profile of its own
    cp "$1" "$tmp/$2.${1##*.}"
    soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
        --outdir "$tmp" "$tmp/$2.${1##*.}" >/dev/null 2>&1
}
png() { # NAME FIRST LAST: pages of $tmp/NAME.pdf → docs/pages/NAME-N.png
    pdftoppm -png -r 50 -f "$2" -l "$3" "$tmp/$1.pdf" "$out/$1"
}
rm -f "$out"/*.png
# The Kim Sơn 2018 year report (the reference), a month of a ward, the
# office's consolidated report and its printed summary.
"$bin" report sample-sheets/kim-son-2018.xlsx -o "$tmp/r.docx" 2>/dev/null
pdf "$tmp/r.docx" bao-cao-kim-son-2018 && png bao-cao-kim-son-2018 1 3
"$bin" report sample-sheets/dong-trieu-2018/trang-an-2018-03.xlsx -o "$tmp/m.docx" 2>/dev/null
pdf "$tmp/m.docx" bao-cao-thang-3-2018-trang-an && png bao-cao-thang-3-2018-trang-an 1 2
"$bin" tonghop sample-sheets/dong-trieu-2018 --period 2018 -o "$tmp/s.xlsx" --report "$tmp/t.docx" \
    --config sample-sheets/dong-trieu-2018.toml 2>/dev/null
pdf "$tmp/t.docx" bao-cao-tong-hop-2018 && png bao-cao-tong-hop-2018 1 3
pdf "$tmp/s.xlsx" bang-tong-hop-2018 && png bang-tong-hop-2018 1 3
ls -l "$out"
