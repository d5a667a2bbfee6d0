"""Broken layouts read by the template's row order (compliance/layout/align.py).

Each test is a small invented report (2021 format) whose table 三 or 四 is printed the way PDF
extraction leaves it: labels detached from their numbers, labels wrapped or broken by the
characters of a vertical group label, page markers and repeated headings between the rows,
table 四 as header lines plus one row of 15 numbers, extra or lost empty cells, a lost column,
blank rows, a flattened row followed by running text.  Every cell is pinned exactly.
"""

from __future__ import annotations

import pytest

from compliance.layout import align
from compliance.parse import parse_text
from compliance.template import current

# table 三 of a valid 2021 report: every row, in template order (label as printed, cells)
ROWS = [
    ("new_received", "一、本年新收政府信息公开申请数量", "5 1 0 0 0 0 6"),
    ("carried_in", "二、上年结转政府信息公开申请数量", "1 0 0 0 0 0 1"),
    ("granted", "（一）予以公开", "2 1 0 0 0 0 3"),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "0 0 0 0 0 0 0"),
    ("denied.state_secret", "1.属于国家秘密", "0 0 0 0 0 0 0"),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
    ("denied.three_securities", "3.危及“三安全一稳定”", "0 0 0 0 0 0 0"),
    ("denied.third_party", "4.保护第三方合法权益", "0 0 0 0 0 0 0"),
    ("denied.internal_affairs", "5.属于三类内部事务信息", "0 0 0 0 0 0 0"),
    ("denied.process_information", "6.属于四类过程性信息", "0 0 0 0 0 0 0"),
    ("denied.enforcement_files", "7.属于行政执法案卷", "0 0 0 0 0 0 0"),
    ("denied.inquiry_matters", "8.属于行政查询事项", "0 0 0 0 0 0 0"),
    ("unable.not_held", "1.本机关不掌握相关政府信息", "2 0 0 0 0 0 2"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作", "0 0 0 0 0 0 0"),
    ("unable.still_unclear", "3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
    ("not_processed.complaints", "1.信访举报投诉类申请", "0 0 0 0 0 0 0"),
    ("not_processed.duplicate", "2.重复申请", "0 0 0 0 0 0 0"),
    ("not_processed.publications", "3.要求提供公开出版物", "0 0 0 0 0 0 0"),
    ("not_processed.excessive", "4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
    ("other.overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
    ("other.overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
    ("other.other", "3.其他", "1 0 0 0 0 0 1"),
    ("total", "（七）总计", "5 1 0 0 0 0 6"),
    ("carried_out", "四、结转下年度继续办理", "1 0 0 0 0 0 1"),
]
GROUP_BEFORE = {
    "denied.state_secret": "（三）不予公开",
    "unable.not_held": "（四）无法提供",
    "not_processed.complaints": "（五）不予处理",
    "other.overdue_correction": "（六）其他处理",
}
HEADER = "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n"
T4 = "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
EXPECTED = {f"applications/{rid}": cells for rid, _, cells in ROWS}


def md_row(label: str, cells: str) -> str:
    return f"| {label} | {' | '.join(cells.split())} |\n"


def numbers_row(cells: str) -> str:
    return f"| {' | '.join(cells.split())} |\n"


def grouped(rows=ROWS) -> list[str]:
    """Markdown rows of table 三 with the group labels on rows of their own."""
    out = []
    for rid, label, cells in rows:
        if rid in GROUP_BEFORE:
            out.append(f"| {GROUP_BEFORE[rid]} |  |  |  |  |  |  |  |\n")
        out.append(md_row(label, cells))
    return out


def report(t3: str, t4: str = T4) -> str:
    return (
        "# 青禾县水利局2024年政府信息公开工作年度报告\n\n"
        "## 一、总体情况\n本局认真贯彻《条例》。\n\n"
        "## 二、主动公开政府信息情况\n\n"
        "| 第二十条第（一）项 |  |  |  |\n|---|---|---|---|\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 2 | 1 | 17 |\n\n"
        "## 三、收到和处理政府信息公开申请情况\n\n" + t3 + "\n"
        "## 四、政府信息公开行政复议、行政诉讼情况\n\n" + t4 + "\n"
        "## 五、存在的主要问题及改进情况\n问题与措施。\n\n## 六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    )


def values(r, table: str = "applications") -> dict[str, str]:
    t = r.table(table)
    out = {}
    for row in t.rows:
        out[f"{table}/{row.id}"] = " ".join(
            str(c.value) if c.kind == "number" else f"{c.kind}:{c.raw}" for _, c in row.cells
        )
    return out


def problems(r) -> list[tuple[str, str | None, str]]:
    return [(p.code, p.cell, p.message) for p in r.problems]


def test_well_formed_table_is_read_by_label():
    r = parse_text(report(HEADER + "".join(grouped())), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert {row.match for row in r.table("applications").rows} == {"exact"}


# -- labels detached from their numbers ----------------------------------------------------------


def test_labels_in_a_block_before_the_numbers():
    """(四) and (五): the labels as lines of text, then the numbers as a table of their own."""
    lines = grouped()
    first, last = 12, 20  # unable.not_held … not_processed.confirmation
    labels = "\n（四）无法提供\n" + "".join(
        (f"（五）不予处理\n" if rid == "not_processed.complaints" else "") + f"{label}\n" for rid, label, _ in ROWS[first:last]
    )
    numbers = "\n" + numbers_row(ROWS[first][2]) + "|---|---|---|---|---|---|---|\n" + "".join(numbers_row(c) for _, _, c in ROWS[first + 1:last])
    head = "".join(x for x in lines if not any(lbl in x for _, lbl, _ in ROWS[first:last]) and "（四）" not in x and "（五）" not in x)
    before, after = head.split("| （六）其他处理")
    t3 = HEADER + before + labels + numbers + "\n" + HEADER + "| （六）其他处理" + after
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    row = r.table("applications").row("not_processed.duplicate")
    assert (row.label, row.match) == ("2.重复申请", "exact")


def test_labels_in_a_block_after_the_numbers():
    body = [md_row(label, cells) for _, label, cells in ROWS[:12]]
    numbers = "".join(numbers_row(c) for _, _, c in ROWS[12:15])
    labels = "（四）无法提供\n" + "".join(f"{label}\n" for _, label, _ in ROWS[12:15])
    rest = "".join(md_row(label, cells) for _, label, cells in ROWS[15:])
    t3 = HEADER + "".join(body) + "\n" + numbers + "\n" + labels + "\n" + HEADER + rest
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert r.table("applications").row("unable.still_unclear").label == "3.补正后申请内容仍不明确"


def test_one_run_of_numbers_between_a_block_before_and_a_block_after():
    """Two labels before the numbers and three after: together as many as the number rows."""
    body = "".join(md_row(label, cells) for _, label, cells in ROWS[:12])
    before = "".join(f"{label}\n" for _, label, _ in ROWS[12:14])
    numbers = "".join(numbers_row(c) for _, _, c in ROWS[12:17])
    after = "".join(f"{label}\n" for _, label, _ in ROWS[14:17])
    rest = "".join(md_row(label, cells) for _, label, cells in ROWS[17:])
    t3 = HEADER + body + "\n" + before + "\n" + numbers + "\n" + after + "\n" + HEADER + rest
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


def test_no_labels_at_all_the_template_order_places_every_row():
    t3 = HEADER + "".join(numbers_row(c) for _, _, c in ROWS)
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert {row.match for row in r.table("applications").rows} == {"position"}


def test_unlabelled_rows_that_the_order_cannot_place_are_reported_not_guessed():
    """Three unlabelled all-zero rows where four template rows are free: every placement
    satisfies the identities, so none is chosen."""
    keep = [x for x in ROWS if x[0] not in ("not_processed.publications", "not_processed.excessive", "not_processed.confirmation", "not_processed.duplicate")]
    rows = []
    for rid, label, cells in keep:
        rows.append(md_row(label, cells))
        if rid == "not_processed.complaints":
            rows.extend(numbers_row("0 0 0 0 0 0 0") for _ in range(3))
    r = parse_text(report(HEADER + "".join(rows)), "x.md")
    got = values(r)
    assert "applications/not_processed.duplicate" not in got and "applications/not_processed.excessive" not in got
    assert [(p.code, p.cell) for p in r.problems] == [("PRS-005", None)]
    assert "3 行数字没有行标题" in r.problems[0].message


def test_unlabelled_row_placed_by_the_identities():
    """``2 1 0 0 0 0 3`` printed without a label where 上年结转 and （一）予以公开 are both
    missing: as 上年结转 it breaks 新收 + 结转 = 总计 + 结转下年度, as 予以公开 every identity
    holds — the identities place it (the missing row is the structure rules' to report)."""
    rows = [md_row(label, cells) for rid, label, cells in ROWS if rid not in ("carried_in", "granted")]
    rows.insert(1, numbers_row("2 1 0 0 0 0 3"))
    r = parse_text(report(HEADER + "".join(rows)), "x.md")
    want = {k: v for k, v in EXPECTED.items() if k != "applications/carried_in"}
    assert values(r) == want
    assert problems(r) == []
    assert r.table("applications").row("granted").match == "position"


def test_unlabelled_rows_the_identities_cannot_tell_apart_are_reported():
    """Two unlabelled rows for three free rows of one group (其他处理) and 总计: the identities
    rule out leaving 总计 empty but cannot tell 逾期未缴费 from 其他 — reported, not guessed."""
    rows = [md_row(label, cells) for rid, label, cells in ROWS if rid not in ("other.overdue_fee", "other.other", "total")]
    at = next(i for i, x in enumerate(rows) if "四、结转下年度" in x)
    rows[at:at] = [numbers_row("1 0 0 0 0 0 1"), numbers_row("5 1 0 0 0 0 6")]
    r = parse_text(report(HEADER + "".join(rows)), "x.md")
    got = values(r)
    assert "applications/total" not in got and "applications/other.other" not in got
    assert [(p.code, p.cell) for p in r.problems] == [("PRS-005", None)]
    assert r.problems[0].message == "表三中有 2 行数字没有行标题，按模板的行序和勾稽关系无法确定它们各是哪一行，未计入该表"


# -- labels wrapped, broken by a vertical group label ----------------------------------------------


def test_label_wrapped_over_two_lines_before_its_numbers():
    text = HEADER + "".join(md_row(label, cells) for _, label, cells in ROWS[:5])
    text += "\n2.其他法律行政法规禁\n止公开 0 0 0 0 0 0 0\n\n" + HEADER + "".join(md_row(label, cells) for _, label, cells in ROWS[6:])
    r = parse_text(report(text), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert r.table("applications").row("denied.prohibited_by_law").label == "2.其他法律行政法规禁止公开"


def test_label_broken_by_a_vertical_group_label():
    """Page text: the group label （三）不予公开 printed down the side, its characters between
    the row labels."""
    head = "".join(md_row(label, cells) for _, label, cells in ROWS[:4])
    page = (
        "（三）不 1.属于国家秘密 0 0 0 0 0 0 0\n"
        "2.其他法律行政法规禁\n"
        "予公开\n"
        "止公开 0 0 0 0 0 0 0\n"
        + "".join(f"{label} {cells}\n" for _, label, cells in ROWS[6:12])
    )
    rest = "".join(md_row(label, cells) for _, label, cells in ROWS[12:])
    r = parse_text(report(HEADER + head + "\n" + page + "\n" + HEADER + rest), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


def test_vertical_group_label_one_character_per_line():
    head = "".join(md_row(label, cells) for _, label, cells in ROWS[:2])
    page = "三、\n本\n年\n度\n办\n理\n结\n果\n" + "".join(f"{label} {cells}\n" for _, label, cells in ROWS[2:5])
    rest = "".join(md_row(label, cells) for _, label, cells in ROWS[5:])
    r = parse_text(report(HEADER + head + "\n" + page + "\n" + HEADER + rest), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


# -- page markers and repeated headings ----------------------------------------------------------------


@pytest.mark.parametrize("marker", ["— 5 —", "-3-", "- 4 -", "第 3 页", "第3页 共12页"])
def test_page_marker_inside_table_three(marker):
    lines = [md_row(label, cells) for _, label, cells in ROWS]
    t3 = HEADER + "".join(lines[:9]) + f"\n{marker}\n\n" + HEADER + "".join(lines[9:])
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


def test_page_marker_in_a_row_of_its_own_and_in_page_text():
    lines = [md_row(label, cells) for _, label, cells in ROWS]
    t3 = HEADER + "".join(lines[:9]) + "| — 6 — |  |  |  |  |  |  |  |\n" + "".join(lines[9:15])
    t3 += "\n- 7 -\n" + "".join(f"{label} {cells}\n" for _, label, cells in ROWS[15:])
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


def test_repeated_heading_inside_the_table():
    lines = [md_row(label, cells) for _, label, cells in ROWS]
    repeat = "\n三、收到和处理政府信息公开申请情况\n\n" + HEADER + "|  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |\n"
    r = parse_text(report(HEADER + "".join(lines[:13]) + repeat + "".join(lines[13:])), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert [s.canonical for s in r.sections] == list("一二三四五六")


# -- table 四 ---------------------------------------------------------------------------------------


def test_table_four_as_header_lines_and_one_row_of_fifteen_numbers():
    t4 = (
        "行政复议\n行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n未经复议直接起诉\n复议后起诉\n"
        "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n"
        "2 0 1 0 3 1 0 0 0 1 0 0 0 1 1\n\n— 9 —\n"
    )
    r = parse_text(report(HEADER + "".join(grouped()), t4), "x.md")
    assert values(r, "appeals") == {
        "appeals/review": "2 0 1 0 3",
        "appeals/litigation_direct": "1 0 0 0 1",
        "appeals/litigation_after_review": "0 0 0 1 1",
    }
    assert {row.match for row in r.table("appeals").rows} == {"position"}
    assert problems(r) == []


# -- empty cells, blank rows, a lost column -------------------------------------------------------------


def test_extra_empty_cells_of_merged_label_columns():
    lines = [md_row(label, cells) for _, label, cells in ROWS]
    lines[2] = "| 三、本年度办理结果 | （一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |\n"
    lines[3] = "|  | （二）部分公开（区分处理的，只计这一情形，不计其他情形） |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    r = parse_text(report(HEADER + "".join(lines)), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


def test_blank_row_stays_a_blank_row():
    """A row whose cells are all blank (``&nbsp;`` or nothing) is a row with blank cells — in
    place, never dropped — also in a block of numbers whose labels stand before it."""
    lines = [md_row(label, cells) for _, label, cells in ROWS]
    lines[7] = "| 4.保护第三方合法权益 | &nbsp; | &nbsp; | &nbsp; | &nbsp; | &nbsp; | &nbsp; | &nbsp; |\n"
    labels = "".join(f"{label}\n" for _, label, _ in ROWS[12:15])
    numbers = numbers_row(ROWS[12][2]) + "|---|---|---|---|---|---|---|\n" + "|  |  |  |  |  |  |  |\n" + numbers_row(ROWS[14][2])
    t3 = HEADER + "".join(lines[:12]) + "\n" + labels + "\n" + numbers + "\n" + HEADER + "".join(lines[15:])
    r = parse_text(report(t3), "x.md")
    want = dict(EXPECTED)
    blank = " ".join(["blank:"] * 7)
    want["applications/denied.third_party"] = blank
    want["applications/unable.needs_creation"] = blank
    assert values(r) == want
    assert problems(r) == []


def test_table_two_column_lost_is_one_finding_not_a_shift():
    """Page text ``规章 0 15`` for three columns: glued digits or a lost column cannot be told
    apart (table 二 has no identity), so no cell moves into another column."""
    text = report(HEADER + "".join(grouped())).replace(
        "| 第二十条第（一）项 |  |  |  |\n|---|---|---|---|\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n",
        "第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 15\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n",
    )
    r = parse_text(text, "x.md")
    assert values(r, "disclosure")["disclosure/regulations"] == " ".join(["unreadable:0 15"] * 3)
    assert values(r, "disclosure")["disclosure/normative_documents"] == "2 1 17"
    assert problems(r) == [
        (
            "PRS-005", "disclosure/regulations",
            "表二“规章”行只有 2 个数值（0 15），模板该行有 3 列：缺少的一列无法确定是哪一列，不按位置猜测；该行各单元格按“无法读取”处理",
        )
    ]


def test_table_two_row_one_cell_short_in_a_markdown_table():
    text = report(HEADER + "".join(grouped())).replace("| 行政规范性文件 | 2 | 1 | 17 |", "| 行政规范性文件 | 2 | 17 |")
    r = parse_text(text, "x.md")
    assert [(p.code, p.cell) for p in r.problems] == [("PRS-005", "disclosure/normative_documents")]
    assert values(r, "disclosure")["disclosure/normative_documents"] == " ".join(["unreadable:2 17"] * 3)


# -- row terminators -------------------------------------------------------------------------------------


def test_flattened_row_ends_before_the_next_paragraphs_numbers():
    lines = "".join(f"{label} {cells}\n" for _, label, cells in ROWS)
    lines += "（一）2024 年本局收到的申请中，涉及水资源论证信息的 4\n件，均已按期答复。\n"
    r = parse_text(report(lines), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


def test_a_date_with_a_space_is_no_cell():
    lines = "".join(f"{label} {cells}\n" for _, label, cells in ROWS[:-1])
    lines += f"{ROWS[-1][1]} {ROWS[-1][2]} 2024 年 12 月 31 日\n"
    r = parse_text(report(lines), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


# -- the pieces ------------------------------------------------------------------------------------------


def test_group_pieces_come_from_the_template():
    spec = current().table("applications")
    from compliance.layout.tables import _matchers

    m = _matchers(current())[spec.id]

    def exact(text, group):
        return m.match(text, group, fuzzy=False)[0]

    # texts as the pipeline sees them: normalised (NFKC: half-width parentheses)
    assert align.is_group_piece("(三)不", None, spec, exact)
    assert align.is_group_piece("予公开", "不予公开", spec, exact)
    assert align.is_group_piece("(四)无法提供", None, spec, exact)
    assert align.is_group_piece("三、本年度办理结果", None, spec, exact)
    assert not align.is_group_piece("2.其他法律行政法规禁", "不予公开", spec, exact)
    assert not align.is_group_piece("3.其他", "其他处理", spec, exact)  # the row 其他 in its group
    assert align.is_group_piece("(六)其他", "不予处理", spec, exact)  # the group 其他处理
    assert align.is_group_piece("(六)其他处理", "不予处理", spec, exact, "2021")  # a group in 2021
    assert not align.is_group_piece("(六)其他处理", "不予处理", spec, exact, "2019")  # a row in 2019


def test_short_row_only_for_well_formed_numbers():
    class E:
        def __init__(self, text, start):
            self.text, self.start, self.end = text, start, start + len(text)

    assert align.short_row([E("0", 0), E("15", 2)], 3, True)
    assert not align.short_row([E("00", 0), E("0", 3)], 3, True)  # only glued digits: the splitter's
    assert not align.short_row([E("0", 0), E("-1", 1)], 3, True)  # "0-1": glued, a sign between
    assert not align.short_row([E("0", 0), E("15", 2)], 3, False)  # delimited cells: reported as a misfit
    assert not align.short_row([E("8855698", 0)], 3, True)


def test_2019_other_row_in_a_detached_block_is_a_row():
    """2019 format: （六）其他处理 is a row with numbers of its own, so in a block of labels it
    names a row (in 2021 it is a group label and would be dropped)."""
    rows = [x for x in ROWS if not x[0].startswith("other.")]
    at = next(i for i, x in enumerate(rows) if x[0] == "total")
    rows.insert(at, ("other", "（六）其他处理", "1 0 0 0 0 0 1"))
    body = "".join(md_row(label, cells) for rid, label, cells in rows[:15])
    labels = "".join(f"{label}\n" for _, label, _ in rows[15:21])
    numbers = "".join(numbers_row(c) for _, _, c in rows[15:21])
    rest = "".join(md_row(label, cells) for _, label, cells in rows[21:])
    t3 = HEADER + body + "\n（五）不予处理\n" + labels + "\n" + numbers + "\n" + HEADER + rest
    text = report(t3).replace("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |")
    r = parse_text(text, "x.md")
    assert r.template == "2019"
    assert values(r) == {f"applications/{rid}": cells for rid, _, cells in rows}
    assert problems(r) == []
    assert r.table("applications").row("other").label == "(六)其他处理"


def test_table_two_labels_in_a_block_before_the_numbers():
    """表二 as PDF extraction leaves it: the block's labels as text, its numbers as a table."""
    text = report(HEADER + "".join(grouped())).replace(
        "| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 2 | 1 | 17 |\n",
        "\n规章\n行政规范性文件\n\n| 0 | 0 | 0 |\n|---|---|---|\n| 2 | 1 | 17 |\n\n"
        "| 第二十条第（五）项 |  |\n|---|---|\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 312 |\n",
    )
    r = parse_text(text, "x.md")
    assert values(r, "disclosure") == {
        "disclosure/regulations": "0 0 0",
        "disclosure/normative_documents": "2 1 17",
        "disclosure/licensing": "312",
    }
    assert problems(r) == []
    assert r.table("disclosure").row("normative_documents").match == "exact"


def test_table_two_unlabelled_row_goes_only_where_its_width_fits():
    """An unlabelled one-number row after 行政许可: 行政处罚 and 行政强制 have one column, so the
    template order alone cannot say which — reported; a three-number row cannot be either."""
    text = report(HEADER + "".join(grouped())).replace(
        "| 行政规范性文件 | 2 | 1 | 17 |\n",
        "| 行政规范性文件 | 2 | 1 | 17 |\n\n| 第二十条第（五）项 |  |\n|---|---|\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 312 |\n"
        "| 第二十条第（六）项 |  |\n| 信息内容 | 本年处理决定数量 |\n| 46 |  |\n",
    )
    r = parse_text(text, "x.md")
    assert "disclosure/penalty" not in values(r, "disclosure")
    assert [(p.code, p.cell) for p in r.problems] == [("PRS-005", None)]


# -- found by the generated PDF layouts (tests/properties/test_pdf_layouts.py) --------------------


def text_row(label: str, cells: str) -> str:
    return f"{label} {cells}\n"


def report_2019(rows, t3: str):
    text = report(t3).replace("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |")
    return parse_text(text, "x.md")


ROWS_2019 = [x for x in ROWS if not x[0].startswith("other.")]
ROWS_2019.insert(next(i for i, x in enumerate(ROWS_2019) if x[0] == "total"), ("other", "（六）其他处理", "1 0 0 0 0 0 1"))


def test_wrapped_label_whose_second_line_resembles_another_row():
    """``二、上年结转`` / ``政府信息公开申请数量 1 0 …``: the second line alone resembles 本年新收…
    (fuzzy), the two lines together name 上年结转… exactly — the joined label wins."""
    t3 = HEADER + md_row(ROWS[0][1], ROWS[0][2]) + "\n二、上年结转\n" + text_row("政府信息公开申请数量", ROWS[1][2]) + "\n" + HEADER + "".join(grouped(ROWS[2:]))
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    row = r.table("applications").row("carried_in")
    assert (row.label, row.match) == ("二、上年结转政府信息公开申请数量", "fuzzy")
    assert r.table("applications").row("new_received").label == "一、本年新收政府信息公开申请数量"


def test_wrapped_label_in_a_block_whose_second_line_resembles_a_row():
    """In a block of labels: ``二、上年结`` / ``转政府信息公开申请数量`` is one label (the second
    line alone only resembles a row), so the block has as many labels as the numbers."""
    labels = "一、本年新收政府信息公开申请数量\n二、上年结\n转政府信息公开申请数量\n"
    numbers = numbers_row(ROWS[0][2]) + "|---|---|---|---|---|---|---|\n" + numbers_row(ROWS[1][2])
    t3 = HEADER + "\n" + labels + "\n" + numbers + "\n" + HEADER + "".join(grouped(ROWS[2:]))
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert r.table("applications").row("carried_in").label == "二、上年结转政府信息公开申请数量"


def test_2019_other_row_wrapped_in_a_block_of_labels():
    """2019: （六）其他处理 is a row, and 2021's group of that name is no group of 2019, so its
    pieces ``（六）其他处`` / ``理`` (or ``（六）其他`` / ``处理``) are a wrapped row label, not a
    vertical group label to drop."""
    at = next(i for i, x in enumerate(ROWS_2019) if x[0] == "not_processed.complaints")
    body = "".join(grouped(ROWS_2019[:at]))
    for first, second in (("（六）其他处", "理"), ("（六）其他", "处理")):
        labels = "（五）不予处理\n" + "".join(f"{label}\n" for _, label, _ in ROWS_2019[at:-2]).replace("（六）其他处理\n", f"{first}\n{second}\n")
        numbers = "".join(numbers_row(c) for _, _, c in ROWS_2019[at:-2])
        rest = "".join(md_row(label, cells) for _, label, cells in ROWS_2019[-2:])
        r = report_2019(ROWS_2019, HEADER + body + "\n" + labels + "\n" + numbers + "\n" + HEADER + rest)
        assert r.template == "2019"
        assert values(r) == {f"applications/{rid}": cells for rid, _, cells in ROWS_2019}
        assert problems(r) == []
        assert r.table("applications").row("other").label == "(六)其他处理"


def test_2019_other_row_wrapped_on_a_text_line():
    """2019: ``（六）其他`` / ``处理 1 0 0 0 0 0 1`` — the row's own label ``处理`` alone would be a
    piece of a group label; with the line before it names （六）其他处理 exactly."""
    at = next(i for i, x in enumerate(ROWS_2019) if x[0] == "other")
    body = "".join(grouped(ROWS_2019[:at]))
    rest = "".join(md_row(label, cells) for _, label, cells in ROWS_2019[at + 1:])
    t3 = HEADER + body + "\n（六）其他\n" + text_row("处理", ROWS_2019[at][2]) + "\n" + HEADER + rest
    r = report_2019(ROWS_2019, t3)
    assert values(r) == {f"applications/{rid}": cells for rid, _, cells in ROWS_2019}
    assert problems(r) == []
    assert r.table("applications").row("other").label == "(六)其他处理"


def test_block_of_labels_between_two_runs_of_numbers_is_read_by_the_order():
    """Numbers of rows 一 and 二, then the labels of 一 … （二） (four), then the numbers of （一）
    and （二）, a repeated header, the numbers of 1. and 2. of （三） and their labels after them:
    pairing the four labels with the four rows after them would leave the first two rows with
    no place.  Between the table's start and the first labelled row there are six unlabelled
    rows and six labels in the template's order: each row takes its label in reading order."""
    numbers = lambda rows: numbers_row(rows[0][2]) + "|---|---|---|---|---|---|---|\n" + "".join(numbers_row(c) for _, _, c in rows[1:])  # noqa: E731
    t3 = (
        HEADER + "\n" + numbers(ROWS[0:2]) + "\n"
        + "".join(f"{label}\n" for _, label, _ in ROWS[0:2]) + "三、本年度办理结果\n" + "".join(f"{label}\n" for _, label, _ in ROWS[2:4])
        + "\n" + numbers(ROWS[2:4]) + "\n" + HEADER + "\n" + numbers(ROWS[4:6]) + "\n（三）不予公开\n"
        + "".join(f"{label}\n" for _, label, _ in ROWS[4:6]) + "\n" + HEADER + "".join(md_row(label, cells) for _, label, cells in ROWS[6:])
    )
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    t = r.table("applications")
    assert [(t.row(rid).label, t.row(rid).match) for rid, _, _ in ROWS[:6]] == [
        ("一、本年新收政府信息公开申请数量", "exact"), ("二、上年结转政府信息公开申请数量", "exact"), ("(一)予以公开", "exact"),
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "exact"), ("1.属于国家秘密", "exact"), ("2.其他法律行政法规禁止公开", "exact")]


def test_piece_of_a_merged_group_label_column_on_a_row_of_its_own_is_no_row():
    """Merged label columns: ``| （六）其 | 1.申请人… | 0 | …`` then ``| 他处理 |  |  | …`` (the rest of
    the vertical group label on a row of blank cells).  ``他处理`` only resembles 2019's row
    （六）其他处理; as a piece of a group label it names no row, and no blank row is read."""
    at = next(i for i, x in enumerate(ROWS) if x[0] == "other.overdue_correction")
    body = "".join(grouped(ROWS[:at]))
    first = f"| （六）其 | {ROWS[at][1]} | {' | '.join(ROWS[at][2].split())} |\n" + "| 他处理 |" + "  |" * 8 + "\n"
    rest = "".join(md_row(label, cells) for _, label, cells in ROWS[at + 1:])
    r = parse_text(report(HEADER + body + first + rest), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []


def test_label_wrapped_over_two_markdown_rows_the_first_of_blank_cells():
    """``| 5.属于三类内部事 |  | … |`` then ``| 务信息 | 0 | … |``: the first row's label only
    resembles 5.属于三类内部事务信息 and its cells are blank — it is the label's first line, not
    that row printed blank; the two lines name the row, whose numbers are on the second."""
    wrapped = {"denied.internal_affairs": 8, "denied.enforcement_files": 7, "carried_in": 6}
    out = []
    for rid, label, cells in ROWS:
        if rid in GROUP_BEFORE:
            out.append(f"| {GROUP_BEFORE[rid]} |  |  |  |  |  |  |  |\n")
        at = wrapped.get(rid)
        if at:
            out.append(f"| {label[:at]} |  |  |  |  |  |  |  |\n")
            label = label[at:]
        out.append(md_row(label, cells))
    r = parse_text(report(HEADER + "".join(out)), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    t = r.table("applications")
    assert (t.row("denied.internal_affairs").label, t.row("carried_in").label) == ("5.属于三类内部事务信息", "二、上年结转政府信息公开申请数量")


def test_label_wrapped_with_its_numbers_on_the_first_line():
    """The numbers on a wrapped label's first line, its second line after them: as text
    (``8.属于 0 0 … 0`` then ``行政查询事项``) and as markdown (``| 2.其他法律行 | 0 | … |`` then
    ``| 政法规禁止公开 |  | … |``).  The first line names no row; with the line after it, it names
    the row exactly."""
    out = []
    for rid, label, cells in ROWS:
        if rid in GROUP_BEFORE:
            out.append(f"| {GROUP_BEFORE[rid]} |  |  |  |  |  |  |  |\n")
        if rid == "denied.inquiry_matters":
            out.append(f"\n8.属于 {cells}\n行政查询事项\n\n" + HEADER)
        elif rid == "denied.prohibited_by_law":
            out.append(md_row("2.其他法律行", cells) + "| 政法规禁止公开 |  |  |  |  |  |  |  |\n")
        else:
            out.append(md_row(label, cells))
    r = parse_text(report(HEADER + "".join(out)), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    t = r.table("applications")
    assert (t.row("denied.inquiry_matters").label, t.row("denied.prohibited_by_law").label) == ("8.属于行政查询事项", "2.其他法律行政法规禁止公开")


def test_2019_label_of_a_2021_row_wrapped_with_its_numbers_on_the_first_line():
    """2019: ``（六）其他 1 0 0 0 0 0 1`` then ``处理``.  ``其他`` alone names 2021's row 3.其他, no
    row of 2019; with the line after it, the line names 2019's （六）其他处理."""
    at = next(i for i, x in enumerate(ROWS_2019) if x[0] == "other")
    body = "".join(grouped(ROWS_2019[:at]))
    rest = "".join(md_row(label, cells) for _, label, cells in ROWS_2019[at + 1:])
    r = report_2019(ROWS_2019, HEADER + body + "\n" + text_row("（六）其他", ROWS_2019[at][2]) + "处理\n\n" + HEADER + rest)
    assert values(r) == {f"applications/{rid}": cells for rid, _, cells in ROWS_2019}
    assert problems(r) == []
    assert r.table("applications").row("other").label == "(六)其他处理"


def test_first_line_naming_another_row_yields_to_the_order():
    """``| 2.其他 | 0 | … |`` then ``| 法律行政法规禁止公开 |  | … |``: the first line alone names
    （六）3.其他 (ordinals are not part of a label), but between 1.属于国家秘密 and 3.危及… the
    template's order has the row the two lines name, 2.其他法律行政法规禁止公开."""
    out = []
    for rid, label, cells in ROWS:
        if rid in GROUP_BEFORE:
            out.append(f"| {GROUP_BEFORE[rid]} |  |  |  |  |  |  |  |\n")
        if rid == "denied.prohibited_by_law":
            out.append(md_row("2.其他", "0 1 0 0 0 0 1") + "| 法律行政法规禁止公开 |  |  |  |  |  |  |  |\n")
        else:
            out.append(md_row(label, cells))
    expected = dict(EXPECTED)
    expected["applications/denied.prohibited_by_law"] = "0 1 0 0 0 0 1"
    r = parse_text(report(HEADER + "".join(out)), "x.md")
    assert values(r) == expected
    assert problems(r) == []
    assert r.table("applications").row("denied.prohibited_by_law").label == "2.其他法律行政法规禁止公开"


def test_block_of_labels_with_the_result_heading_and_a_label_wrapped_at_a_group_word():
    """In a block of labels: ``三、本年度办理结果`` (a group heading, dropped), ``（一）予以`` /
    ``公开`` (the second line alone is a piece of （三）不予公开; with the first it names （一）)."""
    labels = "".join(f"{label}\n" for _, label, _ in ROWS[0:2]) + "三、本年度办理结果\n（一）予以\n公开\n" + f"{ROWS[3][1]}\n"
    numbers = numbers_row(ROWS[0][2]) + "|---|---|---|---|---|---|---|\n" + "".join(numbers_row(c) for _, _, c in ROWS[1:4])
    t3 = HEADER + "\n" + labels + "\n" + numbers + "\n" + HEADER + "".join(grouped(ROWS[4:]))
    r = parse_text(report(t3), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert r.table("applications").row("granted").label == "(一)予以公开"


def test_second_line_after_the_numbers_that_resembles_another_row_is_no_row():
    """``| 二、上年结转 | 1 | … |`` then ``| 政府信息公开申请数量 |  | … |``: the first line names
    上年结转… already, and the two lines name it too — the second line is its rest, not
    本年新收… (which it resembles) printed blank."""
    out = [md_row(ROWS[0][1], ROWS[0][2]), md_row("二、上年结转", ROWS[1][2]), "| 政府信息公开申请数量 |  |  |  |  |  |  |  |\n"]
    r = parse_text(report(HEADER + "".join(out) + "".join(grouped(ROWS[2:]))), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert r.table("applications").row("carried_in").label == "二、上年结转政府信息公开申请数量"


def test_wrapped_label_sets_the_group_for_the_labels_after_it():
    """A block of labels after the numbers of （六）: ``（六）其他处`` / ``1.申请人`` /
    ``无正当理由…申请`` / ``理`` / ``2.申请人逾`` / ``期未按…申请`` / ``3.其他``.  The wrapped 1. and 2. name rows of
    （六）, so ``3.其他`` after it is that group's row 3.其他 — not the group's word ``其他`` to
    drop (the walk's group was still （五） — the cut group label set none)."""
    at = next(i for i, x in enumerate(ROWS) if x[0] == "other.overdue_correction")
    body = "".join(grouped(ROWS[:at]))
    numbers = "\n" + numbers_row(ROWS[at][2]) + "|---|---|---|---|---|---|---|\n" + "".join(numbers_row(c) for _, _, c in ROWS[at + 1:at + 3])
    labels = f"\n（六）其他处\n1.申请人\n{ROWS[at][1][4:]}\n理\n{ROWS[at + 1][1][:5]}\n{ROWS[at + 1][1][5:]}\n{ROWS[at + 2][1]}\n\n"
    rest = "".join(md_row(label, cells) for _, label, cells in ROWS[at + 3:])
    r = parse_text(report(HEADER + body + numbers + labels + HEADER + rest), "x.md")
    assert values(r) == EXPECTED
    assert problems(r) == []
    assert r.table("applications").row("other.other").label == "3.其他"



def test_table_two_block_header_after_a_row_is_no_line_of_its_label():
    """表二 in HTML with padded cells: ``行政许可 | 0 | (empty)``, then the next block's header
    ``信息内容`` / ``本年处理决定数量`` and ``行政处罚`` printed blank.  A column heading after a row
    is no second line of its label (``行政许可`` + ``信息内容`` names 行政许可 only because headings
    are stripped), so 行政处罚 stays a blank row."""
    from support.model import APP_COLUMN_IDS, TableModel
    from support.render import RENDERERS

    disclosure = {"regulations": {"issued": 0, "repealed": 0, "in_force": 0}, "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
                  "licensing": {"decisions": 0}, "penalty": {"decisions": 0}, "coercion": {"decisions": 0}, "fees": {"amount": 0}}
    model = TableModel("2021", 2021, "青禾市人民政府", disclosure, {rid: (0,) * len(APP_COLUMN_IDS) for rid, _, _ in ROWS},
                       {rid: (0,) * 5 for rid in ("review", "litigation_direct", "litigation_after_review")}, frozenset({"disclosure/penalty/decisions"}))
    r = parse_text(RENDERERS["html_padded"](model), "x.html")
    assert values(r, "disclosure") == {
        "disclosure/regulations": "0 0 0", "disclosure/normative_documents": "0 0 0", "disclosure/licensing": "0",
        "disclosure/penalty": "blank:", "disclosure/coercion": "0", "disclosure/fees": "0"}
    assert problems(r) == []
