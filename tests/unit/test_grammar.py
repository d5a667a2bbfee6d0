"""The line grammar (grammars/report.lark): unambiguous LALR, one block per line class."""

from lark import Lark

from compliance import ast
from compliance.adapters.base import Frame
from compliance.adapters.textual import adapt_text
from compliance.build import build_document, grammar_text, make_parser, serialise
from compliance.normalise import normalise
from compliance.text import SourceText


def lines_of(text: str, fmt: str | None = None):
    norm, omap = normalise(text)
    canon = adapt_text(Frame(SourceText("t", text, "utf-8"), norm, omap), fmt)
    return canon


def test_grammar_builds_strict():
    parser = make_parser(strict=True)
    assert isinstance(parser, Lark)
    assert parser.options.parser == "lalr"


def test_blocks_of_a_pipe_document():
    text = "一、总体情况\n本局认真落实条例。\n第二十条第(一)项 |\n||||\n规章 |\n0 |\n|||\n五、存在的主要问题\n"
    canon = lines_of(text, "pipe")
    doc = build_document(canon.format, canon.lines)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Heading", "Paragraph", "Table", "Heading"]
    table = doc.blocks[2]
    assert [[e.text for e in r.entries] for r in table.rows] == [["第二十条第(一)项"], ["规章", "0"]]
    assert table.rows[1].span.line == 5 and table.rows[1].entries[1].span.line == 6


def test_caption_line_outside_a_table():
    canon = lines_of("### 第二十条第（五）项\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 12 |\n", "markdown")
    doc = build_document(canon.format, canon.lines)
    assert isinstance(doc.blocks[0], ast.Caption)
    assert doc.blocks[0].text == "第二十条第(五)项"
    assert doc.blocks[0].item == "五"  # the grammar reads the item: no regex after it
    assert [[e.text for e in r.entries] for r in doc.blocks[1].rows] == [["信息内容", "本年处理决定数量"], ["行政许可", "12"]]


def test_a_caption_in_a_cell_is_found_by_the_grammars_pattern():
    from compliance.build import caption_pattern

    m = caption_pattern().search("第二十条第(八)项行政事业性收费")
    assert m is not None and m.group("item") == "八" and m.group(0) == "第二十条第(八)项"
    assert caption_pattern().search("依据第二十条规定") is None


def test_serialised_form_is_one_line_per_canonical_line():
    canon = lines_of("一、总体情况\n| a | 1 |\n|---|---|\n文字\n", "markdown")
    assert serialise(canon.lines) == "一、总体情况\n\x1e\n文字\n"


def test_grammar_file_mentions_no_template_row():
    """The template's rows live in data (rules/templates/*.toml), never in the grammar."""
    g = grammar_text()
    for label in ("本年新收", "予以公开", "行政许可", "结果维持"):
        assert label not in g


def test_tables_are_maximal_runs():
    canon = lines_of("| a | 1 |\n|---|---|\n| b | 2 |\n\n| c | 3 |\n文字\n| d | 4 |\n", "markdown")
    doc = build_document(canon.format, canon.lines)
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Paragraph", "Table"]
    assert len(doc.blocks[0].rows) == 3
