"""Generated reports (:class:`~properties.strategies.GenReport`) rendered in the other input
formats: a saved web page, the seed-style flattened pipe text in traditional script, and TSV.

The words are the generated report's own (title, 统计期限, the six sections' paragraphs, the
sentence after table 四), so a valid report stays valid in every format; only the tables'
layout differs.  The tables are the national template's grids (``support.render``):

``html``     a saved page: breadcrumbs, title bar, share bar and ``附件下载`` around the article;
             tables with the Word template's ``rowspan``/``colspan`` (申请人情况 over seven
             columns, 法人或其他组织 over five, 三、本年度办理结果 down the side, the group
             labels （三）不予公开 … as rowspans); ``word=True`` writes Word-exported markup
             (``MsoNormal`` paragraphs, labels split over ``<span>``s, the headings of 三 and 四
             as the table's first row across every column); blank cells ``&nbsp;``;
             ``html_flat``: the same page with rowspan/colspan stripped (a sanitising editor)
``pipe``     (``pipe_seed``: :func:`render_pipe_seed`) the flattened page text of corpus sample 000 / examples/2019-district-office-
             traditional.txt: one cell per line ending in `` |``, each row closed by a line of
             pipes, the rowspans lost, converted to traditional script (OpenCC ``s2t``, already
             a dependency); blank cells `` |``
``tsv``      tab-separated lines (examples/2021-township.tsv): simple label/value rows, or
             (``spreadsheet=True``) the Word grid as a spreadsheet exports it; blank cells are
             empty fields

Blank cells are the report's ``blanks`` (addresses); :func:`blank_heavy` draws them the way
agencies print zeros blank: whole columns, whole rows (the （六）其他处理 rows), scattered cells.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

from hypothesis import strategies as st
from support.model import APP_COLUMN_IDS, APPEAL_COLUMN_IDS, TableModel
from support.model import RESULTS_GROUP
from support.render import (
    G,
    ReportText,
    _html_table,
    _word_spans,
    appeals_grid,
    applications_grid,
    disclosure_grid,
    expand,
    render_pipe,
    render_tsv,
    to_traditional,
)

from .strategies import SECTION_TITLES, GenReport, render, with_changes

FORMATS = ("html", "html_word", "html_flat", "pipe", "pipe_seed", "tsv", "tsv_spreadsheet")


def _number(s: str) -> int | Decimal:
    return Decimal(s) if "." in s else int(s)


def table_model(g: GenReport) -> TableModel:
    """The generated report's tables as a :class:`TableModel` (same numbers, same blanks)."""
    apps = {r: tuple(v[c] for c in APP_COLUMN_IDS) for r, v in g.applications.items()}
    appeals = {r: tuple(v[c] for c in APPEAL_COLUMN_IDS) for r, v in g.appeals.items()}
    disclosure = {r: {c: _number(v) for c, v in cols.items()} for r, cols in g.disclosure.items()}
    return TableModel(g.template, g.year, g.agency, disclosure, apps, appeals, frozenset(g.blanks))


def report_text(g: GenReport) -> ReportText:
    """The generated report's words (its Markdown rendering without the tables)."""
    assert g.sections == tuple("一二三四五六"), "the format renderers print all six sections"
    md = render(g)
    head, *sections = md.split("\n## ")
    title = head.split("\n", 1)[0].lstrip("# ").strip()
    preamble = [p for p in head.split("\n")[1:] if p.strip()]
    body: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for sec in sections:
        heading, _, rest = sec.partition("\n")
        number = heading.split("、", 1)[0]
        assert heading == f"{number}、{SECTION_TITLES[number]}"
        before: list[str] = []
        tail: list[str] = []
        seen_table = False
        for line in rest.split("\n"):
            if line.startswith("|") or line.startswith("第二十条") or line in ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"):
                seen_table = True
                continue
            if line.strip():
                (tail if seen_table else before).append(line)
        body[number] = before
        after[number] = tail
    return ReportText(title, preamble, body, [], after)


# ---------------------------------------------------------------------------------------------
# the saved web page


