"""Unit tests of the HTML input adapter (compliance/adapters/html.py).

All snippets are invented; numbers and names are made up.
"""

from __future__ import annotations

import random
import time

import pytest

from compliance.adapters.base import Canon
from compliance.adapters.html import adapt_html, looks_like_html
from compliance.text import SourceText, Span


def adapt(html: str) -> Canon:
    return adapt_html(SourceText("t.html", html, "utf-8"))


def lines(canon: Canon) -> list:
    """Text lines as strings, rows as lists of cell strings."""
    return [ln.pieces[0].text if ln.kind == "text" else [p.text for p in ln.pieces] for ln in canon.lines]


def rows(canon: Canon) -> list[list[str]]:
    return [[p.text for p in ln.pieces] for ln in canon.lines if ln.kind == "row"]


def texts(canon: Canon) -> list[str]:
    return [ln.pieces[0].text for ln in canon.lines if ln.kind == "text"]


# ---------------------------------------------------------------------------------------------
# tables


def test_rowspan_and_colspan_expand_to_a_full_grid():
    canon = adapt(
        """<table>
<tr><td rowspan="3" colspan="2">本列数据</td><td colspan="3">申请人情况</td><td rowspan="2">总计</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="2">法人或其他组织</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>合计</td></tr>
<tr><td colspan="2">一、本年新收</td><td>7</td><td>2</td><td>0</td><td>9</td></tr>
</table>"""
    )
    assert canon.format == "html"
    assert [ln.kind for ln in canon.lines] == ["row"] * 4
    assert rows(canon) == [
        ["本列数据", "本列数据", "申请人情况", "申请人情况", "申请人情况", "总计"],
        ["本列数据", "本列数据", "自然人", "法人或其他组织", "法人或其他组织", "总计"],
        ["本列数据", "本列数据", "自然人", "商业企业", "科研机构", "合计"],
        ["一、本年新收", "一、本年新收", "7", "2", "0", "9"],
    ]


def test_repeated_cells_keep_the_span_of_their_origin():
    html = "<table>\n<tr><td rowspan=2>行政许可</td><td>4</td></tr>\n<tr><td>5</td></tr>\n</table>"
    canon = adapt(html)
    first, second = canon.lines
    assert second.pieces[0].span == first.pieces[0].span == Span(2, 19, 2, 23)
    assert second.pieces[0] is first.pieces[0]
    assert second.pieces[0].raw == "行政许可"
    assert second.pieces[1].span.line == 3


def test_malformed_spans_default_sensibly():
    canon = adapt(
        """<table>
<tr><td rowspan="2px">甲</td><td colspan="abc">1</td><td rowspan="">2</td></tr>
<tr><td>3</td><td>4</td></tr>
<tr><td colspan="0">乙</td><td>5</td><td rowspan="-1">6</td></tr>
</table>"""
    )
    assert rows(canon) == [["甲", "1", "2"], ["甲", "3", "4"], ["乙", "5", "6"]]


def test_rowspan_zero_spans_to_the_end_of_its_row_group():
    canon = adapt(
        """<table>
<thead><tr><th>项目</th><th>数量</th></tr></thead>
<tbody>
<tr><td rowspan="0">不予公开</td><td>1</td></tr>
<tr><td>2</td></tr>
<tr><td>3</td></tr>
</tbody>
<tfoot><tr><td>合计</td><td>6</td></tr></tfoot>
</table>"""
    )
    assert rows(canon) == [
        ["项目", "数量"],
        ["不予公开", "1"],
        ["不予公开", "2"],
        ["不予公开", "3"],
        ["合计", "6"],
    ]


def test_short_rows_are_padded_and_all_blank_rows_dropped():
    canon = adapt(
        """<table>
<tr><td>规章</td><td>1</td><td>0</td><td>12</td></tr>
<tr><td>行政许可</td><td>3</td></tr>
<tr><td>&nbsp;</td><td></td><td> </td></tr>
</table>"""
    )
    assert rows(canon) == [["规章", "1", "0", "12"], ["行政许可", "3", "", ""]]
    padded = canon.lines[1].pieces[3]
    assert padded.text == "" and padded.span.line == 3


def test_missing_end_tags_are_repaired():
    canon = adapt("<table>\n<tr><td>自然人<td>6\n<tr><td>商业企业<td>0\n</table>")
    assert rows(canon) == [["自然人", "6"], ["商业企业", "0"]]


