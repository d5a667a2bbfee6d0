"""Generated reports rendered as PDF-to-markdown output gives them (docs/parsing.md, "Reading
broken layouts by the template's row order"; examples/2021-pdf-extracted.md).

``pdf_reports()`` draws a valid :class:`GenReport` and a :class:`Damage` (a hypothesis-drawn
subset of the damage patterns); ``render_pdf(g, damage)`` is the report's Markdown with tables 三
and 四 printed the way a PDF extractor leaves them:

- table 三 cut into chunks, each printed as markdown rows (optionally with an extra empty cell at
  the start or end, or with merged label columns: the group label, whole or cut into pieces, as
  the first cell of its rows), as space-separated text lines, as a block of labels followed by a markdown
  table of numbers only, or numbers first and the labels after;
- labels wrapped over two lines (text lines, label blocks, and markdown rows: the numbers on the
  label's second line, or on its first with the second line after them); a vertical group label cut into
  pieces (``（三）不`` before the first row of its group, ``予公开`` between later rows);
- between chunks, a page marker (``— 5 —``, ``-3-``, ``- 4 -``, ``第 3 页``; on a line of its own
  or as the only filled cell of a markdown row) and/or the table header repeated;
- table 四 as header lines plus one row of 15 numbers (a page marker between them or not);
- a narrative paragraph right after table 三 that starts with a year and holds numbers (on a
  line of its own, or on the line of the table's last row when that is a text line).

The damage only moves text around: every number of the generated tables is printed once, in
template order, so the report stays valid (the identities hold) whenever ``g`` is valid.
"""

from __future__ import annotations

from attrs import frozen
from hypothesis import strategies as st

from .strategies import APPEAL_ROWS, COLUMNS, GROUP_HEADS, SECTION_TITLES, GenReport, leaves, render, reports

MODES = ("md", "text", "labels_first", "numbers_first")
MARKERS = ("— {n} —", "-{n}-", "- {n} -", "第 {n} 页")
HEAD_ROW = "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"
REPEATED_HEAD = "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"
T4_HEAD_LINES = (
    "行政复议",
    "行政诉讼",
    "结果维持 结果纠正 其他结果 尚未审结 总计",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计",
)


@frozen
class Chunk:
    rows: tuple[str, ...]  # row ids of table 三 (None-free), in template order
    mode: str
    extra_cell: str | None = None  # "start" | "end" for markdown rows
    wraps: tuple[int, ...] = ()  # cut position (chars) of each row's label, 0 = not wrapped; a line
    # breaks after some words, never right after the ordinal (a lone "5" would be a number)
    cut_group: int = 0  # where a vertical group label of this chunk is cut (0 = printed whole)
    marker_after: str | None = None  # a page marker printed after the chunk
    marker_in_row: bool = False  # … as the only filled cell of a markdown row
    wrap_after: bool = False  # a wrapped label's numbers on its first line (else on its second)
    header_after: bool = False  # the table header repeated after the chunk


@frozen
class Damage:
    chunks: tuple[Chunk, ...]
    t4_flat: bool
    narrative: tuple[int, int] | None  # numbers of the paragraph after table 三
    narrative_wrap: bool = False
    t4_marker: str | None = None  # a page marker between table 四's header lines and its numbers
    narrative_inline: bool = False  # the paragraph starts on the line of table 三's last text row


def t3_rows(template: str) -> list[str]:
    return ["new_received", "carried_in"] + [r for r, _ in leaves(template)] + ["total", "carried_out"]


def t3_labels(template: str) -> dict[str, str]:
    labels = {"new_received": "一、本年新收政府信息公开申请数量", "carried_in": "二、上年结转政府信息公开申请数量",
              "total": "（七）总计", "carried_out": "四、结转下年度继续办理"}
    labels.update(dict(leaves(template)))
    return labels


