"""``compliance check … --format html`` shows every report's tables as the library's HTML does:
the command keeps the parsed reports for the HTML report (it did not, and the tables were empty)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "2021-county-bureau.md"


def test_cli_html_report_has_the_tables_and_links_both_ways(tmp_path):
    src = tmp_path / "r.md"
    src.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.html"
    done = subprocess.run([sys.executable, "-m", "compliance", "check", str(src), str(EXAMPLE), "--format", "html", "-o", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    page = out.read_text(encoding="utf-8")
    # both reports' three tables, with every cell of 表三 (25 rows × 7 columns) rendered
    for n in (1, 2):
        assert len(re.findall(rf'<h3 id="r{n}-t\d+"', page)) == 3
        assert len(re.findall(rf'<td class="num [^"]*" id="r{n}-c\d+" title="applications/', page)) == 25 * 7
    assert 'title="applications/new_received/total">51' in page


def test_a_failing_cell_links_to_its_finding_and_back(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("| 一、本年新收政府信息公开申请数量 | 42 |", "| 一、本年新收政府信息公开申请数量 | 43 |")
    src = tmp_path / "bad.md"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.html"
    subprocess.run([sys.executable, "-m", "compliance", "check", str(src), "--format", "html", "-o", str(out)],
                   capture_output=True, text=True, cwd=ROOT, check=False)
    page = out.read_text(encoding="utf-8")
    cell = re.search(r'<td class="num kind-number fail fail-error" id="(r1-c\d+)" title="applications/new_received/total">51'
                     r'<span class="links"><a href="#(r1-f\d+)"', page)
    assert cell is not None
    cell_anchor, finding_anchor = cell.groups()
    # the finding names the cell and links back to it
    block = page[page.index(f'id="{finding_anchor}"'):]
    assert f'<a href="#{cell_anchor}">' in block[:4000]
    # the finding shows the printed row it is about (escaped text of the source)
    assert '<pre class="excerpt">| 一、本年新收政府信息公开申请数量 | 43 | 7 | 0 | 0 | 2 | 0 | 51 |</pre>' in block[:4000]


def test_excerpts_are_escaped(tmp_path):
    src = tmp_path / "evil.txt"
    src.write_text("一、总体情况 <script>alert(1)</script>\n", encoding="utf-8")
    out = tmp_path / "out.html"
    subprocess.run([sys.executable, "-m", "compliance", "check", str(src), "--format", "html", "-o", str(out)],
                   capture_output=True, text=True, cwd=ROOT, check=False)
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert '<pre class="excerpt">一、总体情况 &lt;script&gt;alert(1)&lt;/script&gt;</pre>' in page

