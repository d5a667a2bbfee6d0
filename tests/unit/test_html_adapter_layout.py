"""HTML reports through the whole parser (the adapter's own tests are in test_html_adapter.py)."""

from compliance.parse import parse_text

PAGE = """<html><body>
<h1>青禾市交通运输局2022年政府信息公开工作年度报告</h1>
<p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">1,204</td></tr>
</table>
</body></html>
"""


def test_a_value_spanning_three_columns_is_one_cell():
    report = parse_text(PAGE, "p.html")
    assert report.format == "html"
    row = report.table("disclosure").row("licensing")
    assert [(c, cell.kind, cell.value, cell.raw) for c, cell in row.cells] == [("decisions", "number", 1204, "1,204")]
    assert (row.span.line, report.cell("disclosure/licensing/decisions").span.line) == (10, 10)
    assert report.cell("disclosure/regulations/in_force").value == 0
    assert report.problems == ()
