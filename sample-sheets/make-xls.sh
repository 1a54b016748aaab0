#!/bin/sh
# Converts the canonical sample workbook to Excel 97–2003 (.xls) with LibreOffice.
# Optional: the Rust generator (cargo run --example gen-samples -- sample-sheets)
# does not need LibreOffice; run this afterwards when soffice is installed.
set -eu
cd "$(dirname "$0")"
soffice --headless --convert-to xls --outdir . kim-son-2018.xlsx
