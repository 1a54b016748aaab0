#!/usr/bin/env python3
"""The Python peer of the benchmark: what a capable user would script with
openpyxl and python-docx to do baocao's three jobs on canonical workbooks.

    peer.py check FILE
    peer.py report FILE OUT.docx
    peer.py consolidate DIR OUT.xlsx [--jobs N] [--period YYYY]

It is meant to be an honest comparison, neither slowed down nor tuned beyond
what such a script would be: read-only, values-only reading; sheets found by
name (by position when renamed); tables found by their header; "1.113" typed
as text read as 1113.
"""
import os
import re
import sys
from multiprocessing import Pool

from openpyxl import Workbook, load_workbook

SHEETS = ["Thông tin", "Hoạt động", "Chỉ tiêu", "Văn bản chỉ đạo"]


def to_number(v):
    """A cell value as a number: None when empty; Vietnamese text notation."""
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)):
        return v
    s = str(v).strip().replace(" ", "")
    for suffix in ("người", "lượt", "%", "đ"):
        s = s.removesuffix(suffix)
    s = s.replace(".", "").replace(",", ".")
    try:
        f = float(s)
    except ValueError:
        raise ValueError(f"not a number: {v!r}")
    return int(f) if f.is_integer() else f


def sheet(wb, i):
    name = SHEETS[i]
    if name in wb.sheetnames:
        return wb[name]
    return wb.worksheets[i] if i < len(wb.worksheets) else None


def read_info(ws):
    info = {}
    for row in ws.iter_rows(values_only=True):
        if len(row) >= 2 and row[0] is not None:
            label = str(row[0]).strip().rstrip(":")
            info.setdefault(label, []).append(row[1])
    return info


def read_activities(ws):
    """Rows of (tt, name, classes, participants, female) under the header
    whose first cell is TT/STT, up to the totals row; and the totals row."""
    rows, total, col = [], None, None
    for row in ws.iter_rows(values_only=True):
        if col is None:
            for j, v in enumerate(row):
                if isinstance(v, str) and v.strip() in ("TT", "STT"):
                    col = j
                    break
            continue
        cells = list(row[col:col + 5]) + [None] * 5
        tt, name = cells[0], cells[1]
        if isinstance(name, str) and name.strip() in ("Tổng số", "Tổng cộng", "Cộng"):
            total = [to_number(c) for c in cells[2:5]]
            break
        if isinstance(tt, (int, float)):
            rows.append((int(tt), name, to_number(cells[2]), to_number(cells[3]), to_number(cells[4])))
    return rows, total


def read_book(path):
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        info = read_info(sheet(wb, 0))
        acts, total = read_activities(sheet(wb, 1))
        indicators = []
        ws = sheet(wb, 2)
        if ws is not None:
            for row in ws.iter_rows(min_row=2, values_only=True):
                if row and row[1] is not None:
                    indicators.append((row[1], row[2], to_number(row[3]), to_number(row[4]) if len(row) > 4 else None))
        directives = []
        ws = sheet(wb, 3)
        if ws is not None:
            for row in ws.iter_rows(min_row=2, values_only=True):
                if row and row[1] is not None:
                    directives.append(row[1:5])
    finally:
        wb.close()
    return info, acts, total, indicators, directives


def first(info, label):
    v = info.get(label)
    return v[0] if v else None


def check(path):
    info, acts, total, indicators, directives = read_book(path)
    problems = []
    for label in ("Cơ quan chủ quản", "Cơ quan ban hành", "Địa bàn", "Số ký hiệu", "Kỳ báo cáo", "Kính gửi", "Người ký"):
        if not first(info, label):
            problems.append(f"thiếu mục {label}")
    if not re.match(r"^(Tháng \d{1,2}/\d{4}|Quý [IV]+/\d{4}|Năm \d{4}|6 tháng (đầu|cuối) năm \d{4})$", str(first(info, "Kỳ báo cáo") or "")):
        problems.append("kỳ báo cáo không đọc được")
    sums = [0, 0, 0]
    for tt, name, *vals in acts:
        for k, v in enumerate(vals):
            if v is None:
                continue
            if not isinstance(v, int) or v < 0:
                problems.append(f"dòng {tt}: {v!r} không phải số nguyên không âm")
            else:
                sums[k] += v
        if vals[1] is not None and vals[2] is not None and vals[2] > vals[1]:
            problems.append(f"dòng {tt}: số nữ lớn hơn tổng số")
    if total:
        for k, v in enumerate(total):
            if v is not None and v != sums[k]:
                problems.append(f"dòng Tổng số: {v} khác tổng các dòng {sums[k]}")
    for p in problems:
        print(f"{path}: {p}")
    print(f"{path}: {len(acts)} hoạt động, {len(indicators)} chỉ tiêu, {len(directives)} văn bản, {len(problems)} lỗi")
    return 1 if problems else 0