@st.composite
def damages(draw, g: GenReport) -> Damage:
    rows = t3_rows(g.template)
    n = len(rows)
    cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=5)))
    bounds = [0, *cuts, n]
    labels = t3_labels(g.template)
    chunks = []
    page = draw(st.integers(2, 9))
    for a, b in zip(bounds, bounds[1:]):
        ids = tuple(rows[a:b])
        mode = draw(st.sampled_from(MODES))
        extra = draw(st.sampled_from((None, None, "start", "end"))) if mode in ("md", "labels_first", "numbers_first") else None
        wraps = tuple(
            draw(st.one_of(st.just(0), st.just(0), st.integers(4, len(labels[r]) - 1))) if len(labels[r]) > 5 else 0
            for r in ids
        )
        cut_group = draw(st.integers(0, 3))
        last = b == n
        marker = None if last else draw(st.one_of(st.none(), st.sampled_from(MARKERS).map(lambda m, p=page: m.format(n=p))))
        if marker:
            page += 1
        header = False if last else draw(st.booleans())
        in_row = bool(marker) and draw(st.booleans())
        wrap_after = draw(st.booleans()) and mode in ("md", "text")
        chunks.append(Chunk(ids, mode, extra, wraps, cut_group, marker_after=marker, marker_in_row=in_row,
                            wrap_after=wrap_after, header_after=header))
    narrative = draw(st.one_of(st.none(), st.tuples(st.integers(1, 60), st.integers(1, 60))))
    flat = draw(st.booleans())
    t4_marker = draw(st.one_of(st.none(), st.sampled_from(MARKERS).map(lambda m, p=page: m.format(n=p)))) if flat else None
    return Damage(tuple(chunks), flat, narrative, draw(st.booleans()), t4_marker, draw(st.booleans()))


@st.composite
def pdf_reports(draw, template: str | None = None) -> tuple[GenReport, Damage]:
    g = draw(reports(template))
    return g, draw(damages(g))


def _numbers(g: GenReport, rid: str) -> list[str]:
    return [str(g.applications[rid][c]) for c in COLUMNS + ("total",)]


def _md(cells: list[str], extra: str | None) -> str:
    if extra == "start":
        cells = ["", *cells]
    elif extra == "end":
        cells = [*cells, ""]
    return "| " + " | ".join(cells) + " |"


def _group_pieces(head: str, cut: int) -> list[str]:
    """A vertical group label cut into pieces: ``（三）不予公开`` → ``（三）不``, ``予公开``."""
    if cut == 0:
        return [head]
    ordinal, _, words = head.partition("）")
    ordinal += "）"
    k = 1 + (cut - 1) % max(1, len(words) - 1)
    return [ordinal + words[:k], words[k:]]


def _wrapped(label: str, at: int) -> list[str]:
    return [label] if not at else [label[:at], label[at:]]