def test_th_and_row_groups_keep_document_order():
    canon = adapt(
        "<table><caption>表一</caption><thead><tr><th>信息内容</th><th>本年制发件数</th></tr></thead>"
        "<tbody><tr><td>规章</td><td>0</td></tr></tbody></table>"
    )
    assert lines(canon) == ["表一", ["信息内容", "本年制发件数"], ["规章", "0"]]


def test_nbsp_cells_are_blank():
    canon = adapt(
        "<table><tr><td>行政强制</td><td>&nbsp;</td><td>"
        "<p class=MsoNormal><span lang=EN-US>&nbsp;<o:p></o:p></span></p></td>"
        "<td>\u3000</td><td>8</td></tr></table>"
    )
    assert rows(canon) == [["行政强制", "", "", "", "8"]]


def test_br_and_paragraphs_inside_a_cell_become_spaces():
    canon = adapt(
        "<table><tr><td>法律服务<br>机构</td><td><p>科研</p><p>机构</p></td><td>  1 \n 2 </td></tr></table>"
    )
    assert rows(canon) == [["法律服务 机构", "科研 机构", "1 2"]]


def test_nested_tables_give_their_own_rows_and_no_duplicate_text():
    canon = adapt(
        """<table class="layout"><tr>
<td><a href="/">首页</a></td>
<td>
<p>说明文字</p>
<table><tr><td>行政复议</td><td>1</td></tr><tr><td>行政诉讼</td><td>0</td></tr></table>
<p>结尾文字</p>
</td>
</tr></table>"""
    )
    assert lines(canon) == ["首页", "说明文字", ["行政复议", "1"], ["行政诉讼", "0"], "结尾文字"]


def test_a_cell_with_long_multi_paragraph_text_is_read_as_text():
    long_para = "本机关严格按照条例要求开展政府信息公开工作，持续完善制度建设。" * 4
    canon = adapt(
        f"<table><tr><td><p>一、总体情况</p><p>{long_para}</p><p>{long_para}</p></td></tr></table>"
    )
    expected = long_para.replace("，", ",")  # NFKC folds the full-width comma
    assert lines(canon) == ["一、总体情况", expected, expected]


# ---------------------------------------------------------------------------------------------
# Word-exported HTML

WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<!--[if gte mso 9]><xml>
 <o:DocumentProperties><o:Author>某作者</o:Author></o:DocumentProperties>
</xml><![endif]-->
<style>
p.MsoNormal {margin:0cm; mso-pagination:none;}
</style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt'>
<div class=WordSection1>
<p class=MsoNormal align=center><b><span style='font-size:22.0pt;font-family:方正小标宋简体'>某县水利局<span
lang=EN-US>2021</span>年政府信息公开工作年度报告<span lang=EN-US><o:p></o:p></span></span></b></p>
<p class=MsoNormal><span style='font-family:黑体'>一、总体</span><span style='font-family:黑体;
mso-bidi-font-family:宋体'>情况<span lang=EN-US><o:p></o:p></span></span></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span
lang=EN-US>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><span>主动公开</span></p>
<p class=MsoNormal><!--[if !supportLists]--><span lang=EN-US>2.</span><!--[endif]--><span>依申请公开</span></p>
<p class=MsoNormal><span style='display:none;mso-hide:all'>隐藏书签</span><span>全年收到申请</span><span
lang=EN-US>１２</span><span>件。</span></p>
<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>
 <tr style='mso-yfti-irow:0'>
  <td width=240 valign=top style='width:180.0pt;border:solid windowtext 1.0pt;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>（</span><span lang=EN-US>二</span><span>）部分</span><span
  style='mso-bidi-font-size:10.5pt'>公开</span></p>
  </td>
  <td width=57 valign=top style='width:42.5pt;border:solid windowtext 1.0pt'>
  <p class=MsoNormal><span lang=EN-US>&nbsp;<o:p></o:p></span></p>
  </td>
  <td width=57 valign=top style='width:42.5pt;border:solid windowtext 1.0pt'>
  <p class=MsoNormal align=center><span lang=EN-US>3<o:p></o:p></span></p>
  </td>
 </tr>
 <![if !supportMisalignedColumns]>
 <tr height=0>
  <td width=240 style='border:none'></td>
  <td width=57 style='border:none'></td>
  <td width=57 style='border:none'></td>
 </tr>
 <![endif]>
