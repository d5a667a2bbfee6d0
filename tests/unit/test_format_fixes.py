"""Reading fixes found by tests/properties/test_formats.py, one small invented report each,
pinned cell by cell."""

from __future__ import annotations

from compliance.parse import parse_text

_APP_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def _row(report, table: str, row: str) -> list[tuple[str, str, object]]:
    r = report.table(table).row(row)
    assert r is not None, row
    return [(c, cell.kind, cell.value) for c, cell in r.cells]


def _tr(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def test_header_rows_whose_rowspans_were_lost_are_headings_not_the_total_row():
    """A page whose editor stripped rowspan/colspan: the heading row 自然人 | 法人或其他组织 |
    总计 is shorter than the table and padded with empty positions; 总计 there is a column
    heading, not the （七）总计 row (which used to be taken as printed twice, its numbers
    dropped as unreadable)."""
    rows = [
        _tr("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
        _tr("自然人", "法人或其他组织", "总计"),
        _tr("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
        _tr("一、本年新收政府信息公开申请数量", "2", "1", "0", "0", "0", "0", "3"),
        _tr("二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"),
        _tr("三、本年度办理结果", "（一）予以公开", "2", "1", "0", "0", "0", "0", "3"),
        _tr("（七）总计", "2", "1", "0", "0", "0", "0", "3"),
        _tr("四、结转下年度继续办理", "0", "0", "0", "0", "0", "&nbsp;", "0"),
    ]
    page = (
        "<html><body><h1>某县某局2021年政府信息公开工作年度报告</h1>"
        "<p>三、收到和处理政府信息公开申请情况</p><table>" + "".join(rows) + "</table>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>"
    )
    report = parse_text(page, path="page.html")
    assert _row(report, "applications", "total") == [(c, "number", v) for c, v in zip(_APP_COLS, (2, 1, 0, 0, 0, 0, 3))]
    assert _row(report, "applications", "granted") == [(c, "number", v) for c, v in zip(_APP_COLS, (2, 1, 0, 0, 0, 0, 3))]
    assert _row(report, "applications", "carried_out") == [
        ("natural_person", "number", 0), ("commercial", "number", 0), ("research", "number", 0),
        ("social_welfare", "number", 0), ("legal_service", "number", 0), ("other_org", "blank", None),
        ("total", "number", 0),
    ]
    assert [p.code for p in report.problems if p.code == "PRS-005"] == []


def test_a_heading_printed_across_the_table_is_a_one_cell_row():
    """The section heading as the table's first row, one cell spanning every column (as the Word
    template prints 三 and 四): one cell, so it is the section's heading (it used to be ten
    copies of the cell, no heading, and STR-001 said the section had none)."""
    rows = [
        '<tr><td colspan="10">三、收到和处理政府信息公开申请情况</td></tr>',
        _tr("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
        _tr("自然人", "法人或其他组织", "总计"),
        _tr("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
        '<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>' + "".join(f"<td>{v}</td>" for v in (2, 1, 0, 0, 0, 0, 3)) + "</tr>",
    ]
    page = (
        "<html><body><h1>某县某局2021年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本年度工作概况。</p>"
        "<p>二、主动公开政府信息情况</p><table>" + "".join(rows) + "</table>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>"
    )
    report = parse_text(page, path="page.html")
    assert [(s.number, s.canonical, s.title, s.from_cell) for s in report.sections] == [
        ("一", "一", "总体情况", False),
        ("二", "二", "主动公开政府信息情况", False),
        ("三", "三", "收到和处理政府信息公开申请情况", True),
        ("四", "四", "政府信息公开行政复议、行政诉讼情况", False),
    ]
    assert _row(report, "applications", "new_received") == [(c, "number", v) for c, v in zip(_APP_COLS, (2, 1, 0, 0, 0, 0, 3))]


def test_a_blank_total_row_whose_label_spans_two_columns_stays_the_total_row():
    """(七)总计 over two label columns, beside the rowspan of 三、本年度办理结果, every cell
    blank: the grid repeats the label, but a repeated label is one label — a row label, not
    two column headings."""
    rows = [
        '<tr><td colspan="3">二、上年结转政府信息公开申请数量</td>' + "<td>0</td>" * 7 + "</tr>",
        '<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>' + "<td>0</td>" * 7 + "</tr>",
        '<tr><td colspan="2">（七）总计</td>' + "<td>&nbsp;</td>" * 7 + "</tr>",
        '<tr><td colspan="3">四、结转下年度继续办理</td>' + "<td>0</td>" * 7 + "</tr>",
    ]
    page = (
        "<html><body><h1>某县某局2021年政府信息公开工作年度报告</h1>"
        "<p>三、收到和处理政府信息公开申请情况</p><table>" + "".join(rows) + "</table>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>"
    )
    report = parse_text(page, path="page.html")
    assert _row(report, "applications", "total") == [(c, "blank", None) for c in _APP_COLS]
    assert _row(report, "applications", "granted") == [(c, "number", 0) for c in _APP_COLS]
