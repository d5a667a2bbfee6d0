"""The .docx reader (compliance/documents/docx.py).

Every example report is written again as an HTML page and as a Word file with real merged
cells (tests/support/docx_gen.py); both must parse to the same cells and give the same
findings.  Then the reader's own cases: runs, merges, nested tables, text boxes, headers and
footers, broken and hostile ZIPs, detection by content, places in the JSON output.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from compliance.documents import Limits
from compliance.documents.base import DocPara, DocTable
from compliance.documents.docx import read_docx
from compliance.engine import check_report
from compliance.model import Report
from compliance.parse import parse_bytes, parse_path
from tests.support.docx_gen import report_to_docx, report_to_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.name.startswith(("2019-", "2021-")))

# example: (cells, findings) of both the HTML and the docx version
EXPECTED = {
    "2019-county-department-gbk.txt": (198, 1),
    "2019-district-office-traditional.txt": (198, 1),
    "2021-city-government.html": (200, 1),
    "2021-county-blank-cells.html": (200, 5),
    "2021-county-bureau.md": (200, 2),
    "2021-pdf-extracted.md": (200, 2),
    "2021-township.tsv": (200, 2),
}


def _cells(report: Report) -> dict[str, tuple[object, str]]:
    return {
        f"{t.id}/{row.id}/{cid}": (cell.value, cell.kind) for t in report.tables for row in t.rows for cid, cell in row.cells
    }


def _findings(report: Report) -> list[tuple[str, str, str | None, str]]:
    return sorted((f.rule, str(f.severity), f.location.cell, f.message) for f in check_report(report).findings)


def test_every_example_is_pinned() -> None:
    assert {p.name for p in EXAMPLES} == set(EXPECTED)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_docx_and_html_of_an_example_agree(path: Path) -> None:
    report = parse_path(str(path))
    as_html = parse_bytes(report_to_html(report).encode("utf-8"), "report.html")
    as_docx = parse_bytes(report_to_docx(report), "report.docx")
    assert as_html.format == "html"
    assert as_docx.format == "docx"
    assert not [p for p in as_docx.problems if p.rule.startswith("PRS-00") and p.rule in ("PRS-001", "PRS-009")]
    cells_html, cells_docx = _cells(as_html), _cells(as_docx)
    assert cells_docx == cells_html
    assert _cells(report) == cells_docx  # the content written is the content read
    findings_html, findings_docx = _findings(as_html), _findings(as_docx)
    assert findings_docx == findings_html
    assert (len(cells_docx), len(findings_docx)) == EXPECTED[path.name]


# --------------------------------------------------------------------------------------------
# the reader's own cases


def _save(document: docx.document.Document) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _read(data: bytes, limits: Limits | None = None):
    return read_docx(data, "t.docx", limits or Limits())


def test_text_split_over_runs_joins_without_space() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("一、总")
    p.add_run("体情况")
    t = d.add_table(rows=1, cols=2)
    c = t.cell(0, 0).paragraphs[0]
    c.add_run("本年新")
    c.add_run("收政府信息公开申请数量")
    t.cell(0, 1).text = "12"
    blocks = _read(_save(d)).blocks
    assert blocks[0] == DocPara("一、总体情况", blocks[0].place)
    assert blocks[0].place is not None and blocks[0].place.paragraph == 1
    table = blocks[1]
    assert isinstance(table, DocTable)
    assert [c.text for c in table.cells] == ["本年新收政府信息公开申请数量", "12"]


def test_tab_and_break() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    r = p.add_run("甲")
    r.add_tab()
    r.add_text("乙")
    r.add_break()
    r.add_text("丙")
    assert _read(_save(d)).blocks[0].text == "甲 乙\n丙"  # type: ignore[union-attr]


def test_grid_span_and_vertical_merge_fill_every_slot() -> None:
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "申请人情况"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "三、本年度办理结果"
    t.cell(1, 1).text = "a"
    t.cell(1, 2).text = "1"
    t.cell(2, 1).text = "b"
    t.cell(2, 2).text = "2"
    extracted = _read(_save(d))
    (table,) = extracted.blocks
    assert isinstance(table, DocTable)
    texts = [[table.cells[k].text for k in row] for row in table.grid]
    assert texts == [["申请人情况"] * 3, ["三、本年度办理结果", "a", "1"], ["三、本年度办理结果", "b", "2"]]
    assert table.grid[1][0] == table.grid[2][0]
    assert len(set(table.grid[0])) == 1
    side = table.cells[table.grid[2][0]]
    assert side.place is not None and (side.place.table, side.place.row, side.place.cell) == (1, 2, 1)
    cell = table.cells[table.grid[2][2]]
    assert cell.place is not None and (cell.place.table, cell.place.row, cell.place.cell) == (1, 3, 3)
    assert [(p.table, p.row) for p in table.row_places if p] == [(1, 1), (1, 2), (1, 3)]
    assert extracted.meta == (("paragraphs", 0), ("tables", 1))


def test_nested_table_is_a_block_of_its_own() -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=1)
    host = outer.cell(0, 0)
    host.paragraphs[0].add_run("外层说明")
    inner = host.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "行政复议"
    inner.cell(0, 1).text = "总计"
    inner.cell(1, 0).text = "1"
    inner.cell(1, 1).text = "1"
    blocks = _read(_save(d)).blocks
    paras = [b.text for b in blocks if isinstance(b, DocPara)]
    tables = [b for b in blocks if isinstance(b, DocTable)]
    assert "外层说明" in paras
    assert len(tables) == 1
    assert [[tables[0].cells[k].text for k in row] for row in tables[0].grid] == [["行政复议", "总计"], ["1", "1"]]
    assert tables[0].place is not None and tables[0].place.table == 2


def test_layout_table_holding_the_report() -> None:
    d = docx.Document()
    layout = d.add_table(rows=1, cols=1)
    host = layout.cell(0, 0)
    host.paragraphs[0].add_run("某县人民政府2021年政府信息公开工作年度报告")
    for i in range(4):
        host.add_paragraph("本机关坚持以公开为常态、不公开为例外，认真贯彻落实政府信息公开条例。" * 2 + str(i))
    blocks = _read(_save(d)).blocks
    assert all(isinstance(b, DocPara) for b in blocks)
    assert len(blocks) == 5


_TEXTBOX = (
    '<w:r %s><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline><a:graphic><a:graphicData>'
    "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
    "<w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>"
    "</mc:Fallback></mc:AlternateContent></w:r>"
)


_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}


def test_text_box_after_its_paragraph_once() -> None:
    d = docx.Document()
    p = d.add_paragraph("宿主段落")
    xml = _TEXTBOX % " ".join(f'xmlns:{k}="{v}"' for k, v in _NS.items())
    p._p.append(parse_xml(xml))
    d.add_paragraph("下一段")
    texts = [b.text for b in _read(_save(d)).blocks if isinstance(b, DocPara)]
    assert texts == ["宿主段落", "框内文字", "下一段"]


def test_header_footer_and_footnote_parts_are_not_read() -> None:
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "页眉不应出现"
    section.footer.paragraphs[0].text = "页脚不应出现"
    d.add_paragraph("正文")
    extracted = _read(_save(d))
    texts = [b.text for b in extracted.blocks if isinstance(b, DocPara)]
    assert texts == ["正文"]


def test_structured_document_tag_content_is_read() -> None:
    d = docx.Document()
    sdt = parse_xml(
        "<w:sdt %s><w:sdtContent><w:p><w:r><w:t>控件内文字</w:t></w:r></w:p></w:sdtContent></w:sdt>" % nsdecls("w")
    )
    d.element.body.insert(0, sdt)
    texts = [b.text for b in _read(_save(d)).blocks if isinstance(b, DocPara)]
    assert texts == ["控件内文字"]


# --------------------------------------------------------------------------------------------
# broken and hostile files


def _only_problem(report: Report, rule: str) -> None:
    """The report's one finding is ``rule``: a file that was not read runs no rule."""
    findings = check_report(report).findings
    assert [f.rule for f in findings] == [rule], [(f.rule, f.message) for f in findings]
    assert [f.rule for f in report.problems] == [rule]


