"""Recovering rows from flattened page text (invented examples)."""

from compliance.adapters import flat
from compliance.adapters.base import Frame
from compliance.adapters.textual import adapt_text
from compliance.normalise import normalise
from compliance.text import SourceText


def canon(text: str):
    norm, omap = normalise(text)
    c = adapt_text(Frame(SourceText("t", text, "utf-8"), norm, omap), "plain")
    return flat.rowify(flat.split_headings(list(c.lines)))


def shape(lines):
    return [(ln.kind, [p.text for p in ln.pieces]) for ln in lines]


def test_headings_are_cut_out_of_a_flattened_line():
    text = "前言。一、总体情况本局全年公开信息12条。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数规章000五、存在的主要问题及改进情况问题一是。六、其他需要报告的事项无。"
    got = shape(canon(text))
    assert got == [
        ("text", ["前言。"]),
        ("text", ["一、总体情况本局全年公开信息12条。"]),
        ("text", ["二、主动公开政府信息情况"]),
        ("row", ["第二十条第(一)项信息内容本年制发件数规章", "000"]),
        ("text", ["五、存在的主要问题及改进情况问题一是。"]),
        ("text", ["六、其他需要报告的事项无。"]),
    ]


def test_table_row_labels_are_not_headings():
    text = "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 5000005二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开4000004四、结转下年度继续办理 1000001 五、存在的主要问题及改进情况"
    got = shape(canon(text))
    assert got == [
        ("text", ["三、收到和处理政府信息公开申请情况"]),
        ("row", ["一、本年新收政府信息公开申请数量", "5000005"]),
        ("row", ["二、上年结转政府信息公开申请数量", "0000000"]),
        ("row", ["三、本年度办理结果"]),
        ("row", ["(一)予以公开", "4000004"]),
        ("row", ["四、结转下年度继续办理", "1000001"]),
        ("text", ["五、存在的主要问题及改进情况"]),
    ]


def test_sub_row_numbers_glued_to_values():
    text = "二、主动公开政府信息情况（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开 1000001"
    got = shape(canon(text))
    assert got[1:] == [
        ("row", ["(三)不予公开"]),
        ("row", ["1.属于国家秘密", "0000000"]),
        ("row", ["2.其他法律行政法规禁止公开", "1000001"]),
    ]


def test_units_dates_and_slashes():
    text = "二、主动公开政府信息情况 本年增/减 行政事业性收费 12.5 政府集中采购 3 4500元 2023年共计 - 7"
    got = shape(canon(text))
    assert got[1:] == [
        ("row", ["本年增/减 行政事业性收费", "12.5"]),
        ("row", ["政府集中采购", "3", "4500元"]),
        ("row", ["2023年共计", "-", "7"]),
    ]


def test_narrative_sentences_in_the_zone_stay_text():
    text = "二、主动公开政府信息情况\n全年主动公开信息1234条，其中规章2件。\n规章 2 0 15\n"
    got = shape(canon(text))
    assert got == [
        ("text", ["二、主动公开政府信息情况"]),
        ("text", ["全年主动公开信息1234条,其中规章2件。"]),
        ("row", ["规章", "2", "0", "15"]),
    ]


def test_positions_of_split_values_point_into_the_original():
    text = "标题\n二、主动公开政府信息情况规章 12 3\n"
    lines = canon(text)
    row = lines[-1]
    assert [p.text for p in row.pieces] == ["规章", "12", "3"]
    assert [(p.span.line, p.span.column, p.span.end_column) for p in row.pieces] == [(2, 13, 15), (2, 16, 18), (2, 19, 20)]


# -- page text of PDF extraction (issue 8, scope 4) ------------------------------------------------


def test_page_markers_in_the_table_zone_are_text_not_rows():
    text = "二、主动公开政府信息情况\n规章 0 0 0\n— 5 —\n-3-\n- 4 -\n第 3 页\n第3页 共12页\n行政许可 12\n"
    got = shape(canon(text))
    assert got == [
        ("text", ["二、主动公开政府信息情况"]),
        ("row", ["规章", "0", "0", "0"]),
        ("text", ["— 5 —"]),
        ("text", ["-3-"]),
        ("text", ["- 4 -"]),
        ("text", ["第 3 页"]),
        ("text", ["第3页 共12页"]),
        ("row", ["行政许可", "12"]),
    ]


def test_page_marker_as_a_markdown_row_is_a_text_line():
    text = "| 规章 | 0 | 0 | 0 |\n|---|---|---|---|\n| — 6 — |  |  |  |\n| 行政许可 | 12 |  |  |\n"
    norm, omap = normalise(text)
    lines = adapt_text(Frame(SourceText("t", text, "utf-8"), norm, omap), "markdown").lines
    assert shape(lines) == [
        ("row", ["规章", "0", "0", "0"]),
        ("text", ["— 6 —"]),
        ("row", ["行政许可", "12", "", ""]),
    ]


def test_nbsp_cells_of_markdown_are_blank():
    text = "| 规章 | &nbsp; | &nbsp; | 3 |\n|---|---|---|---|\n"
    norm, omap = normalise(text)
    lines = adapt_text(Frame(SourceText("t", text, "utf-8"), norm, omap), "markdown").lines
    assert shape(lines) == [("row", ["规章", "", "", "3"])]


def test_a_row_ends_before_running_text_that_starts_with_a_date():
    """``（一）2024 年…`` after the row: the date and the numbers of the sentence are no cells."""
    text = "二、主动公开政府信息情况\n四、结转下年度继续办理 1 0 0 0 0 0 1（一）2024 年本局收到的申请中，涉及抽检信息的 23\n"
    got = shape(canon(text))
    assert got == [
        ("text", ["二、主动公开政府信息情况"]),
        ("row", ["四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", "1"]),
        ("text", ["(一)2024 年本局收到的申请中,涉及抽检信息的 23"]),
    ]


def test_a_date_with_spaces_is_no_value():
    text = "二、主动公开政府信息情况\n规章 0 0 0 截至 2024 年 12 月\n"
    got = shape(canon(text))
    assert got[1] == ("row", ["规章", "0", "0", "0"])
    assert all("2024" not in p for _, pieces in got[2:] for p in pieces[1:])


def test_a_lone_ordinal_ending_a_line_is_no_value():
    text = "二、主动公开政府信息情况\n2.\n没有现成信息需要另行制作 2 0 0 0 0 0 2\n"
    got = shape(canon(text))
    assert got[1:] == [
        ("row", ["2."]),
        ("row", ["没有现成信息需要另行制作", "2", "0", "0", "0", "0", "0", "2"]),
    ]