def _t3(g: GenReport, d: Damage) -> list[str]:
    labels = t3_labels(g.template)
    out: list[str] = []
    in_table = False  # a markdown table is open (its header and separator printed)

    def table_line(line: str, width: int) -> None:
        nonlocal in_table
        out.append(line)
        if not in_table:
            out.append("|---" * width + "|")
            in_table = True

    def text_line(line: str) -> None:
        nonlocal in_table
        if in_table:
            out.append("")
            in_table = False
        out.append(line)

    table_line(HEAD_ROW, 8)
    for chunk in d.chunks:
        if chunk.mode == "md" and chunk.cut_group:
            # merged label columns: the group label (whole or cut into pieces) as the first
            # cell of the group's rows, ``| （三）不 | 1.属于国家秘密 | 0 | …``, ``| 予公开 | 2.…``
            lead: list[str] = []
            for rid in chunk.rows:
                if rid in GROUP_HEADS:
                    lead = _group_pieces(GROUP_HEADS[rid], chunk.cut_group - 1)
                elif rid == "granted":
                    lead = ["三、本年度办理结果"]
                elif rid in ("total", "carried_out", "new_received", "carried_in"):
                    lead = []
                cells = [lead.pop(0) if lead else "", labels[rid], *_numbers(g, rid)]
                table_line(_md(cells, None), len(cells))
            for piece in lead:
                table_line(_md([piece] + [""] * 8, None), 9)
        elif chunk.mode == "md":
            for rid, wrap in zip(chunk.rows, chunk.wraps):
                if rid in GROUP_HEADS:
                    table_line(_md([GROUP_HEADS[rid]] + [""] * 7, None), 8)
                elif rid == "granted":
                    table_line(_md(["三、本年度办理结果"] + [""] * 7, None), 8)
                head, *tail = _wrapped(labels[rid], wrap)
                blank = [""] * 7
                if tail and chunk.wrap_after:  # the numbers on the label's first line, its second line after
                    table_line(_md([head, *_numbers(g, rid)], chunk.extra_cell), 8 + (chunk.extra_cell is not None))
                    table_line(_md([tail[0], *blank], chunk.extra_cell), 8 + (chunk.extra_cell is not None))
                    continue
                if tail:  # the label's first line on a row of its own, its numbers on the second
                    table_line(_md([head, *blank], chunk.extra_cell), 8 + (chunk.extra_cell is not None))
                cells = [tail[0] if tail else head, *_numbers(g, rid)]
                table_line(_md(cells, chunk.extra_cell), len(cells) + (chunk.extra_cell is not None))
        elif chunk.mode == "text":
            pending: list[str] = []  # pieces of a cut group label still to print
            for rid, wrap in zip(chunk.rows, chunk.wraps):
                prefix = ""
                if rid == "granted":
                    text_line("三、本年度办理结果")
                if rid in GROUP_HEADS:
                    pieces = _group_pieces(GROUP_HEADS[rid], chunk.cut_group)
                    if len(pieces) == 1:
                        text_line(pieces[0])
                    else:
                        prefix, pending = pieces[0] + " ", pieces[1:]
                parts = _wrapped(labels[rid], wrap)
                nums = " ".join(_numbers(g, rid))
                if len(parts) == 1:
                    text_line(f"{prefix}{parts[0]} {nums}")
                elif chunk.wrap_after:  # the numbers on the label's first line
                    text_line(f"{prefix}{parts[0]} {nums}")
                    text_line(parts[1])
                else:
                    text_line(prefix + parts[0])
                    if pending and not prefix:
                        text_line(pending.pop(0))
                    text_line(f"{parts[1]} {nums}")
                if pending and not prefix:
                    text_line(pending.pop(0))
            for piece in pending:
                text_line(piece)
        else:
            label_lines: list[str] = []
            for rid, wrap in zip(chunk.rows, chunk.wraps):
                if rid == "granted":
                    label_lines.append("三、本年度办理结果")
                pieces = _group_pieces(GROUP_HEADS[rid], chunk.cut_group) if rid in GROUP_HEADS else []
                label_lines += pieces[:1]
                label_lines += _wrapped(labels[rid], wrap)
                label_lines += pieces[1:]
            number_lines = [_md(_numbers(g, rid), chunk.extra_cell) for rid in chunk.rows]
            width = 7 + (chunk.extra_cell is not None)
            if chunk.mode == "labels_first":
                if in_table:
                    out.append("")
                    in_table = False
                for line in label_lines:
                    text_line(line)
                out.append("")
                for line in number_lines:
                    table_line(line, width)
            else:
                if in_table:
                    out.append("")
                    in_table = False
                for line in number_lines:
                    table_line(line, width)
                out.append("")
                in_table = False
                for line in label_lines:
                    text_line(line)
        if chunk.marker_after and chunk.marker_in_row and in_table:
            out.append(_md([chunk.marker_after] + [""] * 7, None))
        elif chunk.marker_after:
            text_line("")
            text_line(chunk.marker_after)
            out.append("")
        if chunk.header_after:
            if out and out[-1] != "" and not in_table:
                out.append("")
            if in_table:
                out.append("")
                in_table = False
            table_line(REPEATED_HEAD, 8)
    out.append("")
    if d.narrative:
        a, b = d.narrative
        first = f"（一）{g.year} 年，本机关收到的政府信息公开申请中，涉及政策文件信息的 {a}"
        rest = f"件，涉及行政处罚信息的 {b} 件，均在法定期限内答复。"
        lines = [first, rest] if d.narrative_wrap else [first + rest]
        if d.narrative_inline and d.chunks[-1].mode == "text" and out[-1] == "" and out[-2][-1:].isdigit():
            out.pop()  # on the line of the table's last row, right after its numbers
            out[-1] += lines.pop(0)
        out += [*lines, ""]
    return out