</table>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
</div>
</body>
</html>
"""


def test_word_export_labels_split_across_spans_join_without_spaces():
    canon = adapt(WORD_PAGE)
    assert lines(canon) == [
        "某县水利局2021年政府信息公开工作年度报告",
        "一、总体情况",
        "1. 主动公开",
        "2.依申请公开",
        "全年收到申请12件。",
        ["(二)部分公开", "", "3"],
    ]


def test_word_export_positions_and_raw_text():
    canon = adapt(WORD_PAGE)
    src_lines = WORD_PAGE.split("\n")
    title = canon.lines[0].pieces[0]
    assert title.span.line == 14
    assert src_lines[13][title.span.column - 1:].startswith("某县水利局")
    heading = canon.lines[1].pieces[0]
    assert heading.span.line == 16
    assert src_lines[15][heading.span.column - 1:].startswith("一、总体")
    label, blank, value = canon.lines[5].pieces
    assert label.raw == "（二）部分公开"
    assert (label.span.line, value.span.line) == (28, 35)
    assert src_lines[27][label.span.column - 1] == "（"
    assert src_lines[34][value.span.column - 1:].startswith("3<o:p>")
    assert blank.text == "" and blank.span == Span(31, 1, 31, 1)  # blank: the <td>'s line
    # normalisation happened on the way: full-width digits and brackets
    assert canon.lines[4].pieces[0].raw == "全年收到申请１２件。"


# ---------------------------------------------------------------------------------------------
# text lines


def test_block_elements_and_br_make_text_lines_and_empty_ones_are_skipped():
    canon = adapt(
        "<div>直接文字<p>段落一</p>  <p> </p><ul><li>条目甲</li><li>条目乙</li></ul>"
        "<h3>小标题</h3>第一行<br>第二行<br/><br>  第三行\n  续写</div>"
    )
    assert texts(canon) == ["直接文字", "段落一", "条目甲", "条目乙", "小标题", "第一行", "第二行", "第三行 续写"]
    assert all(ln.kind == "text" for ln in canon.lines)


def test_whitespace_runs_collapse_inside_a_line():
    canon = adapt("<p>  自然人 \n\t  商业企业\u3000\u3000科研机构&nbsp;&nbsp;其他  </p>")
    assert texts(canon) == ["自然人 商业企业 科研机构 其他"]


def test_traditional_characters_are_normalised_to_simplified():
    canon = adapt("<p>一、總體情況</p><table><tr><td>（七）總計</td><td>１２</td></tr></table>")
    assert lines(canon) == ["一、总体情况", ["(七)总计", "12"]]
    assert canon.lines[1].pieces[0].raw == "（七）總計"
    assert canon.lines[1].pieces[1].raw == "１２"


def test_full_width_digits_and_zero_width_characters():
    canon = adapt("<p>收到申请\u200b１２件，办结１０件</p><table><tr><td>\u200b</td><td>３</td></tr></table>")
    assert lines(canon) == ["收到申请12件,办结10件", ["", "3"]]


def test_pre_keeps_its_line_breaks():
    canon = adapt("<pre>第一行\n  第二行  有空格\n\n第四行</pre>")
    assert texts(canon) == ["第一行", "第二行 有空格", "第四行"]
    assert [ln.span.line for ln in canon.lines] == [1, 2, 4]


def test_script_style_noscript_and_comments_are_removed():
    canon = adapt(
        """<body>