def render_html(g: GenReport, *, word: bool = False) -> str:
    """A saved web page (site chrome, the article, 附件下载), tables as the Word template's grid."""
    model, text = table_model(g), report_text(g)
    rnd = random.Random(f"{g.agency}{g.year}{g.template}{word}")
    place = g.agency[:3]
    esc = __import__("html").escape

    def para(p: str) -> str:
        if word:
            return f'<p class="MsoNormal" style="text-indent:32.0pt">{_word_spans(p, rnd)}</p>'
        return f"<p>{esc(p, quote=False)}</p>"

    def heading(h: str) -> str:
        if word:
            return f'<p class="MsoNormal"><b><span style="font-family:黑体">{esc(h, quote=False)}</span></b></p>'
        return f"<p><strong>{esc(h, quote=False)}</strong></p>"

    grids = {"二": disclosure_grid, "三": applications_grid, "四": appeals_grid}
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
        f"<title>{esc(text.title)}-{esc(place)}人民政府网</title>",
        "</head>",
        "<body>",
        '<div class="top"><a href="/">网站首页</a> | <a href="/wza/">无障碍</a> | <a href="/en/">English</a></div>',
        '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; '
        '<a href="/zwgk/ndbg/">政府信息公开年报</a> &gt; 正文</div>',
        '<div class="article">',
        f'<h1 class="title">{esc(text.title)}</h1>',
        f'<div class="meta">发布时间：{g.year + 1}-01-20　来源：{esc(g.agency)}　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>',
        '<div class="TRS_Editor" id="zoom">',
    ]
    out += [para(p) for p in text.preamble]
    for number in "一二三四五六":
        title = f"{number}、{SECTION_TITLES[number]}"
        in_table = word and number in ("三", "四")  # the Word template prints these in the table
        if not in_table:
            out.append(heading(title))
        out += [para(p) for p in text.sections.get(number, [])]
        if number in grids:
            grid = grids[number](model)
            if in_table:
                grid = [[G(title, 1, len(expand(grid, repeat=True)[0]))], *grid]
            out += _html_table(grid, word=word, rnd=rnd)
        out += [para(p) for p in text.after.get(number, [])]
    out += [
        "</div>",
        '<div class="attachments"><p>附件下载：</p><ul><li><a href="/files/ndbg.docx">'
        f"{esc(text.title)}.docx</a></li></ul></div>",
        '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a>　<a href="javascript:window.print()">【打印本页】</a>'
        ' <a href="javascript:window.close()">【关闭窗口】</a></div>',
        "</div>",
        f'<div class="footer"><p>主办：{esc(place)}人民政府办公室　网站标识码：1234000001</p></div>',
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def render_pipe_traditional(g: GenReport) -> str:
    """Flattened pipe text, traditional script, the template's labels whole."""
    return render_pipe(table_model(g), report_text(g), traditional=True)


def _seed_grid(grid: list[list[G]]) -> list[list[G]]:
    """Table 三 as the seed (corpus 000) prints it: the side labels cut to what the first line
    of their vertical text held (（三）不予, （四）无法), 三、 alone one row down, ASCII
    parentheses in the row labels."""
    out = [list(row) for row in grid]
    moved: G | None = None
    for i, row in enumerate(out):
        for j, cell in enumerate(row):
            if cell.is_data:
                continue
            text = cell.text.replace("（", "(").replace("）", ")")
            if cell.rowspan > 1 and i >= 3 and cell.text == RESULTS_GROUP:
                row[j] = G("", 1, 1)
                moved = G(RESULTS_GROUP[:2], 1, 1)
                continue
            if cell.rowspan > 1 and i >= 3:
                text = text[:5]
            row[j] = G(text, cell.rowspan, cell.colspan, cell.address)
        if moved is not None and not any(c.text == RESULTS_GROUP[:2] for c in row) and row[0].text != "":
            row.insert(0, moved)
            moved = None
    for row in out:
        row[:] = [c for c in row if c.text or c.is_data]
    return out


def render_pipe_seed(g: GenReport) -> str:
    """Seed-style flattened pipe text (corpus 000): one cell per line ending in `` |``, each row
    closed by a line of pipes padding it to 21 columns, rowspans lost and the side labels cut
    (:func:`_seed_grid`), traditional script; blank cells `` |``."""
    model, text = table_model(g), report_text(g)
    out = [text.title, *text.preamble]

    def close(n: int) -> None:
        out.append("|" * max(1, 21 - n))

    grids = {"二": disclosure_grid(model), "三": _seed_grid(applications_grid(model)), "四": appeals_grid(model)}
    for number in "一二三四五六":
        heading = f"{number}、{SECTION_TITLES[number]}"
        if number in ("三", "四"):
            out.append(f"{heading} |")
            close(1)
        else:
            out.append(heading)
        out += text.sections.get(number, [])
        for row in grids.get(number, []):
            for cell in row:
                out.append(f"{cell.text} |" if cell.text else " |")
            close(len(row))
        out += text.after.get(number, [])
    return to_traditional("\n".join(out) + "\n")


def render_tsv_text(g: GenReport, *, spreadsheet: bool = False) -> str:
    return render_tsv(table_model(g), report_text(g), spreadsheet=spreadsheet)


def render_format(g: GenReport, fmt: str) -> str:
    if fmt == "html":
        return render_html(g)
    if fmt == "html_word":
        return render_html(g, word=True)
    if fmt == "html_flat":
        # a page whose editor (or the site's sanitiser) stripped rowspan/colspan
        return re.sub(r' (?:row|col)span="\d+"', "", render_html(g))
    if fmt == "pipe":
        return render_pipe_traditional(g)
    if fmt == "pipe_seed":
        return render_pipe_seed(g)
    if fmt == "tsv":
        return render_tsv_text(g)
    if fmt == "tsv_spreadsheet":
        return render_tsv_text(g, spreadsheet=True)
    raise KeyError(fmt)


def path_for(fmt: str) -> str:
    return {"html": "generated.html", "html_word": "generated.html", "html_flat": "generated.html", "pipe": "generated.txt", "pipe_seed": "generated.txt"}.get(fmt, "generated.tsv")


# ---------------------------------------------------------------------------------------------
# blank-heavy reports


def zero_cells(g: GenReport) -> list[str]:
    out = [f"applications/{r}/{c}" for r, cols in g.applications.items() for c, v in cols.items() if v == 0]
    out += [f"appeals/{r}/{c}" for r, cols in g.appeals.items() for c, v in cols.items() if v == 0]
    return out


_DERIVED = ("new_received", "carried_in", "total", "carried_out")


def zero_rows(g: GenReport, rows) -> GenReport:
    """``g`` with the given leaf rows of table 三 all zero, the derived rows recomputed (a valid
    report again: 上年结转 is lowered where it would exceed 总计 + 结转下年度)."""
    if not rows:
        return g
    apps = {r: dict(v) for r, v in g.applications.items()}
    leaves = [r for r in apps if r not in _DERIVED]
    for c in APP_COLUMN_IDS[:6]:
        for r in rows:
            apps[r][c] = 0
        total = sum(apps[r][c] for r in leaves)
        apps["total"][c] = total
        apps["carried_in"][c] = min(apps["carried_in"][c], total + apps["carried_out"][c])
        apps["new_received"][c] = total + apps["carried_out"][c] - apps["carried_in"][c]
    for r in apps:
        apps[r]["total"] = sum(apps[r][c] for c in APP_COLUMN_IDS[:6])
    return with_changes(g, applications=apps)


@st.composite
def blank_heavy(draw, g: GenReport, table_four_all_blank: bool = False) -> GenReport:
    """``g`` with some of its zero table-三/四 cells printed blank: zero cells of whole
    columns, of whole rows (the 其他处理 rows most often), of whole groups of table 四, and
    scattered ones.  Some leaf rows
    are made all zero first (blank-heavy reports are reports with many empty rows).  A table 四
    with every cell blank is a known gap, drawn only with ``table_four_all_blank``."""
    leaf_rows = [r for r in g.applications if r not in _DERIVED]
    g = zero_rows(g, draw(st.sets(st.sampled_from(leaf_rows), max_size=len(leaf_rows))))
    # whole groups of table 四 with nothing to report (not all three: a table 四 printed with
    # every cell blank is a known gap, tests/properties/test_formats.py)
    empty_groups = draw(st.sets(st.sampled_from(sorted(g.appeals)), max_size=len(g.appeals) - 1))
    if empty_groups:
        g = with_changes(g, appeals={r: ({c: 0 for c in v} if r in empty_groups else v) for r, v in g.appeals.items()})
    zeros = zero_cells(g)
    if not zeros:
        return g
    columns = draw(st.sets(st.sampled_from(APP_COLUMN_IDS + tuple(f"appeals:{c}" for c in APPEAL_COLUMN_IDS)), max_size=3))
    other_rows = [r for r in g.applications if r.split(".")[0] == "other"]
    rows = set(draw(st.sets(st.sampled_from(sorted(g.applications)), max_size=3)))
    if draw(st.booleans()):
        rows |= set(other_rows)
    scatter = draw(st.sampled_from((0.0, 0.0, 0.1, 0.3, 0.7)))
    rnd = random.Random(draw(st.integers(0, 2**16)))
    chosen = []
    for address in zeros:
        table, row, column = address.split("/")
        key = column if table == "applications" else f"appeals:{column}"
        if key in columns or (table == "applications" and row in rows) or (table == "appeals" and row in empty_groups) \
                or rnd.random() < scatter:
            chosen.append(address)
    appeal_cells = [f"appeals/{r}/{c}" for r, cols in g.appeals.items() for c in cols]
    if not table_four_all_blank and all(a in chosen for a in appeal_cells):
        chosen.remove(appeal_cells[-1])  # the known gap (test_formats.py): keep one cell printed
    return with_changes(g, blanks=tuple(chosen))
