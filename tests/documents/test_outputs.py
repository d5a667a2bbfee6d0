"""What users see of a PDF or Word report's findings: the page (PDF) or table cell (Word) in
every output format — text, JSON, SARIF, CSV and the HTML report — run as the CLI."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.parse import parse_path

pytest.importorskip("reportlab")

from tests.support.docx_gen import report_to_docx  # noqa: E402
from tests.support.pdf_gen import report_to_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "2021-county-blank-cells.html"


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    report = parse_path(EXAMPLE)
    (folder / "blank.pdf").write_bytes(report_to_pdf(report))
    (folder / "blank.docx").write_bytes(report_to_docx(report))
    return folder


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, cwd=ROOT)


def test_json_locates_every_finding(documents):
    done = _cli("check", str(documents / "blank.pdf"), str(documents / "blank.docx"), "--format", "json")
    assert done.returncode == 0, done.stderr
    pdf, docx = json.loads(done.stdout)["reports"]
    assert pdf["findings"] and docx["findings"]
    for f in pdf["findings"]:
        loc = f["location"]
        assert loc["page"] == loc["place"]["page"] >= 1 and loc["place"]["line"] >= 1 and len(loc["place"]["box"]) == 4
    for f in docx["findings"]:
        place = f["location"]["place"]
        assert "page" not in f["location"]
        assert set(place) in ({"paragraph"}, {"table", "row", "cell"}, {"table", "row"}), place
    # the blank cells of 表三: a Word table cell, the second table of the document
    t3 = [f for f in docx["findings"] if f["rule"] == "STR-007" and f["location"]["section"] == "三"]
    assert [f["location"]["place"]["table"] for f in t3] == [2]


def test_text_sarif_csv_html_show_the_page(documents, tmp_path):
    pdf = str(documents / "blank.pdf")
    text = _cli("check", pdf)
    assert text.returncode == 0 and "Traceback" not in text.stderr
    lines = [ln for ln in text.stdout.splitlines() if "STR-007" in ln]
    assert len(lines) == 3 and all("（第 " in ln and " 页第 " in ln for ln in lines)

    sarif = json.loads(_cli("check", pdf, "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert results and all(isinstance(r["properties"]["page"], int) for r in results)
    assert all(r["locations"][0]["physicalLocation"]["region"]["message"]["text"].startswith("第 ") for r in results)

    rows = list(csv.DictReader(io.StringIO(_cli("check", pdf, "--format", "csv").stdout.lstrip("\ufeff"))))
    assert rows and all(r["place"].startswith("第 ") and "页" in r["place"] for r in rows)

    out = tmp_path / "out.html"
    assert _cli("check", pdf, "--format", "html", "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    for r in results:
        assert r["locations"][0]["physicalLocation"]["region"]["message"]["text"] in page


def test_parse_text_prints_the_extracted_text_with_pages(documents):
    done = _cli("parse", str(documents / "blank.pdf"), "--format", "text")
    assert done.returncode == 0
    first = done.stdout.splitlines()[0]
    assert first.split()[0] == "1" and "第 1 页第 1 行" in first
    assert "| 三、本年度办理结果 |" in done.stdout