def report(path, out):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    info, acts, total, indicators, directives = read_book(path)
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)

    head = doc.add_table(rows=2, cols=2)
    head.cell(0, 0).text = f"{first(info, 'Cơ quan chủ quản')}\n{first(info, 'Cơ quan ban hành')}"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = f"Số: {first(info, 'Số ký hiệu')}"
    d = first(info, "Ngày báo cáo")
    when = f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}" if hasattr(d, "day") else str(d)
    head.cell(1, 1).text = f"{first(info, 'Địa danh')}, {when}"
    for row in head.rows:
        for c in row.cells:
            for p in c.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t.add_run("BÁO CÁO").bold = True
    p = doc.add_paragraph(str(first(info, "Trích yếu") or f"Kết quả hoạt động {first(info, 'Kỳ báo cáo')}"))
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for k in info.get("Kính gửi", []):
        doc.add_paragraph(f"Kính gửi: {k}").alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph("Kết quả tổ chức các hoạt động giáo dục như sau:")
    table = doc.add_table(rows=2, cols=5)
    table.style = "Table Grid"
    for j, h in enumerate(["TT", "Tên hoạt động giáo dục", "Số lớp (chuyên đề)", "Số lượt người tham gia", ""]):
        table.cell(0, j).text = h
    table.cell(0, 3).merge(table.cell(0, 4))
    table.cell(1, 3).text, table.cell(1, 4).text = "Tổng số", "Nữ"
    for j in range(3):
        table.cell(0, j).merge(table.cell(1, j))
    fmt = lambda v: "" if v is None else f"{v:,}".replace(",", ".")
    sums = [0, 0, 0]
    for tt, name, *vals in acts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(tt), str(name)
        for k, v in enumerate(vals):
            cells[2 + k].text = fmt(v)
            sums[k] += v or 0
    cells = table.add_row().cells
    cells[1].text = "Tổng số"
    for k in range(3):
        cells[2 + k].text = fmt(sums[k]) if sums[k] else ""
    for name, unit, value, previous in indicators:
        doc.add_paragraph(f"- {name}: {value} {unit or ''}".rstrip())
    doc.add_paragraph(
        f"Trên đây là báo cáo kết quả hoạt động {str(first(info, 'Kỳ báo cáo') or '').lower()} của {first(info, 'Cơ quan ban hành')}."
    )
    sign = doc.add_paragraph(f"{first(info, 'Quyền hạn ký') or ''}\n{first(info, 'Chức vụ người ký')}\n\n\n{first(info, 'Người ký')}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(out)
    return 0


MONTH = re.compile(r"Tháng (\d{1,2})/(\d{4})")


def summarise(path):
    """One file → (unit, month, per-category sums) or (path, error)."""
    try:
        info, acts, total, indicators, directives = read_book(path)
        unit = str(first(info, "Địa bàn"))
        m = MONTH.match(str(first(info, "Kỳ báo cáo") or ""))
        year, month = (int(m.group(2)), int(m.group(1))) if m else (None, None)
        cats = {tt: (name, vals) for tt, name, *vals in acts}
        return path, unit, year, month, cats, None
    except Exception as e:  # a bad file is listed, not fatal
        return path, None, None, None, None, str(e)


def consolidate(folder, out, jobs=1, year=None):
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.endswith(".xlsx") and not f.startswith("~$")
    )
    if jobs > 1:
        with Pool(jobs) as pool:
            results = list(pool.imap_unordered(summarise, files, chunksize=16))
    else:
        results = [summarise(f) for f in files]
    by_unit, by_cat, by_month, bad = {}, {}, {}, []
    for path, unit, y, month, cats, err in results:
        if err or (year is not None and y != year):
            bad.append((path, err or "kỳ khác"))
            continue
        for tt, (name, vals) in cats.items():
            for key, table in ((unit, by_unit), ((tt, name), by_cat), (month, by_month)):
                acc = table.setdefault(key, [None, None, None])
                for k, v in enumerate(vals):
                    if v is not None:
                        acc[k] = (acc[k] or 0) + v
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo đơn vị"
    ws.append(["Đơn vị", "Số lớp", "Số lượt người", "Nữ"])
    for unit in sorted(by_unit):
        ws.append([unit, *by_unit[unit]])
    ws = wb.create_sheet("Theo lĩnh vực")
    ws.append(["TT", "Lĩnh vực", "Số lớp", "Số lượt người", "Nữ"])
    for (tt, name) in sorted(by_cat):
        ws.append([tt, name, *by_cat[(tt, name)]])
    ws = wb.create_sheet("Theo tháng")
    ws.append(["Tháng", "Số lớp", "Số lượt người", "Nữ"])
    for month in sorted(m for m in by_month if m is not None):
        ws.append([month, *by_month[month]])
    ws = wb.create_sheet("Tệp bỏ ra")
    ws.append(["Tệp", "Lý do"])
    for path, why in sorted(bad):
        ws.append([path, why])
    wb.save(out)
    print(f"{len(files)} tệp, {len(files) - len(bad)} dùng, {len(bad)} bỏ ra → {out}")
    return 1 if bad else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "check":
        return check(argv[1])
    if len(argv) >= 3 and argv[0] == "report":
        return report(argv[1], argv[2])
    if len(argv) >= 3 and argv[0] == "consolidate":
        jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 1
        year = int(argv[argv.index("--period") + 1]) if "--period" in argv else None
        return consolidate(argv[1], argv[2], jobs, year)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
