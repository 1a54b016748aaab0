#!/bin/sh
# Converts sample workbooks with LibreOffice, as offices convert their files:
# the canonical workbook to Excel 97–2003 (.xls), and the percent-format
# variant to .xls and .ods (its percentages then live in XF/FORMAT records
# and in office:value-type="percentage").
# Optional: the Rust generator (cargo run --example gen-samples -- sample-sheets)
# does not need LibreOffice; run this afterwards when soffice is installed.
set -eu
cd "$(dirname "$0")"
soffice --headless --convert-to xls --outdir . kim-son-2018.xlsx
soffice --headless --convert-to xls --outdir . kim-son-2018-phan-tram.xlsx
soffice --headless --convert-to ods --outdir . kim-son-2018-phan-tram.xlsx
