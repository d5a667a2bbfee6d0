"""Render a :class:`~support.model.TableModel` as a full annual report in an input format.

Every renderer writes the same report — title, preamble with the 统计期限 statement, the six
sections with narrative text, tables 二/三/四 inside sections 二–四, the 信息处理费 statement
in 六, and a signature with a date — only the format differs:

``markdown``   ``#`` headings, one ``| … |`` table per template table (one label cell per row,
               group labels on rows of their own, a separator row after the first row)
``html``       a page with site chrome around the article; tables with real ``rowspan`` and
               ``colspan`` as the Word template has them (``html_word``: Word-exported markup,
               ``MsoNormal`` paragraphs, labels split across ``<span>``s, ``&nbsp;`` blanks;
               ``html_padded``: 表二 blocks of one or two columns padded with empty cells
               instead of merged ones)
``pipe``       flattened page text, one cell per line (``text |``), rows closed by a line of
               pipes padding the row to 21 columns, rowspans lost (corpus sample 000);
               ``traditional=True`` converts everything with OpenCC ``s2t``
``tsv``        tab-separated text, one line per table row, headings as lines of their own
               (``tsv_spreadsheet``: the Word grid as a spreadsheet exports it, merged cells
               empty except their first position)
``plain``      plain text, a table row as ``label n n n`` (space-separated numbers)
``plain_gbk``  the same, encoded as GBK (returns bytes)
``glued``      flat page text: the body on one line, cells of a row concatenated without
               separators (``规章000行政规范性文件8855698``), as scraped pages have them

Blank cells (``model.blanks``) can be written by ``markdown``, ``html``, ``pipe`` and ``tsv``;
the other formats have no way to print an empty cell and refuse such models
(:data:`BLANK_CAPABLE`).
"""

from __future__ import annotations

import html as html_lib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random

from .model import (
    APP_COLUMNS,
    APP_NOTE,
    APPEAL_COLUMNS,
    APPEAL_ROWS,
    DISCLOSURE_BLOCKS,
    RESULTS_GROUP,
    TableModel,
    app_rows,
)

SECTION_TITLES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}
SECTION_TABLES = {"二": "disclosure", "三": "applications", "四": "appeals"}
ORDER = "一二三四五六"


# =============================================================================================
# Narrative


@dataclass
class ReportText:
    """The words around the tables.  ``sections[n]`` is a list of paragraphs; for 二/三/四 they
    stand between the heading and the table, ``after[n]`` after the table."""

    title: str
    preamble: list[str]
    sections: dict[str, list[str]]
    closing: list[str]
    after: dict[str, list[str]] = field(default_factory=dict)
    heading_titles: dict[str, str] = field(default_factory=lambda: dict(SECTION_TITLES))

    def heading(self, number: str) -> str:
        return f"{number}、{self.heading_titles[number]}"


def _place(agency: str) -> str:
    for suffix in ("市", "县", "区"):
        i = agency.find(suffix)
        if 0 < i <= 5:
            return agency[: i + 1]
    return agency[:3]


