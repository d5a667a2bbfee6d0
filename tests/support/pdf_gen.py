"""PDF versions of generated reports (reportlab, the built-in CID font STSong-Light), the same
content as :func:`tests.support.render.render_html`: title, paragraphs, headings, tables
二/三/四 with grid lines and the national template's merged cells, the vertical group label
written one character per line, 表三 split over pages with its header repeated, and page
numbers ``- N -`` in the footer.  Also odd PDFs: scanned (no text), encrypted, many pages."""

from __future__ import annotations

import html
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .model import APP_COLUMN_IDS, APPEAL_COLUMN_IDS, APPEAL_ROWS, DISCLOSURE_BLOCKS, RESULTS_GROUP, TableModel, app_row_ids
from .render import GRIDS, G, ReportText, _walk, default_text, disclosure_grid, positions, render_html

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=16, wordWrap="CJK")
_TITLE = ParagraphStyle("title", parent=_BODY, fontSize=16, leading=22, alignment=1)
_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK", alignment=1)


def _table(cells: list[tuple[int, int, G]], nrows: int, ncols: int, width: float) -> Table:
    data: list[list[object]] = [["" for _ in range(ncols)] for _ in range(nrows)]
    style: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r, c, g in cells:
        text = html.escape(g.text, quote=False)
        if g.text == RESULTS_GROUP:  # written down the side, one character per line
            text = "<br/>".join(html.escape(ch) for ch in g.text)
        data[r][c] = Paragraph(text, _CELL) if text else ""
        if g.rowspan > 1 or g.colspan > 1:
            style.append(("SPAN", (c, r), (c + g.colspan - 1, r + g.rowspan - 1)))
    if ncols == 10:  # 表三: three label columns, seven values
        widths = [22, 70, 100] + [(width - 192) / 7] * 7
    elif ncols == 4:
        widths = [width * 0.4] + [width * 0.2] * 3
    else:
        widths = [width / ncols] * ncols
    return Table(data, colWidths=widths, style=TableStyle(style))


def _tables(grid: list[list[G]], header_rows: int, width: float) -> list[object]:
    """The table as flowables; with ``header_rows``, split in two over a page break, the
    header repeated on the second page and a merged cell crossing the break cut in two (its
    text on the first page), as word processors print it."""
    cells, _ = positions(grid)
    ncols = max(c + g.colspan for _, c, g in cells)
    nrows = len(grid)
    if not header_rows:
        return [_table(cells, nrows, ncols, width)]
    cut = header_rows + (nrows - header_rows) // 2
    first: list[tuple[int, int, G]] = []
    second: list[tuple[int, int, G]] = [(r, c, g) for r, c, g in cells if r < header_rows]
    for r, c, g in cells:
        if r < cut:
            if r + g.rowspan > cut:
                first.append((r, c, G(g.text, cut - r, g.colspan, g.address)))
                second.append((header_rows, c, G("", r + g.rowspan - cut, g.colspan)))
            else:
                first.append((r, c, g))
        else:
            second.append((r - cut + header_rows, c, g))
    return [
        _table(first, cut, ncols, width),
        PageBreak(),
        _table(second, nrows - cut + header_rows, ncols, width),
    ]


def _footer(c: canvas.Canvas, doc: object) -> None:
    c.saveState()
    c.setFont(FONT, 10)
    c.drawCentredString(A4[0] / 2, 30, f"- {c.getPageNumber()} -")
    c.restoreState()


def model_to_pdf(model: TableModel, text: ReportText | None = None) -> bytes:
    """The report of ``model`` as a PDF (the same content as ``render_html(model, text)``)."""
    text = text or default_text(model)
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60)
    story: list[object] = [Paragraph(html.escape(text.title), _TITLE), Spacer(1, 12)]

    def para(p: str) -> None:
        story.append(Paragraph(html.escape(p, quote=False), _BODY))

    def heading(number: str, h: str) -> None:
        story.append(Paragraph(html.escape(h, quote=False), _BODY))

    def table(tid: str) -> None:
        grid = disclosure_grid(model) if tid == "disclosure" else GRIDS[tid](model)
        header = 3 if tid == "applications" else 0
        story.extend(_tables(grid, header, doc.width))
        story.append(Spacer(1, 8))

    for p in text.preamble:
        para(p)
    _walk(text, model, para, heading, table)
    for line in text.closing:
        para(line)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()


def report_to_model(report: object) -> TableModel:
    """The numbers of a parsed report (``compliance.model.Report``) as a :class:`TableModel`
    in the national template's layout: a cell the report lacks or leaves empty is printed
    empty (0 in the model)."""
    cells = {a: c for a, c in report.cells()}  # type: ignore[attr-defined]
    template = report.template  # type: ignore[attr-defined]
    blanks: set[str] = set()

    def value(address: str) -> object:
        cell = cells.get(address)
        if cell is None or cell.kind != "number" or cell.value is None:
            blanks.add(address)
            return 0
        return cell.value

    disclosure = {
        rid: {cid: value(f"disclosure/{rid}/{cid}") for cid, _ in columns}
        for _, columns, rows in DISCLOSURE_BLOCKS[template]
        for rid, _ in rows
    }
    applications = {
        rid: tuple(value(f"applications/{rid}/{cid}") for cid in APP_COLUMN_IDS) for rid in app_row_ids(template)
    }
    appeals = {rid: tuple(value(f"appeals/{rid}/{cid}") for cid in APPEAL_COLUMN_IDS) for rid, _ in APPEAL_ROWS}
    return TableModel(
        template, report.year, report.agency or "某某市人民政府",  # type: ignore[attr-defined]
        disclosure, applications, appeals, frozenset(blanks),  # type: ignore[arg-type]
    )


def report_to_pdf(report: object) -> bytes:
    """A PDF of a parsed report's content (its numbers, an invented narrative)."""
    return model_to_pdf(report_to_model(report))


def report_to_html(report: object) -> str:
    """The same content as :func:`report_to_pdf`, as a web page."""
    return render_html(report_to_model(report))


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages holding only drawings (what a scan gives): no text layer."""
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(pages):
        c.setFillColor(colors.grey)
        for k in range(20):
            c.rect(60, 760 - 30 * k, 400, 12, fill=1, stroke=0)
        c.showPage()
    c.save()
    return buf.getvalue()


def text_pdf(lines: list[str], *, pages: int = 1, encrypt: str | None = None) -> bytes:
    """``lines`` on each of ``pages`` pages; ``encrypt``: a user (open) password."""
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for _ in range(pages):
        c.setFont(FONT, 12)
        for k, line in enumerate(lines):
            c.drawString(60, 780 - 20 * k, line)
        c.showPage()
    c.save()
    return buf.getvalue()


__all__ = ["model_to_pdf", "report_to_html", "report_to_model", "report_to_pdf", "scanned_pdf", "text_pdf"]