<script type="text/javascript">var s = "<p>脚本里的段落</p>";</script>
<style>.a { content: "样式"; }</style>
<noscript>请启用脚本</noscript>
<!-- 注释里的文字 -->
<p>保留<!-- 行内注释 -->的文字</p>
<select><option>相关链接</option></select>
</body>"""
    )
    assert texts(canon) == ["保留的文字"]
    assert canon.lines[0].span.line == 6


def test_xml_declaration_and_meta_charset_are_ignored():
    canon = adapt('<?xml version="1.0" encoding="gbk"?>\n<html><head><meta charset="gbk"></head>\n<body><p>中文段落</p></body></html>')
    assert texts(canon) == ["中文段落"]
    assert canon.lines[0].span.line == 3


def test_empty_documents_give_no_lines():
    assert adapt("").lines == ()
    assert adapt("  \n ").lines == ()
    assert adapt("<html><body><p>&nbsp;</p></body></html>").lines == ()


# ---------------------------------------------------------------------------------------------
# site chrome

SITE_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><title>某市统计局2021年政府信息公开工作年度报告</title>
<script src="/js/common.js"></script></head>
<body>
<div class="header"><div class="logo">某市人民政府门户网站</div>
<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/nb/">政府信息公开年报</a></div>
<div class="side"><ul>
<li><a href="/nb/2020.html">某市统计局2020年政府信息公开工作年度报告</a></li>
<li><a href="/nb/2019.html">某市统计局2019年政府信息公开工作年度报告</a></li>
</ul></div>
<div class="article">
<h1 class="title">某市统计局2021年政府信息公开工作年度报告</h1>
<div class="meta">发布日期：2022-01-18 来源：某市统计局 <span class="share">分享到：</span></div>
<div class="content" id="zoom">
<p>本报告根据条例要求编制。</p>
<p>一、总体情况</p>
<p>2021年，本局共主动公开信息86条。</p>
<p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td>信息内容</td><td>本年制发件数</td></tr>
<tr><td>规章</td><td>0</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td>一、本年新收政府信息公开申请数量</td><td>4</td></tr>
</table>
<p>六、其他需要报告的事项</p>
<p>无。</p>
</div>
</div>
<div class="attach">附件下载：<a href="/f/a.docx">年报附件.docx</a></div>
<div class="related"><h3>相关文章</h3>
<ul><li><a href="/nb/q.html">某市统计局2022年政府信息公开工作年度报告</a></li></ul></div>
<div class="footer">版权所有：某市人民政府办公室 2023年 <script>var year = 2023;</script></div>
</body>
</html>
"""


def test_site_chrome_is_dropped_and_the_article_kept():
    canon = adapt(SITE_PAGE)
    assert lines(canon) == [
        "某市统计局2021年政府信息公开工作年度报告",
        "发布日期:2022-01-18 来源:某市统计局 分享到:",
        "本报告根据条例要求编制。",
        "一、总体情况",
        "2021年,本局共主动公开信息86条。",
        "二、主动公开政府信息情况",
        ["信息内容", "本年制发件数"],
        ["规章", "0"],
        "三、收到和处理政府信息公开申请情况",
        ["一、本年新收政府信息公开申请数量", "4"],
        "六、其他需要报告的事项",
        "无。",
    ]
    src_lines = SITE_PAGE.split("\n")
    col = src_lines[13].index("某市统计局") + 1
    assert canon.lines[0].span == Span(14, col, 14, col + 22)
    col = src_lines[26].index("<td>4") + 5
    assert canon.lines[9].pieces[1].span == Span(27, col, 27, col + 1)


def test_without_a_recognisable_body_only_nav_header_footer_are_dropped():
    canon = adapt(
        """<body>
<header><h1>网站名称</h1></header>
<nav><a href="/">首页</a><a href="/a">机构概况</a></nav>
<div><p>第一段文字</p><aside>侧栏</aside></div>
<footer>版权所有</footer>
<p>最后一段</p>
</body>"""
    )
    assert texts(canon) == ["第一段文字", "侧栏", "最后一段"]


def test_small_hidden_elements_are_dropped():
    canon = adapt('<p>可见<span style="display: none">不可见</span>文字</p><div hidden>隐藏块</div>')
    assert texts(canon) == ["可见文字"]


# ---------------------------------------------------------------------------------------------
# positions

POSITIONS = "\n".join(
    [
        "<html><body>",  # 1
        "<p>一、总体情况</p>",  # 2
        "<table>",  # 3
        "<tr>",  # 4
        "  <td>本年新收</td><td>5</td>",  # 5
        "  <td",  # 6
        "   width=40>",  # 7
        "    9</td>",  # 8
        "</tr>",  # 9
        "<tr><td>上年结转</td><td></td><td>&nbsp;1</td></tr>",  # 10
        "</table>",  # 11
        "<p>第一行<br>",  # 12
        "第二行</p>",  # 13
        "</body></html>",  # 14
    ]
)


