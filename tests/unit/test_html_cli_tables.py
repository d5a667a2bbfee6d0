"""``compliance check … --format html`` shows every report's tables as the library's HTML does:
the command keeps the parsed reports for the HTML report (it did not, and the tables were empty)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "2021-county-bureau.md"


def html_report(src: Path, text: str) -> str:
    """``compliance check SRC --format html -o …`` of ``text`` saved as ``src``: the page."""
    src.write_text(text, encoding="utf-8")
    out = src.with_name("out.html")
    subprocess.run([sys.executable, "-m", "compliance", "check", str(src), "--format", "html", "-o", str(out)],
                   capture_output=True, text=True, cwd=ROOT, check=False)
    return out.read_text(encoding="utf-8")


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
    page = html_report(tmp_path / "bad.md", text)
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
    page = html_report(tmp_path / "evil.txt", "一、总体情况 <script>alert(1)</script>\n")
    assert "<script>alert" not in page
    assert '<pre class="excerpt">一、总体情况 &lt;script&gt;alert(1)&lt;/script&gt;</pre>' in page


def test_every_cell_an_unfilled_table_finding_names_is_highlighted_and_linked(tmp_path):
    # eleven all-zero rows of 表三 left blank: one STR-007 finding names their 77 cells
    text = re.sub(r"\| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|$", "|  |  |  |  |  |  |  |", EXAMPLE.read_text(encoding="utf-8"), flags=re.M)
    page = html_report(tmp_path / "blank.md", text)
    blanks = re.findall(r'<td class="num kind-blank fail fail-warning" id="(r1-c\d+)" title="(applications/[^"]+)">'
                        r'<span class="links"><a href="#(r1-f\d+)"', page)
    assert len(blanks) == 77
    assert len({finding for _c, _a, finding in blanks}) == 1  # all linked to the one finding
    finding = blanks[0][2]
    block = page[page.index(f'id="{finding}"'):]
    block = block[: block.index("</dl>")]
    assert "STR-007" in block
    # the finding links its first cell, then its 11 whole rows and 9 more cells, then counts the rest (76 + 11 − 20)
    assert len(re.findall(r'<a href="#r1-c\d+">', block)) == 21
    assert "等另 67 处" in block
    assert f'<a href="#{blanks[1][0]}">' in block
    rows = re.findall(r'<th class="row fail fail-warning" id="(r1-c\d+)"', page)
    assert len(rows) == 11 and all(f'<a href="#{r}">' in block for r in rows)
