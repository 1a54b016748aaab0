#!/usr/bin/env python3
"""End-to-end run of `baocao web` in a real headless Chromium, through
chromedriver's W3C WebDriver protocol (standard library only: no selenium to
install). Driven by tests/web_e2e.rs, which makes the fixtures, gives the
expected values and checks the downloads afterwards.

Usage: web_e2e.py CONFIG.json   (keys: see main())
Prints one line per step; exits non-zero on the first failure.
"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Driver:
    def __init__(self, chromedriver, chromium, download_dir, profile_dir):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [chromedriver, f"--port={self.port}", "--allowed-ips=127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 20
        while True:
            try:
                self._req("GET", "/status")
                break
            except OSError:
                if time.time() > deadline:
                    self.proc.terminate()
                    raise
                time.sleep(0.2)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", f"--user-data-dir={profile_dir}", "--window-size=1280,900",
                         "--lang=vi"],
                "prefs": {"download.default_directory": download_dir, "download.prompt_for_download": False,
                          "safebrowsing.enabled": False},
            }}}}
        try:
            v = self._req("POST", "/session", caps)
        except Exception:
            self.proc.terminate()
            raise
        self.sid = v["value"]["sessionId"]
        # Headless Chromium saves downloads only when told where.
        try:
            self.cmd("POST", "/goog/cdp/execute", {"cmd": "Browser.setDownloadBehavior",
                                                    "params": {"behavior": "allow", "downloadPath": download_dir}})
        except Exception as e:  # older drivers: the prefs above do it
            print(f"note: setDownloadBehavior: {e}")

    def _req(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read()[:500]!r}")

    def cmd(self, method, path, body=None):
        return self._req(method, f"/session/{self.sid}{path}", body).get("value")

    def get(self, url):
        self.cmd("POST", "/url", {"url": url})

    def find(self, css, timeout=20):
        deadline = time.time() + timeout
        while True:
            try:
                v = self.cmd("POST", "/element", {"using": "css selector", "value": css})
                return list(v.values())[0]
            except RuntimeError:
                if time.time() > deadline:
                    raise RuntimeError(f"no element {css}")
                time.sleep(0.2)

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def click(self, css):
        self.cmd("POST", f"/element/{self.find(css)}/click", {})

    def send_keys(self, css, keys):
        self.cmd("POST", f"/element/{self.find(css)}/value", {"text": keys})

    def send_files(self, css, paths):
        self.cmd("POST", f"/element/{self.find(css)}/value", {"text": "\n".join(paths)})

    def wait(self, what, cond, timeout=60):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            last = cond()
            if last:
                return last
            time.sleep(0.2)
        raise RuntimeError(f"timed out waiting for {what} (last: {last!r})")

    def screenshot(self, path):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)

    def quit(self):
        try:
            self._req("DELETE", f"/session/{self.sid}")
        finally:
            self.proc.terminate()
            self.proc.wait(10)


def text(d, css):
    return d.js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css)


def visible(d, css):
    """Whether the element takes room on the page (not hidden by any rule)."""
    return d.js("const e = document.querySelector(arguments[0]); return !!e && e.getClientRects().length > 0;", css)


def wait_download(folder, name, timeout=60):
    path = os.path.join(folder, name)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path) and not os.path.exists(path + ".crdownload"):
            with open(path, "rb") as f:
                data = f.read()
            if data:
                return data
        time.sleep(0.2)
    raise RuntimeError(f"download {name} did not arrive; in folder: {os.listdir(folder)}")


def main():
    cfg = json.load(open(sys.argv[1]))
    env = dict(os.environ, XDG_CONFIG_HOME=cfg["config_home"], HOME=cfg["config_home"])
    server = subprocess.Popen([cfg["baocao"], "web", "--no-open", "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        run(cfg, server)
    finally:
        server.terminate()
        server.wait(10)


def run(cfg, server):
    url = server.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), url
    shots, dl = cfg["screenshots"], cfg["downloads"]
    d = Driver(cfg["chromedriver"], cfg["chromium"], dl, cfg["profile"])
    try:
        t0 = time.time()
        d.get(url)
        d.find("#check-file")
        print(f"page load: {1000 * (time.time() - t0):.0f} ms")

        # 1. Kim Sơn: its figures, then the .docx.
        d.send_files("#check-file", [cfg["kim_son"]])
        d.wait("the download button", lambda: visible(d, "#check-docx"))
        totals = d.wait("Kim Sơn figures", lambda: text(d, "#check-totals"))
        print(f"check: {totals}")
        for want in cfg["kim_son_totals"]:
            assert want in totals, (want, totals)
        assert "Học nghề ngắn hạn" in text(d, "#check-activities")
        d.screenshot(os.path.join(shots, "web-check.png"))
        d.wait("the preview", lambda: visible(d, "#check-preview-box") and "Số: 10/BC-TTHTCĐ" in (text(d, "#check-preview") or ""))
        d.js("document.querySelector('#check-preview-box').open = true;"
             "document.querySelector('#check-preview-box').scrollIntoView()")
        d.screenshot(os.path.join(shots, "web-preview.png"))
        d.js("window.scrollTo(0, 0)")
        d.click("#check-docx")
        docx = wait_download(dl, cfg["kim_son_docx_name"])
        print(f"docx: {len(docx)} bytes")

        # 2. A broken workbook: no download, click the diagnostic, the marked cell.
        d.send_files("#check-file", [cfg["broken"]])
        d.wait("the verdict", lambda: "bad" in (d.js("return document.querySelector('#check-verdict').className") or "")
               and not visible(d, "#check-docx"))
        cell = cfg["broken_cell"]
        btn = d.wait("the diagnostic", lambda: d.js(
            "return [...document.querySelectorAll('button.diag')].some(b => b.dataset.cell === arguments[0])", cell))
        assert btn
        # With the keyboard: the diagnostic is a button; Enter on it shows the sheet.
        d.send_keys(f'button.diag[data-cell="{cell}"]', "\ue007")
        marked = d.wait("the marked cell", lambda: d.js(
            "const m = document.getElementById('marked-cell'); return m ? [m.title, m.textContent] : null"))
        assert marked[0] == cell, marked
        assert marked[1] == cfg["broken_value"], marked
        print(f"marked cell: {marked}")
        d.screenshot(os.path.join(shots, "web-check-errors.png"))

        # 3. Đông Triều: the coverage grid, then the summary.
        # Tabs move with the arrow keys, as ARIA tabs do.
        d.send_keys("#tab-check", "\ue014")
        d.wait("the Tổng hợp screen", lambda: visible(d, "#screen-cons") and not visible(d, "#screen-check"))
        # The whole folder, as the clerk picks it (webkitdirectory: names with the folder's).
        d.send_files("#cons-folder", [cfg["dong_trieu_folder"]])
        d.wait("the grid", lambda: d.js("return document.querySelectorAll('#coverage tr[data-unit]').length") == cfg["units"],
               timeout=180)
        grid = d.js("""return [...document.querySelectorAll('#coverage tr[data-unit]')].map(r =>
            [r.dataset.unit, [...r.querySelectorAll('td')].map(c => c.dataset.period + ':' + c.dataset.state)])""")
        print(f"grid: {json.dumps(grid, ensure_ascii=False)}")
        missing = {u: [c.split(':')[0] for c in cells if c.endswith(':missing')] for u, cells in grid}
        for u, months in cfg["missing"].items():
            assert missing.get(u) == months, (u, missing.get(u), months)
        for u, months in missing.items():
            if u not in cfg["missing"]:
                assert months == [], (u, months)
        d.wait("the downloads", lambda: visible(d, "#cons-xlsx") and visible(d, "#cons-docx"))
        verdict = text(d, "#cons-verdict")
        print(f"consolidation: {verdict}")
        d.js("window.scrollTo(0, 0)")
        d.screenshot(os.path.join(shots, "web-consolidate-form.png"))
        d.js("document.getElementById('cons-result').scrollIntoView()")
        d.screenshot(os.path.join(shots, "web-consolidate.png"))
        d.js("window.scrollTo(0, 0)")
        d.click("#cons-xlsx")
        summary = wait_download(dl, cfg["summary_name"])
        print(f"summary: {len(summary)} bytes")
        d.click("#cons-docx")
        town = wait_download(dl, cfg["town_name"])
        print(f"consolidated report: {len(town)} bytes")

        # 4. Mẫu, and the English switch.
        d.click("#tab-tpl")
        d.click("#tpl-example")
        wait_download(dl, "vi-du-kim-son-2018.xlsx")
        d.click("#lang")
        d.wait("English", lambda: text(d, "#tab-tpl") == "Templates")
        d.screenshot(os.path.join(shots, "web-templates-en.png"))
        print("ok")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
