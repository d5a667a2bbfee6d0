"""The upload page in a real browser (Chromium through Playwright), against the real
``compliance serve`` process: upload a report, reach its results page, follow the links
between a highlighted cell and its finding, download the JSON; the same without JavaScript;
and no console error or CSP violation on the pages.

Skipped when Playwright or a Chromium binary is missing (no browser is downloaded: set
CHROMIUM_PATH to use another binary).  Screenshots are written to $COMPLIANCE_ARTEFACTS, by
default build/artefacts/ under the repository root (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urljoin

import pytest

from _server import EXAMPLES, ROOT, running_server

BLANK_CELLS = EXAMPLES / "2021-county-blank-cells.html"
RESULTS_URL = re.compile(r"/results/[A-Za-z0-9_-]+$")


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    return None


def artefacts() -> Path:
    folder = Path(os.environ.get("COMPLIANCE_ARTEFACTS") or ROOT / "build" / "artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"playwright is not installed ({exc})")
    exe = chromium_path()
    if exe is None:
        pytest.skip("no Chromium binary (looked at $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, PATH)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory) -> Iterator[Any]:
    # after `browser`: no server is started when the test is skipped
    with running_server(tmp_path_factory.mktemp("serve")) as s:
        yield s


def upload(page: Any, server: Any, path: Path = BLANK_CELLS, screenshot: str | None = None) -> None:
    """Open the upload page, choose ``path``, submit; wait for the results page."""
    page.goto(server.url + "/")
    page.set_input_files("input[name=files]", str(path))
    if screenshot:
        page.screenshot(path=str(artefacts() / screenshot), full_page=True)
    page.click("button[type=submit]")
    page.wait_for_url(RESULTS_URL, timeout=60_000)


def test_upload_and_results(browser, server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert page.locator("h1").inner_text().strip() == "政府信息公开工作年度报告检查"
        upload(page, server, screenshot="upload-page.png")
        assert page.locator("h1").inner_text().strip() == "政府信息公开工作年度报告审查结果"

        # the report's table 二, with at least one highlighted failing cell
        heading = page.locator("section.report h3", has_text="表二")
        assert heading.count() == 1
        heading.scroll_into_view_if_needed()
        assert heading.is_visible()
        failing = page.locator("section.report h3:has-text('表二') + div.scroll table.grid td.fail")
        assert failing.count() >= 1
        cell = failing.first
        assert cell.is_visible()
        assert re.search(r"\bfail-(error|warning|info)\b", cell.get_attribute("class") or "")
        cell_id = cell.get_attribute("id")
        assert cell_id

        # the cell links to a finding, and the finding links back to the cell
        link = cell.locator(".links a[href^='#']").first
        href = link.get_attribute("href")
        assert href and href.startswith("#") and len(href) > 1
        finding = page.locator(f"[id='{href[1:]}']")
        assert finding.count() == 1
        assert "finding" in (finding.get_attribute("class") or "")
        back = finding.locator(f"a[href='#{cell_id}']")
        assert back.count() == 1
        link.click()
        assert page.evaluate("location.hash") == href
        back.click()
        assert page.evaluate("location.hash") == f"#{cell_id}"

        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(artefacts() / "results-page.png"), full_page=True)

        # downloads of the same run
        hrefs = {}
        for fmt in ("json", "sarif", "csv"):
            a = page.locator(f"nav.links a[href$='compliance-report.{fmt}']")
            assert a.count() == 1, f"no {fmt} download link"
            hrefs[fmt] = urljoin(page.url, a.get_attribute("href"))
        resp = context.request.get(hrefs["json"])
        assert resp.ok
        assert resp.headers["content-type"].startswith("application/json")
        data = json.loads(resp.body())
        assert [r["path"] for r in data["reports"]] == ["2021-county-blank-cells.html"]
        for fmt in ("sarif", "csv"):
            assert context.request.get(hrefs[fmt]).ok
    finally:
        context.close()


def test_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        upload(page, server, screenshot="upload-page-nojs.png")
        assert RESULTS_URL.search(page.url)
        assert page.locator("section.report h3", has_text="表二").count() == 1
        assert page.locator("td.fail").count() >= 1
        page.screenshot(path=str(artefacts() / "results-page-nojs.png"), full_page=True)
    finally:
        context.close()


# recorded before any page script runs (init scripts are not subject to the page's CSP)
RECORD_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def test_no_console_errors_or_csp_violations(browser, server):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    try:
        page.goto(server.url + "/")
        page.wait_for_load_state("load")
        # upload.js ran (it shows the chosen file), so the script was allowed by the CSP
        page.set_input_files("input[name=files]", str(BLANK_CELLS))
        assert "2021-county-blank-cells.html" in page.locator("#chosen").inner_text()
        assert page.evaluate("window.__csp") == []
        assert messages == [], messages
        assert page.evaluate("getComputedStyle(document.querySelector('button[type=submit]')).backgroundColor") != "rgba(0, 0, 0, 0)"
    finally:
        context.close()
