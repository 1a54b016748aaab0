#!/usr/bin/env python3
"""Timings of the clerk's page (`baocao web`), over HTTP on 127.0.0.1, as a
browser's fetch would make them (standard library only):
  page load      GET / + /app.js + /style.css, median of RUNS;
  check          one round trip: POST the Kim Sơn workbook, JSON back; median of RUNS;
  docx           GET the report of that check; median of RUNS;
  consolidate N  a batch: upload N workbooks (LANES at a time, as the page does),
                 then the fold, then the summary .xlsx; one run, each part timed.
usage: web_bench.py BAOCAO KIM_SON.xlsx CORPUS_DIR [RUNS] [LANES]
Prints a Markdown table.
"""
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


def main():
    baocao, kim, corpus = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    lanes = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    cfg = tempfile.mkdtemp()
    env = dict(os.environ, XDG_CONFIG_HOME=cfg)
    srv = subprocess.Popen([baocao, "web", "--no-open"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           env=env, text=True)
    url = urllib.parse.urlparse(srv.stdout.readline().strip())
    port, token = url.port, urllib.parse.parse_qs(url.query)["t"][0]
    origin = f"http://127.0.0.1:{port}"

    def req(method, path, body=None):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        h = {"X-Baocao-Token": token, "Origin": origin}
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        if r.status != 200:
            raise RuntimeError(f"{method} {path}: {r.status} {data[:300]!r}")
        return data

    def timed(f):
        t = time.perf_counter()
        v = f()
        return time.perf_counter() - t, v

    rows = []
    try:
        page = [timed(lambda: [req("GET", f"/?t={token}"), req("GET", "/app.js"), req("GET", "/style.css")])[0]
                for _ in range(runs)]
        size = sum(len(req("GET", p)) for p in [f"/?t={token}", "/app.js", "/style.css"])
        rows.append(("page load (HTML + JS + CSS, %d KB)" % round(size / 1024), statistics.median(page)))
        kb = open(kim, "rb").read()
        checks = []
        for _ in range(runs):
            dt, v = timed(lambda: json.loads(req("POST", "/api/check?name=kim-son-2018.xlsx", kb)))
            checks.append(dt)
        assert v["file"]["totals"]["participants"] == 6778, v["file"]["totals"]
        rows.append(("check round trip, Kim Sơn (upload → figures and diagnostics)", statistics.median(checks)))
        docx = [timed(lambda: req("GET", f"/api/check/{v['id']}/report.docx"))[0] for _ in range(runs)]
        rows.append(("report .docx download", statistics.median(docx)))

        files = []
        for root, _, names in os.walk(corpus):
            files += [os.path.join(root, n) for n in names if n.endswith(".xlsx")]
        files.sort()
        t0 = time.perf_counter()
        bid = json.loads(req("POST", "/api/batch", b""))["id"]
        todo = list(files)
        lock = threading.Lock()

        def lane():
            while True:
                with lock:
                    if not todo:
                        return
                    p = todo.pop()
                name = urllib.parse.quote(os.path.relpath(p, corpus))
                req("POST", f"/api/batch/{bid}/file?name={name}", open(p, "rb").read())

        ts = [threading.Thread(target=lane) for _ in range(lanes)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        up = time.perf_counter() - t0
        fold, r = timed(lambda: json.loads(req("POST", f"/api/batch/{bid}/run", b"{}")))
        assert r["total"] == len(files), (r["total"], len(files))
        xl, _ = timed(lambda: req("GET", f"/api/batch/{bid}/summary.xlsx"))
        n = len(files)
        rows.append((f"consolidate {n:,} workbooks: upload and read ({lanes} at a time)", up))
        rows.append((f"consolidate {n:,} workbooks: fold, grid and JSON ({r['used']:,} used)", fold))
        rows.append((f"consolidate {n:,} workbooks: summary .xlsx download", xl))
        rows.append((f"consolidate {n:,} workbooks: total", up + fold + xl))
    finally:
        srv.terminate()
        srv.wait(10)
    print("| what | time |\n| --- | ---: |")
    for what, s in rows:
        print(f"| {what} | {s * 1000:,.0f} ms |" if s < 10 else f"| {what} | {s:,.1f} s |")


if __name__ == "__main__":
    main()