def test_source_lines_and_columns_point_into_the_original_file():
    canon = adapt(POSITIONS)
    assert canon.lines[0].pieces[0].span == Span(2, 4, 2, 10)
    r1, r2 = canon.lines[1].pieces, canon.lines[2].pieces
    assert [p.text for p in r1] == ["本年新收", "5", "9"]
    assert [p.span for p in r1] == [Span(5, 7, 5, 11), Span(5, 20, 5, 21), Span(8, 5, 8, 6)]
    assert [p.text for p in r2] == ["上年结转", "", "1"]
    assert r2[0].span == Span(10, 9, 10, 13)
    assert r2[1].span == Span(10, 1, 10, 1)  # blank cell: its element's line
    assert r2[2].span.line == 10
    assert canon.lines[3].pieces[0].span == Span(12, 4, 12, 7)
    assert canon.lines[4].pieces[0].span == Span(13, 1, 13, 4)
    for ln in canon.lines:
        for p in ln.pieces:
            if p.text and p.span.column > 1:
                line = POSITIONS.split("\n")[p.span.line - 1]
                assert line[p.span.column - 1:].startswith(p.raw[:2])


def test_identical_cells_on_one_line_get_their_own_columns():
    canon = adapt("<table><tr><td>0</td><td>0</td><td>0</td></tr></table>")
    assert [p.span.column for p in canon.lines[0].pieces] == [16, 26, 36]


def test_crlf_line_endings_keep_line_numbers():
    canon = adapt("<body>\r\n<p>甲</p>\r\n\r\n<p>乙</p>\r\n</body>")
    assert [ln.span.line for ln in canon.lines] == [2, 4]


# ---------------------------------------------------------------------------------------------
# sniffing


@pytest.mark.parametrize(
    "text",
    [
        WORD_PAGE,
        SITE_PAGE,
        "<!doctype html><title>x</title>",
        "\ufeff<html><body>正文</body></html>",
        "<p>一、总体情况</p>\n<p>本年度……</p>",
        "<div class=content>\n<table>\n<tr><td>规章</td><td>0</td></tr>\n</table>\n</div>",
        "<table><tr><td>自然人</td><td>1</td></tr></table>",
    ],
)
def test_looks_like_html_true(text):
    assert looks_like_html(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "",
        "某局2021年政府信息公开工作年度报告\n一、总体情况\n本年度收到申请12件，其中<10件已办结。\n",
        "# 某局年度报告\n\n## 一、总体情况\n\n正文。<br>换行\n",
        "| 信息内容 | 本年制发件数 |\n| --- | --- |\n| 规章 | 0 |\n<div align=center>表一</div>\n",
        "一、总体情况\n正文<br>第二行\n三、依申请公开\n自然人 商业企业\n",
    ],
)
def test_looks_like_html_false(text):
    assert looks_like_html(text) is False


# ---------------------------------------------------------------------------------------------
# speed


def _word_like_page(target: int) -> str:
    rnd = random.Random(7)
    head = "<html><head><style>p.MsoNormal{margin:0}</style></head><body><div class=WordSection1>\n"
    para = (
        "<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt;\nmso-line-height-rule:exactly'>"
        "<span style='font-size:16.0pt;font-family:仿宋'>本年度本机关认真落实公开要求，累计公开信息</span>"
        "<span lang=EN-US style='font-size:16.0pt'>{n}</span><span>条。<o:p></o:p></span></p>\n"
    )
    cell = (
        "  <td width=57 {span}valign=top style='width:42.5pt;border:solid windowtext 1.0pt;\n"
        "  padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal align=center><span lang=EN-US\n"
        "  style='font-size:10.0pt'>{t}<o:p></o:p></span></p></td>\n"
    )
    out = [head, para.format(n=1).replace("累计公开信息", "一、总体情况")]
    while sum(map(len, out)) < target:
        out.append(para.format(n=rnd.randint(0, 99)))
        out.append("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>\n")
        for r in range(8):
            out.append(" <tr>\n")
            if r % 4 == 0:
                out.append(cell.format(span="rowspan=4 ", t="不予公开"))
            out.append(cell.format(span="colspan=2 " if r == 0 else "", t="国家秘密"))
            for _ in range(6 if r == 0 else 7):
                out.append(cell.format(span="", t=rnd.randint(0, 9)))
            out.append(" </tr>\n")
        out.append("</table>\n")
    out.append("</div></body></html>\n")
    return "".join(out)