def _t4(g: GenReport, d: Damage) -> list[str]:
    cols = ("upheld", "corrected", "other", "pending", "total")
    if d.t4_flat:
        nums = [str(g.appeals[rid][c]) for rid, _ in APPEAL_ROWS for c in cols]
        return [*T4_HEAD_LINES, *(["", d.t4_marker, ""] if d.t4_marker else []), " ".join(nums), ""]
    out = []
    for rid, caption in APPEAL_ROWS:
        out += [caption, "", "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |", "|---|---|---|---|---|"]
        out.append("| " + " | ".join(str(g.appeals[rid][c]) for c in cols) + " |")
        out.append("")
    return out


def render_pdf(g: GenReport, d: Damage) -> str:
    """The report with tables 三 and 四 damaged by ``d``; everything else as ``render(g)``."""
    md = render(g)
    head, *sections = md.split("\n## ")
    out = [head]
    for sec in sections:
        title, _, body = sec.partition("\n")
        if title == f"三、{SECTION_TITLES['三']}":
            body = "\n" + "\n".join(_t3(g, d)) + "\n"
        elif title == f"四、{SECTION_TITLES['四']}":
            narrative = [ln for ln in body.split("\n") if ln.strip() and not ln.startswith("|")][-1]
            body = "\n" + "\n".join(_t4(g, d)) + "\n" + narrative + "\n\n"
        out.append(title + "\n" + body)
    return "\n## ".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------------------------
# what the tests and benchmarks/pdf_layouts.py compare


def expected_cells(g: GenReport) -> dict[str, int]:
    """Every cell of tables 三 and 四 of ``g``: ``table/row/column`` → value."""
    out = {f"applications/{r}/{c}": g.applications[r][c] for r in t3_rows(g.template) for c in COLUMNS + ("total",)}
    out.update({f"appeals/{r}/{c}": v for r, _ in APPEAL_ROWS for c, v in g.appeals[r].items()})
    return out


def read_cells(report) -> dict[str, object]:
    """Every cell of tables 三 and 四 as read: a number's value, else ``kind:raw``."""
    out: dict[str, object] = {}
    for table in ("applications", "appeals"):
        t = report.table(table)
        if t is None:
            continue
        for row in t.rows:
            for col, cell in row.cells:
                out[f"{table}/{row.id}/{col}"] = cell.value if cell.kind == "number" else f"{cell.kind}:{cell.raw}"
    return out


@st.composite
def one_cell_changed(draw, g: GenReport) -> tuple[GenReport, str]:
    """``g`` with one cell of table 三 or 四 raised by 1..3 (nothing else adjusted) and its address."""
    import copy

    from attrs import evolve

    delta = draw(st.integers(1, 3))
    if draw(st.sampled_from(("applications", "appeals"))) == "applications":
        row = draw(st.sampled_from(t3_rows(g.template)))
        col = draw(st.sampled_from(COLUMNS + ("total",)))
        apps = copy.deepcopy(g.applications)
        apps[row][col] += delta
        return evolve(g, applications=apps), f"applications/{row}/{col}"
    row = draw(st.sampled_from([r for r, _ in APPEAL_ROWS]))
    col = draw(st.sampled_from(("upheld", "corrected", "other", "pending", "total")))
    appeals = copy.deepcopy(g.appeals)
    appeals[row][col] += delta
    return evolve(g, appeals=appeals), f"appeals/{row}/{col}"
