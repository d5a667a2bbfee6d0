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