def _minimal_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("正文")
    return _save(d)


def test_corrupt_zip_is_one_unreadable_finding_and_exit_1(tmp_path: Path) -> None:
    data = _minimal_docx()
    broken = data[: len(data) // 2]
    report = parse_bytes(broken, "broken.docx")
    _only_problem(report, "PRS-001")
    path = tmp_path / "f.docx"
    path.write_bytes(broken)
    run = subprocess.run([sys.executable, "-m", "compliance", "check", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1, run.stdout + run.stderr


def test_broken_document_xml_is_unreadable() -> None:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(_minimal_docx())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]
            dst.writestr(info, body)
    report = parse_bytes(out.getvalue(), "x.docx")
    _only_problem(report, "PRS-001")
    assert "Word 文件（.docx）已损坏或不完整" in check_report(report).findings[0].message


def test_zip_bomb_member_is_a_limit_finding() -> None:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(_minimal_docx())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("word/media/bomb.bin", b"\0" * (20 * 1024 * 1024))
    report = parse_bytes(out.getvalue(), "bomb.docx")
    _only_problem(report, "PRS-009")
    assert "max_ratio" in report.problems[0].message


def test_too_many_members_is_a_limit_finding() -> None:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(_minimal_docx())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        for i in range(30):
            dst.writestr(f"customXml/extra{i}.xml", b"<a/>")
    report = parse_bytes(out.getvalue(), "many.docx", limits=Limits(max_members=20))
    _only_problem(report, "PRS-009")
    assert "max_members" in report.problems[0].message


def test_total_unzipped_size_limit() -> None:
    report = parse_bytes(_minimal_docx(), "x.docx", limits=Limits(max_unzipped_mb=0.001))
    _only_problem(report, "PRS-009")


def test_encrypted_package_in_a_zip_is_protected() -> None:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(_minimal_docx())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("EncryptionInfo", b"x")
    _only_problem(parse_bytes(out.getvalue(), "x.docx"), "PRS-008")


# --------------------------------------------------------------------------------------------
# detection by content, places


def _example(name: str) -> Report:
    return parse_path(str(ROOT / "examples" / name))


def test_docx_named_file_holding_html_is_read_as_html() -> None:
    report = _example("2021-city-government.html")
    text = report_to_html(report).encode("utf-8")
    as_docx_name = parse_bytes(text, "report.docx")
    assert as_docx_name.format == "html"
    assert _cells(as_docx_name) == _cells(report)


def test_txt_named_file_holding_docx_is_read_as_docx() -> None:
    report = _example("2021-county-bureau.md")
    parsed = parse_bytes(report_to_docx(report), "report.txt")
    assert parsed.format == "docx"
    assert _cells(parsed) == _cells(report)


def test_json_location_of_a_cell_finding_has_its_word_place(tmp_path: Path) -> None:
    report = _example("2021-county-blank-cells.html")
    path = tmp_path / "F.docx"
    path.write_bytes(report_to_docx(report))
    run = subprocess.run(
        [sys.executable, "-m", "compliance", "check", str(path), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT,
    )
    data = json.loads(run.stdout)
    findings = data["reports"][0]["findings"]
    cell_findings = [f for f in findings if f["location"].get("cell")]
    assert cell_findings, findings
    for f in cell_findings:
        place = f["location"]["place"]
        assert set(place) == {"table", "row", "cell"}
        assert all(isinstance(v, int) and v >= 1 for v in place.values())
    paragraph_findings = [f for f in findings if not f["location"].get("cell") and f["location"].get("place")]
    for f in paragraph_findings:
        assert set(f["location"]["place"]) <= {"paragraph", "table", "row", "cell"}


def _numbered(document: docx.document.Document, fmt: str, lvl_text: str) -> str:
    """Add a one-level list definition to the numbering part; returns its numId."""
    numbering = document.part.numbering_part.element
    w = _NS["w"]
    numbering.append(parse_xml(
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum>'
    ))
    numbering.append(parse_xml(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _set_num(paragraph, num_id: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{_NS["w"]}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_chinese_counting_numbering_is_resolved() -> None:
    d = docx.Document()
    num = _numbered(d, "chineseCounting", "%1、")
    for title in ("总体情况", "主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        _set_num(d.add_paragraph(title), num)
    texts = [b.text for b in _read(_save(d)).blocks if isinstance(b, DocPara)]
    # the third already prints its number: kept as printed
    assert texts == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def test_other_numbering_formats_invent_nothing() -> None:
    d = docx.Document()
    num = _numbered(d, "decimal", "%1.")
    _set_num(d.add_paragraph("总体情况"), num)
    texts = [b.text for b in _read(_save(d)).blocks if isinstance(b, DocPara)]
    assert texts == ["总体情况"]


def test_grid_before_leaves_empty_slots() -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "a"
    t.cell(0, 1).text = "b"
    row = t.rows[1]._tr
    row.remove(row.tc_lst[0])
    row.get_or_add_trPr().append(parse_xml(f'<w:gridBefore xmlns:w="{_NS["w"]}" w:val="1"/>'))
    t.rows[1].cells[-1].text = "c"
    (table,) = _read(_save(d)).blocks
    assert isinstance(table, DocTable)
    assert table.grid[1][0] == -1 and table.cells[table.grid[1][1]].text == "c"
