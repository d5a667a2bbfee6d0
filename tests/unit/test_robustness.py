"""Any input gives a Report — never a traceback."""

from hypothesis import given, strategies as st

from compliance.parse import parse_bytes, parse_text

PIECES = st.sampled_from(
    [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "第二十条第（一）项", "规章", "行政规范性文件", "0", "12",
        "713000074", "|", " |", "||||", "\n", "\t", " ", "（三）不予公开", "1.属于国家秘密", "（七）总计", "-", "—",
        "<td rowspan=2>", "</table>", "<table><tr><td>", "# ", "|---|---|", "結果維持", "2023年", "。", "元", "9.5",
    ]
)


@given(st.lists(PIECES, max_size=80).map("".join))
def test_report_like_text_never_raises(text):
    report = parse_text(text, "fuzz.txt")
    assert report.template in ("2019", "2021", "legacy", "unknown")
    for p in report.problems:
        assert p.code.startswith("PRS-") and p.message


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    report = parse_bytes(data, "fuzz.bin")
    assert report.path == "fuzz.bin"


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    parse_text(text, "fuzz.txt")