def test_a_100_kb_word_page_adapts_quickly():
    page = _word_like_page(100_000)
    assert len(page.encode("utf-8")) > 100_000
    src = SourceText("big.html", page, "utf-8")
    canon = adapt_html(src)
    assert sum(1 for ln in canon.lines if ln.kind == "row") > 50
    assert all(len(ln.pieces) == 9 for ln in canon.lines if ln.kind == "row")
    best = min(_timed(adapt_html, src) for _ in range(3))
    assert best < 0.25  # typically ~10 ms; generous for slow CI machines


def _timed(fn, arg) -> float:
    t = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t


# ---------------------------------------------------------------------------------------------
# body selection details and robustness


def test_body_in_a_layout_table_cell_with_title_links_in_a_side_column():
    canon = adapt(
        """<table width="100%"><tr>
<td width="200"><a href="/a">某区2020年政府信息公开工作年度报告</a><br><a href="/b">一、总体情况</a></td>
<td>
<h2>某区城管局2021年政府信息公开工作年度报告</h2>
<p>第一部分 总体情况</p><p>正文内容。</p>
<p>第三部分 收到和处理政府信息公开申请情况</p>
<table><tr><td>本年新收</td><td>3</td></tr></table>
</td>
</tr></table>
<div>网站地图 | 联系我们</div>"""
    )
    assert lines(canon) == [
        "某区城管局2021年政府信息公开工作年度报告",
        "第一部分 总体情况",
        "正文内容。",
        "第三部分 收到和处理政府信息公开申请情况",
        ["本年新收", "3"],
    ]


def test_title_far_before_the_body_is_not_pulled_in():
    filler = "".join(f"<p><a href='/{i}'>链接{i}</a></p>" for i in range(15))
    canon = adapt(
        "<div><p>某镇2021年政府信息公开工作年度报告</p>"
        + filler
        + "<div class=c><p>一、总体情况</p><p>二、主动公开政府信息情况</p></div></div>"
    )
    assert texts(canon) == ["一、总体情况", "二、主动公开政府信息情况"]


def test_pathologically_deep_markup_does_not_crash():
    for tag in ("span", "div", "table"):
        html = "<p>前</p>" + f"<{tag}>" * 1000 + "深<br>层" + f"</{tag}>" * 1000 + "<p>后</p>"
        assert texts(adapt(html)) == ["前", "深层", "后"]


def test_huge_spans_are_capped():
    canon = adapt("<table><tr><td rowspan=99999 colspan=99999>甲</td></tr><tr><td>乙</td></tr></table>")
    assert [len(ln.pieces) for ln in canon.lines] == [65, 65]  # 64 columns, then padding
    assert [p.text for p in canon.lines[0].pieces[63:]] == ["甲", ""]
    assert [p.text for p in canon.lines[1].pieces[63:]] == ["甲", "乙"]


@pytest.mark.parametrize(
    "html",
    ["<", "<<>>", "\x00甲<p>乙", "&#0;<p>&#xD800;</p>", "<br><br>", "<table></table>", "<tr><td>", "</td></tr>"],
)
def test_odd_inputs_do_not_crash(html):
    canon = adapt(html)
    assert isinstance(canon.lines, tuple)


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test extra
    given = None

if given is not None:
    _TOKENS = st.sampled_from(
        [
            "<p>", "</p>", "<div>", "</div>", "<br>", "<table>", "</table>", "<tr>", "</tr>",
            "<td>", "</td>", "<td rowspan=2>", "<td colspan=3>", "<th rowspan=0>", "<span>",
            "</span>", "<pre>", "</pre>", "<!-- c -->", "<script>x</script>", "&nbsp;", "&amp;",
            "\n", " ", "一、总体情况", "三、收到和处理", "本年新收", "總計", "１２", "0", "\u200b",
            "<a href=x>", "</a>", "<nav>", "</nav>",
        ]
    )

    @settings(max_examples=200, deadline=None)
    @given(st.lists(_TOKENS, max_size=60))
    def test_random_markup_gives_valid_lines(tokens):
        html = "".join(tokens)
        canon = adapt(html)
        last_line = html.count("\n") + 1
        for ln in canon.lines:
            assert ln.kind in ("text", "row")
            if ln.kind == "text":
                assert len(ln.pieces) == 1 and ln.pieces[0].text
            for p in ln.pieces:
                assert p.span.line >= 1 and p.span.line <= last_line
                assert p.span.column >= 1
                assert p.text == p.text.strip()
                assert "  " not in p.text
