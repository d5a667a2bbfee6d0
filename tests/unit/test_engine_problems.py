"""Parse problems reach the findings with contract-shaped locations."""

from compliance.engine import check_report
from compliance.parse import parse_text

FLAT = (
    "青禾县商务局2022年度政府信息公开工作年度报告 本报告所列数据统计期限为2022年1月1日至2022年12月31日。"
    "一、总体情况 本局认真落实《条例》。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数"
    "现行有效件数规章000行政规范性文件4217 三、收到和处理政府信息公开申请情况"
)


def test_unreadable_row_is_a_row_level_finding():
    result = check_report(parse_text(FLAT, "flat.txt"))
    (f,) = [f for f in result.findings if f.rule == "PRS-003"]
    d = f.to_dict()
    assert d["location"]["cell"] is None  # a whole row, not one cell
    assert d["location"]["section"] == "二"
    assert d["evidence"] == {"row": "disclosure/normative_documents"}
    assert d["severity"] == "warning"
    assert (d["location"]["line"], d["location"]["column"]) == (1, FLAT.index("4217") + 1)
