"""A group of rows printed as one row: 2021 reports that print （六）其他处理 as the 2019 format
does, one row of numbers instead of its three rows (a real PDF, corpus 028, does)."""

from __future__ import annotations

from pathlib import Path

import compliance

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "2021-county-bureau.md"


def _collapsed() -> str:
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("| （六）其他处理"))
    # the three rows 1 0 0 0 0 0 1 / 0 … / 2 0 0 0 0 0 2 printed as their sum on the group's row
    lines[at] = "| （六）其他处理 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |"
    del lines[at + 1:at + 4]
    return "\n".join(lines)


def test_one_structure_finding_for_the_collapsed_group():
    result = compliance.check(_collapsed())
    structure = [f for f in result.findings if f.rule in ("STR-004", "PRS-005")]
    assert len(structure) == 1
    f = structure[0]
    assert (f.rule, f.name, f.severity.value) == ("STR-004", "group-printed-as-one-row", "error")
    ev = dict(f.evidence)
    assert ev["rows"] == ["applications/other.overdue_correction", "applications/other.overdue_fee", "applications/other.other"]
    assert ev["values"] == ["3", "0", "0", "0", "0", "0", "3"]
    assert ev["printed_at"] == f.location.span.line
    assert ev["parse_problem"] == "表三“（六）其他处理”印为一行（7 个数值：3 0 0 0 0 0 3），未计入该表"
    assert f.message.startswith("表三“（六）其他处理”印为一行（数值 3 0 0 0 0 0 3），2021年")
    assert f.message.endswith("要求分为 3 行：“（六）其他处理·申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请”"
                              "“（六）其他处理·申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请”"
                              "“（六）其他处理·其他”；这 3 行各自的数字无法从一行中读出")
    # no other error: the rest of the table is read and its other identities hold
    assert [g.rule for g in result.findings if g.severity.value == "error"] == ["STR-004"]