def default_text(model: TableModel) -> ReportText:
    """An invented but realistic narrative, consistent with the model's numbers."""
    rnd = Random(zlib.crc32(f"{model.agency}{model.year}{model.template}".encode()))
    a, y = model.agency, model.year
    place = _place(a)
    is_government = a.endswith(("人民政府", "办事处"))
    we = "我" + ("县" if place.endswith("县") else "区" if place.endswith("区") else "市") if is_government else "本机关"
    title = f"{a}{y}年{rnd.choice(['', '度'])}政府信息公开工作年度报告"
    if model.template == "2021":
        basis = (
            "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开"
            "工作年度报告格式》（国办公开办函〔2021〕30号）的要求编制。"
        )
    else:
        basis = f"本报告根据新修订的《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{a}编制。"
    period = (
        f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。本报告电子版可在{place}人民政府门户网站"
        f"政府信息公开专栏查阅和下载。如对本报告有疑问，请与{a}办公室联系（电话：0{rnd.randint(510, 939)}-"
        f"{rnd.randint(2000000, 8999999)}）。"
    )
    total_pub = sum(
        v for addr, v in model.cells("disclosure") if v is not None and not addr.endswith(("/amount", "/change"))
        and isinstance(v, int)
    )
    new = model.app("new_received")
    carried_in = model.app("carried_in")
    done = model.app("total")
    carried_out = model.app("carried_out")
    granted = model.app("granted") + model.app("partially_granted")
    appeals = model.appeal("review")
    suits = model.appeal("litigation_direct") + model.appeal("litigation_after_review")
    one = [
        f"{y}年，{we}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》，围绕中心工作"
        f"扎实推进政府信息公开，不断提升政务公开的标准化、规范化水平。",
        f"（一）主动公开。全年通过门户网站、政务新媒体和政务服务大厅公开栏等渠道主动公开政府信息"
        f"{total_pub + rnd.randint(80, 900)}条，其中政策文件{rnd.randint(3, 60)}件、政策解读{rnd.randint(2, 30)}篇，"
        f"重点做好财政预决算、重大建设项目、公共资源配置和社会公益事业建设等领域的信息公开。",
        f"（二）依申请公开。全年新收政府信息公开申请{new}件，上年结转{carried_in}件；已办结{done}件，其中予以公开或部分公开"
        f"{granted}件，结转下年度继续办理{carried_out}件，所有申请均在法定期限内答复。",
        "（三）政府信息管理。严格执行公开前保密审查和合法性审查制度，坚持“先审查、后公开”“一事一审”，"
        "及时对现行有效的规范性文件进行清理并标注效力状态。",
        f"（四）政府信息公开平台建设。持续优化政府网站信息公开专栏，完善法定主动公开内容目录，"
        f"强化政务新媒体“{rnd.choice(['微政务', '掌上办', '云端发布'])}”的发布与解读功能。",
        "（五）监督保障。" + (
            f"将政务公开工作纳入年度绩效考核，开展社会评议{rnd.randint(1, 4)}次，全年未发生因政务公开工作不到位被责任追究的情况。"
            if is_government
            else f"落实政务公开工作责任制，明确分管负责人和专职人员，组织业务培训{rnd.randint(1, 6)}次。"
        ),
    ]
    two = [f"{y}年，{we}主动公开政府信息情况如下表。"] if rnd.random() < 0.5 else []
    three = [f"{y}年，{we}收到和处理政府信息公开申请情况如下表。"] if rnd.random() < 0.5 else []
    four = []
    if rnd.random() < 0.5:
        four = [f"{y}年，{we}发生政府信息公开行政复议案件{appeals}件、行政诉讼案件{suits}件。"]
    five = [
        f"{y}年，{we}政府信息公开工作取得一定成效，但仍存在一些不足：一是部分领域信息更新不够及时；"
        "二是政策解读形式较为单一，图解、视频类解读偏少。",
        "针对上述问题，下一步将采取以下改进措施：一是建立信息发布提醒机制，定期检查栏目更新情况；"
        "二是丰富解读形式，提高解读材料的可读性。",
    ]
    if model.template == "2021":
        five.insert(
            0,
            f"关于上年度问题的整改情况：针对上年度报告中提出的栏目内容不够完整的问题，已完成{rnd.randint(2, 9)}个栏目的内容梳理与补充。",
        )
    fee = rnd.choice(
        [
            f"{y}年，{we}未收取信息处理费。",
            f"依据《政府信息公开信息处理费管理办法》，{y}年{we}收取信息处理费0元。",
            f"本年度{we}依据《政府信息公开信息处理费管理办法》，未发出收费通知，未收取信息处理费。",
        ]
    )
    six = [
        fee,
        f"（一）人大代表建议和政协提案办理结果公开情况。全年共办理人大代表建议{rnd.randint(0, 30)}件、"
        f"政协提案{rnd.randint(0, 30)}件，办理结果均已按规定公开。",
        "（二）年度政务公开工作要点落实情况。已按照年度工作要点逐项落实，各项任务均已完成。",
    ]
    closing = [a, f"{y + 1}年1月{rnd.randint(5, 28)}日"]
    return ReportText(
        title,
        [basis, period],
        {"一": one, "二": two, "三": three, "四": four, "五": five, "六": six},
        closing,
    )


