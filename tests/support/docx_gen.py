"""Write a parsed report's content again as a Word file (.docx) and as an HTML page.

Both versions carry the same content: the title, the preamble, each section heading with its
paragraphs, and tables 二/三/四 laid out on the national template's grid
(:func:`support.render.disclosure_grid` / ``applications_grid`` / ``appeals_grid``, whose labels
come from the template data in :mod:`support.model`).  Each value cell holds the parsed
cell's raw text (a blank cell stays empty).  In the .docx a spanned grid cell is a REAL Word
merge (``cell.merge``: ``w:gridSpan`` across, ``w:vMerge`` down); in the HTML it is
``rowspan``/``colspan``.  Labels of four characters or more are written as two runs in Word,
as Word splits them where formatting or edit history changed.
"""

from __future__ import annotations

import html as html_lib
from io import BytesIO
from typing import Any

import docx

from compliance.model import Report

from .render import GRIDS, G, positions

_TABLE_OF_SECTION = {"二": "disclosure", "三": "applications", "四": "appeals"}


class _Printed:
    """The subset of :class:`support.model.TableModel` the grid builders use: the template and
    the printed text of a cell address (the parsed raw text)."""

    def __init__(self, report: Report) -> None:
        self.template = report.template
        self.raw: dict[str, str] = {}
        for table in report.tables:
            for row in table.rows:
                for cid, cell in row.cells:
                    self.raw[f"{table.id}/{row.id}/{cid}"] = cell.raw if cell.kind != "blank" else ""

    def text(self, address: str) -> str:
        return self.raw.get(address, "")


def _content(report: Report) -> list[tuple[str, Any]]:
    """The report as a list of ("p", text) / ("table", grid) blocks."""
    printed = _Printed(report)
    present = {t.id for t in report.tables}
    blocks: list[tuple[str, Any]] = []
    preamble = [p.text for p in report.preamble]
    if report.title and (not preamble or preamble[0] != report.title):
        blocks.append(("p", report.title))
    blocks.extend(("p", p) for p in preamble)
    for section in report.sections:
        blocks.append(("p", f"{section.number}、{section.title}"))
        blocks.extend(("p", p.text) for p in section.paragraphs)
        tid = _TABLE_OF_SECTION.get(section.canonical or "")
        if tid in present:
            blocks.append(("table", GRIDS[tid](printed)))  # type: ignore[arg-type]
            present.discard(tid)
    return blocks


def _write_runs(paragraph: Any, text: str, split: bool) -> None:
    if split and len(text) >= 4 and not text.replace(".", "").lstrip("-").isdigit():
        k = len(text) // 2
        paragraph.add_run(text[:k])
        paragraph.add_run(text[k:])
    elif text:
        paragraph.add_run(text)


def add_grid(document: Any, grid: list[list[G]], *, split_runs: bool = True) -> Any:
    """A Word table for ``grid`` with real merged cells."""
    cells, width = positions(grid)
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    for r, c, g in cells:
        cell = table.cell(r, c)
        if g.rowspan > 1 or g.colspan > 1:
            cell = cell.merge(table.cell(r + g.rowspan - 1, c + g.colspan - 1))
        _write_runs(cell.paragraphs[0], g.text, split_runs)
    return table


def report_to_docx(report: Report) -> bytes:
    document = docx.Document()
    for kind, value in _content(report):
        if kind == "p":
            document.add_paragraph(value)
        else:
            add_grid(document, value)
            document.add_paragraph()
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _esc(s: str) -> str:
    return html_lib.escape(s, quote=False)


def report_to_html(report: Report) -> str:
    out = ["<!DOCTYPE html>", "<html>", '<head><meta charset="utf-8"></head>', "<body>"]
    for kind, value in _content(report):
        if kind == "p":
            out.append(f"<p>{_esc(value)}</p>")
            continue
        out.append('<table border="1">')
        for row in value:
            tds = []
            for g in row:
                attrs = (f' rowspan="{g.rowspan}"' if g.rowspan > 1 else "") + (
                    f' colspan="{g.colspan}"' if g.colspan > 1 else ""
                )
                tds.append(f"<td{attrs}>{_esc(g.text) if g.text else '&nbsp;'}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
