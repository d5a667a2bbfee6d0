"""HTML: self-contained, escaped, cells linked to findings; a headless-Chromium screenshot."""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import render_samples as samples
from compliance.render import render

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support.browser import chromium, screenshot  # noqa: E402


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Collect:
    c = Collect()
    c.feed(page)
    c.close()
    return c


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "section", "h1", "h2", "h3", "h4",
    "div", "b", "span", "table", "thead", "tbody", "tr", "th", "td", "a", "small", "ul", "li", "dl", "dt",
    "dd", "code", "br", "details", "summary", "footer", "p",
}


def test_hostile_report_cannot_inject(hostile):
    page = render(hostile, "html")
    low = page.lower()
    assert "<script" not in low
    assert "<img" not in low
    assert "</table><img" not in low
    doc = parse(page)
    tags = {t for t, _ in doc.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    for tag, attrs in doc.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name in {"lang", "charset", "name", "content", "http-equiv", "class", "id", "href", "title"}, name
            if name == "href":
                assert value.startswith("#") and value[1:].replace("-", "").isalnum(), value
            if name in ("id", "class"):
                assert "<" not in value and '"' not in value and "alert" not in value, value
    text = "".join(doc.text)
    # the hostile text is all there, as text
    assert samples.HOSTILE in text
    assert text.count(samples.HOSTILE) >= 8  # agency, title, section, row label, cell, message, basis, reason…
    # the tables are still the report's tables: exactly the three we drew
    assert page.count('<table class="grid">') == 3 and page.count("</table>") == 4


def test_self_contained(run, catalog):
    page = render(run, "html", rules_catalog=catalog)
    doc = parse(page)
    for tag, attrs in doc.tags:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed")
        for name, value in attrs.items():
            if name in ("href", "src"):
                assert value.startswith("#"), value
    assert "http://" not in page and "https://" not in page
    assert "<style>" in page


def test_cells_and_findings_link_both_ways(run, catalog):
    page = render(run, "html", rules_catalog=catalog)
    doc = parse(page)
    ids = {a.get("id") for _, a in doc.tags if a.get("id")}
    hrefs = [a["href"][1:] for t, a in doc.tags if t == "a" and "href" in a]
    assert hrefs and all(h in ids for h in hrefs)  # every link lands
    failing = [a for t, a in doc.tags if t == "td" and "fail" in (a.get("class") or "")]
    assert len(failing) == 4  # AR01, AR03, CEL02, AP01 name four cells
    cls = {a["title"]: a["class"] for a in failing}
    assert "fail-error" in cls["applications/total/total"]
    assert "fail-warning" in cls["applications/new_received/total"]
    assert "fail-info" in cls["applications/other.other/natural_person"]
    assert "计算" in page and "18 − 17 = 1" in page
    assert "国办公开办函〔2021〕30号 表三 勾稽关系说明" in page
    assert "某某市自然资源局" in page and "报告一览" in page


def test_waived_cell_marked(hostile):
    page = render(hostile, "html")
    assert "已豁免（基线）1 条" in page


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed")
def test_chromium_screenshot(run, catalog, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(run, "html", rules_catalog=catalog), encoding="utf-8")
    screenshot(page.as_uri(), tmp_path / "render-sample.png", tmp_path / "profile")


def test_row_and_table_level_findings_are_linked(run):
    from attrs import evolve

    from compliance.findings import Finding, Location, Severity

    rr = run.reports[0]
    extra = (
        Finding("PRS-003", "unreadable-row", Severity.WARNING, "表二“行政规范性文件”行无法读取", Location(None, None, "disclosure/normative_documents")),
        Finding("STR01", "table-missing-rows", Severity.ERROR, "表四缺少行", Location(None, "四", "appeals")),
    )
    page = render(evolve(run, reports=(evolve(rr, findings=rr.findings + extra),)), "html")
    doc = parse(page)
    ths = [a for t, a in doc.tags if t == "th" and "fail-warning" in (a.get("class") or "")]
    assert len(ths) == 1 and ths[0]["title"] == "行政规范性文件"
    h3 = [a for t, a in doc.tags if t == "h3" and "fail-error" in (a.get("class") or "")]
    assert len(h3) == 1
    ids = {a.get("id") for _, a in doc.tags if a.get("id")}
    assert ths[0]["id"] in ids and h3[0]["id"] in ids
    assert f'href="#{ths[0]["id"]}"' in page and f'href="#{h3[0]["id"]}"' in page
    assert "表二“行政规范性文件”行" in page  # the same words as the findings' messages