# =============================================================================================
# Tables as grids (the Word template's structure) and as simple label/value rows


@dataclass
class G:
    """One grid cell.  ``address``: the model cell it prints (``None`` for labels)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    address: str | None = None

    @property
    def is_data(self) -> bool:
        return self.address is not None


def _data(model: TableModel, address: str, colspan: int = 1) -> G:
    return G(model.text(address), 1, colspan, address)


def disclosure_grid(model: TableModel, *, value_colspan: bool = True) -> list[list[G]]:
    """表二: 4 columns (信息内容 + up to three values).  ``value_colspan``: the last header and
    value cell of a block with fewer than three columns spans what the block leaves (the Word
    template's merged cells); otherwise the row is padded with empty cells."""
    rows: list[list[G]] = []
    width = 4
    for item, columns, block_rows in DISCLOSURE_BLOCKS[model.template]:
        rows.append([G(f"第二十条第（{item}）项", 1, width)])
        spans = [1] * len(columns)
        pad: list[G] = []
        if value_colspan:
            spans[-1] = width - 1 - (len(columns) - 1)
        else:
            pad = [G("") for _ in range(width - 1 - len(columns))]
        header = [G("信息内容")]
        header.extend(G(label, 1, s) for (_, label), s in zip(columns, spans))
        rows.append(header + pad)
        for rid, label in block_rows:
            row = [G(label)]
            row.extend(_data(model, f"disclosure/{rid}/{cid}", s) for (cid, _), s in zip(columns, spans))
            rows.append(row + [G("") for _ in pad])
    return rows


def applications_grid(model: TableModel) -> list[list[G]]:
    """表三: 3 label columns + 7 value columns, spans as in the Word template."""
    rows: list[list[G]] = [
        [G(APP_NOTE, 3, 3), G("申请人情况", 1, 7)],
        [G("自然人", 2, 1), G("法人或其他组织", 1, 5), G("总计", 2, 1)],
        [G(label) for _, label in APP_COLUMNS[1:6]],
    ]
    layout = app_rows(model.template)
    results = [r for r in layout if r[1] not in ("new_received", "carried_in", "carried_out")]
    group_sizes: dict[str, int] = {}
    for group, _, _ in layout:
        if group:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    seen_groups: set[str] = set()
    first_result = True
    for group, rid, label in layout:
        values = [_data(model, f"applications/{rid}/{cid}") for cid, _ in APP_COLUMNS]
        if rid in ("new_received", "carried_in", "carried_out"):
            rows.append([G(label, 1, 3), *values])
            continue
        row: list[G] = []
        if first_result:
            row.append(G(RESULTS_GROUP, len(results), 1))
            first_result = False
        if group is None:
            row.append(G(label, 1, 2))
        else:
            if group not in seen_groups:
                seen_groups.add(group)
                row.append(G(group, group_sizes[group], 1))
            row.append(G(label))
        rows.append(row + values)
    return rows


def appeals_grid(model: TableModel) -> list[list[G]]:
    """表四: 15 columns, the three groups side by side, one data row."""
    heads = [label for _, label in APPEAL_COLUMNS]
    data = [
        _data(model, f"appeals/{rid}/{cid}") for rid, _ in APPEAL_ROWS for cid, _ in APPEAL_COLUMNS
    ]
    return [
        [G("行政复议", 1, 5), G("行政诉讼", 1, 10)],
        [*(G(h, 2, 1) for h in heads), G("未经复议直接起诉", 1, 5), G("复议后起诉", 1, 5)],
        [G(h) for h in heads * 2],
        data,
    ]


GRIDS: dict[str, Callable[[TableModel], list[list[G]]]] = {
    "disclosure": disclosure_grid,
    "applications": applications_grid,
    "appeals": appeals_grid,
}


def positions(grid: list[list[G]]) -> tuple[list[tuple[int, int, G]], int]:
    """Each cell of a rowspan/colspan grid with its top-left (row, column), and the grid's width."""
    occupied: set[tuple[int, int]] = set()
    out: list[tuple[int, int, G]] = []
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    return out, width


def expand(grid: list[list[G]], *, repeat: bool) -> list[list[str]]:
    """The full rectangular grid as strings.  ``repeat``: a spanned cell's text in every
    position it covers (what a browser's copy gives); otherwise only in its top-left position
    and empty elsewhere (what a spreadsheet export gives)."""
    cells, width = positions(grid)
    filled: dict[tuple[int, int], str] = {}
    for r, c, cell in cells:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                first = dr == 0 and dc == 0
                filled[(r + dr, c + dc)] = cell.text if (first or repeat) else ""
    return [[filled.get((r, c), "") for c in range(width)] for r in range(len(grid))]


def simple_rows(model: TableModel, table: str) -> list[list[str]]:
    """Label/value rows as a person types them: one label cell, group labels on rows of their
    own, one header row per block; a row holds only its own values (no padding)."""
    out: list[list[str]] = []
    if table == "disclosure":
        for item, columns, block_rows in DISCLOSURE_BLOCKS[model.template]:
            out.append([f"第二十条第（{item}）项"])
            out.append(["信息内容", *(label for _, label in columns)])
            for rid, label in block_rows:
                out.append([label, *(model.text(f"disclosure/{rid}/{cid}") for cid, _ in columns)])
        return out
    if table == "applications":
        out.append([APP_NOTE])
        out.append(["申请人情况", *(label for _, label in APP_COLUMNS)])
        groups_done: set[str] = set()
        for group, rid, label in app_rows(model.template):
            if rid == "granted":
                out.append([RESULTS_GROUP])
            if group and group not in groups_done:
                groups_done.add(group)
                out.append([group])
            out.append([label, *(model.text(f"applications/{rid}/{cid}") for cid, _ in APP_COLUMNS)])
        return out
    if table == "appeals":
        out.append(["行政复议", "行政诉讼"])
        out.append([*(label for _, label in APPEAL_COLUMNS), "未经复议直接起诉", "复议后起诉"])
        out.append([label for _, label in APPEAL_COLUMNS] * 2)
        out.append([model.text(f"appeals/{rid}/{cid}") for rid, _ in APPEAL_ROWS for cid, _ in APPEAL_COLUMNS])
        return out
    raise KeyError(table)


# =============================================================================================
# Renderers


def _walk(text: ReportText, model: TableModel, para: Callable[[str], None], heading: Callable[[str, str], None],
          table: Callable[[str], None]) -> None:
    for number in ORDER:
        heading(number, text.heading(number))
        for p in text.sections.get(number, []):
            para(p)
        if number in SECTION_TABLES:
            table(SECTION_TABLES[number])
            for p in text.after.get(number, []):
                para(p)


def render_markdown(model: TableModel, text: ReportText | None = None) -> str:
    text = text or default_text(model)
    out = [f"# {text.title}", ""]
    for p in text.preamble:
        out += [p, ""]

    def heading(number, h):
        out.extend([f"## {h}", ""])

    def para(p):
        out.extend([p, ""])

    def table(tid):
        rows = simple_rows(model, tid)
        width = max(len(r) for r in rows)
        for i, r in enumerate(rows):
            cells = r + [""] * (width - len(r))
            out.append("| " + " | ".join(cells) + " |")
            if i == 0:
                out.append("|" + "|".join(["---"] * width) + "|")
        out.append("")

    _walk(text, model, para, heading, table)
    out += [f"{line}" for line in text.closing]
    return "\n".join(out) + "\n"


def _esc(s: str) -> str:
    return html_lib.escape(s, quote=False)


def _html_table(grid: list[list[G]], *, word: bool, rnd: Random) -> list[str]:
    out = ['<table border="1" cellspacing="0" cellpadding="0"' + (' class="MsoNormalTable"' if word else "") + ">", "<tbody>"]
    for row in grid:
        out.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if word:
                attrs += f' width="{rnd.choice([48, 64, 72, 96, 120])}" valign="center"'
                if cell.text:
                    inner = _word_spans(cell.text, rnd)
                else:
                    inner = "<span>&nbsp;</span>"
                body = f'<p class="MsoNormal" align="center" style="text-align:center">{inner}</p>'
            else:
                body = _esc(cell.text) if cell.text else "&nbsp;"
            out.append(f"<td{attrs}>{body}</td>")
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _word_spans(text: str, rnd: Random) -> str:
    """Word splits runs where the formatting or the edit history changed."""
    font = "font-size:10.5pt;font-family:仿宋_GB2312"
    if len(text) >= 4 and not text.lstrip("-").replace(".", "").isdigit() and rnd.random() < 0.6:
        k = rnd.randint(1, len(text) - 1)
        parts = [text[:k], text[k:]]
    else:
        parts = [text]
    return "".join(
        f'<span lang="{"EN-US" if p.replace(".", "").lstrip("-").isdigit() else "ZH-CN"}" style="{font}">{_esc(p)}</span>'
        for p in parts
    )


def render_html(model: TableModel, text: ReportText | None = None, *, word: bool = False, value_colspan: bool = True) -> str:
    text = text or default_text(model)
    rnd = Random(zlib.crc32(text.title.encode()))
    place = _place(model.agency)
    out = [
        "<!DOCTYPE html>",
        "<html>",
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_esc(text.title)}_{_esc(place)}人民政府门户网站</title>",
        "<style>table{border-collapse:collapse} td{border:1px solid #000}</style>",
        "</head>",
        "<body>",
        '<div class="header"><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
        '<a href="/zwgk/ndbg/">政府信息公开年报</a></div></div>',
        '<div class="article">',
        f'<h1 class="title">{_esc(text.title)}</h1>',
        f'<div class="info"><span>来源：{_esc(model.agency)}</span> <span>浏览次数：{rnd.randint(10, 999)}</span></div>',
        '<div class="content" id="zoom">',
    ]

    def para(p):
        if word:
            out.append(f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:仿宋_GB2312">{_esc(p)}</span></p>')
        else:
            out.append(f"<p>{_esc(p)}</p>")

    def heading(number, h):
        if word:
            out.append(f'<p class="MsoNormal" style="text-indent:32.0pt"><b><span style="font-family:黑体">{_esc(h)}</span></b></p>')
        else:
            out.append(f"<p><strong>{_esc(h)}</strong></p>")

    def table(tid):
        grid = disclosure_grid(model, value_colspan=value_colspan) if tid == "disclosure" else GRIDS[tid](model)
        out.extend(_html_table(grid, word=word, rnd=rnd))

    for p in text.preamble:
        para(p)
    _walk(text, model, para, heading, table)
    for line in text.closing:
        out.append(f'<p style="text-align:right">{_esc(line)}</p>')
    out += [
        "</div>",
        "</div>",
        '<div class="footer"><p>主办单位：' + _esc(place) + "人民政府办公室　技术支持：信息中心</p></div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


_S2T = None


def to_traditional(text: str) -> str:
    global _S2T
    if _S2T is None:
        import opencc

        _S2T = opencc.OpenCC("s2t")
    return _S2T.convert(text)


def render_pipe(model: TableModel, text: ReportText | None = None, *, traditional: bool = False) -> str:
    """Flattened page text as scraped from a Word-made page: one cell per line ``text |``, each
    table row closed by a line of pipes padding it to 21 columns; rowspans lost (a row only
    lists the cells that start in it); the headings of 三 and 四 are table cells (as in the
    sample 000)."""
    text = text or default_text(model)
    out = [text.title]
    out += text.preamble

    def close(n):
        out.append("|" * max(1, 21 - n))

    def heading(number, h):
        if number in ("三", "四"):
            out.append(f"{h} |")
            close(1)
        else:
            out.append(h)

    def para(p):
        out.append(p)

    def table(tid):
        for row in GRIDS[tid](model):
            for cell in row:
                out.append(f"{cell.text} |" if cell.text else " |")
            close(len(row))

    _walk(text, model, para, heading, table)
    out += text.closing
    result = "\n".join(out) + "\n"
    return to_traditional(result) if traditional else result


def render_tsv(model: TableModel, text: ReportText | None = None, *, spreadsheet: bool = False) -> str:
    """Tab-separated: headings and paragraphs as lines of their own, a table row per line.

    ``spreadsheet``: the Word grid as a spreadsheet exports it (merged cells empty except their
    first position, trailing empty cells kept); otherwise simple label/value rows."""
    text = text or default_text(model)
    out = [text.title, *text.preamble]

    def table(tid):
        if spreadsheet:
            rows = expand(GRIDS[tid](model), repeat=False)
        else:
            rows = simple_rows(model, tid)
        out.extend("\t".join(r) for r in rows)

    _walk(text, model, out.append, lambda n, h: out.append(h), table)
    out += text.closing
    return "\n".join(out) + "\n"


def render_plain(model: TableModel, text: ReportText | None = None) -> str:
    """Plain text; a table row is ``label n n n`` with the numbers separated by spaces."""
    if model.blanks:
        raise ValueError("plain text cannot print blank cells")
    text = text or default_text(model)
    out = [text.title, "", *text.preamble]

    def table(tid):
        out.extend(" ".join(r) for r in simple_rows(model, tid))

    _walk(text, model, out.append, lambda n, h: out.append(h), table)
    out += text.closing
    return "\n".join(out) + "\n"


def render_plain_gbk(model: TableModel, text: ReportText | None = None) -> bytes:
    return render_plain(model, text).replace("\n", "\r\n").encode("gbk")


def render_glued(model: TableModel, text: ReportText | None = None) -> str:
    """Flat page text as a scraper gives it: a title line, then the whole body on one line;
    inside tables the header words are separated by spaces, a row label is followed by its
    values glued together, and the next label follows the last digit directly."""
    if model.blanks:
        raise ValueError("glued text cannot print blank cells")
    text = text or default_text(model)
    parts: list[str] = []

    def table(tid):
        chunks: list[str] = []
        for r in simple_rows(model, tid):
            labels = [c for c in r if not _is_number(c)]
            values = [c for c in r if _is_number(c)]
            if tid == "appeals" and values:
                chunks.append(" " + "".join(values))
            elif values:
                chunks.append("".join(labels) + " " + "".join(values))
            else:
                chunks.append(" ".join(labels) + " ")
        parts.append("".join(chunks))

    _walk(text, model, parts.append, lambda n, h: parts.append(h), table)
    body = " ".join([*text.preamble, *parts, *text.closing])
    return f"{text.title}\n{body}\n"


def _is_number(s: str) -> bool:
    t = s.lstrip("-")
    return bool(t) and t.replace(".", "", 1).isdigit()


RENDERERS: dict[str, Callable[..., str | bytes]] = {
    "markdown": render_markdown,
    "html": render_html,
    "html_word": lambda m, t=None: render_html(m, t, word=True),
    "html_padded": lambda m, t=None: render_html(m, t, value_colspan=False),
    "pipe": render_pipe,
    "pipe_traditional": lambda m, t=None: render_pipe(m, t, traditional=True),
    "tsv": render_tsv,
    "tsv_spreadsheet": lambda m, t=None: render_tsv(m, t, spreadsheet=True),
    "plain": render_plain,
    "plain_gbk": render_plain_gbk,
    "glued": render_glued,
}
# formats that can print an empty cell
BLANK_CAPABLE = frozenset({"markdown", "html", "html_word", "html_padded", "pipe", "pipe_traditional", "tsv", "tsv_spreadsheet"})


def render(model: TableModel, fmt: str, text: ReportText | None = None) -> str | bytes:
    return RENDERERS[fmt](model, text)


__all__ = [
    "BLANK_CAPABLE",
    "RENDERERS",
    "SECTION_TITLES",
    "G",
    "ReportText",
    "appeals_grid",
    "applications_grid",
    "default_text",
    "disclosure_grid",
    "expand",
    "render",
    "render_glued",
    "render_html",
    "render_markdown",
    "render_pipe",
    "render_plain",
    "render_plain_gbk",
    "render_tsv",
    "simple_rows",
    "to_traditional",
]
