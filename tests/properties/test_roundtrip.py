"""Round trip: a valid table model, rendered as a full report in an input format, parses back to
the same template, year, agency, the six sections and exactly the same cells.

A model (``support.strategies.table_models``) is built valid by construction; a renderer
(``support.render``) writes it as a whole report — title, 统计期限, six sections with
narrative, tables 二/三/四, 信息处理费 statement — as Markdown, HTML (real rowspan/colspan,
also Word-exported markup), flattened pipes (also in traditional characters), TSV, plain text
with space-separated numbers, and plain text encoded GBK; ``parse_text``/``parse_bytes`` reads
it back.  Every cell must come back with the model's value and type (counts ``int``, amounts
``Decimal`` with their printed places); a blank cell must come back as kind ``blank``, never 0.

Flat page text with glued cells (``规章000行政规范性文件8855698``) cannot always be split: there
every cell must either equal the model or its row must be reported unreadable (PRS-003) —
never a silently different number.

Known parser gaps are pinned by the ``test_gap_*`` tests at the end (``xfail(strict=True)``:
when a gap is fixed the test XPASSes and fails, so remove its marker and widen the generator
that avoided the gap, as noted on each test).

Examples per format: 30 with the ``dev``/``ci`` profiles, a quarter of ``max_examples`` with
larger ones (``HYPOTHESIS_PROFILE=thorough``: 125); the glued test 20 (thorough: 62).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from support.model import TableModel
from support.render import BLANK_CAPABLE, render
from support.strategies import table_models

from compliance.model import Report
from compliance.parse import parse_bytes, parse_text

_N = settings.default.max_examples
ROUNDTRIP = settings(
    max_examples=30 if _N <= 100 else _N // 4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# glued rows are split by enumeration in the parser (seconds for a long row): fewer examples
GLUED = settings(ROUNDTRIP, max_examples=20 if _N <= 100 else _N // 8)

SECTIONS = list("一二三四五六")
EXACT_FORMATS = ("markdown", "html", "html_word", "html_padded", "pipe", "pipe_traditional", "tsv", "tsv_spreadsheet", "plain", "plain_gbk")
# formats whose blank cells must come back blank
BLANK_FORMATS = tuple(f for f in EXACT_FORMATS if f in BLANK_CAPABLE)


def parse_rendered(model: TableModel, fmt: str) -> tuple[Report, str | bytes]:
    data = render(model, fmt)
    path = f"generated.{fmt}"
    report = parse_bytes(data, path) if isinstance(data, bytes) else parse_text(data, path)
    return report, data


def _same_number(got, want) -> bool:
    return got == want and type(got) is type(want) and (not isinstance(want, Decimal) or str(got) == str(want))


def cell_mismatches(model: TableModel, report: Report) -> list[str]:
    out = []
    for address, want in model.cells():
        cell = report.cell(address)
        if cell is None:
            out.append(f"{address}: missing (model {want!r})")
        elif want is None:
            if cell.kind != "blank":
                out.append(f"{address}: blank in the model, parsed {cell.kind} {cell.raw!r}")
        elif cell.kind != "number" or not _same_number(cell.value, want):
            out.append(f"{address}: model {want!r}, parsed {cell.kind} {cell.value!r} (raw {cell.raw!r})")
    return out


def assert_identity(model: TableModel, report: Report, sections=SECTIONS) -> None:
    assert (report.template, report.year, report.agency) == (model.template, model.year, model.agency)
    found = [s.canonical for s in report.sections]
    assert [s for s in found if s in sections] == list(sections), found


def assert_round_trip(model: TableModel, report: Report) -> None:
    assert_identity(model, report)
    assert cell_mismatches(model, report) == []
    assert [(p.code, p.message) for p in report.problems] == []


@pytest.mark.parametrize("fmt", EXACT_FORMATS)
@ROUNDTRIP
@given(model=table_models())
def test_round_trip(fmt, model):
    report, _ = parse_rendered(model, fmt)
    assert_round_trip(model, report)


@pytest.mark.parametrize("fmt", BLANK_FORMATS)
@ROUNDTRIP
@given(model=table_models(blanks="any"))
def test_round_trip_with_blank_cells(fmt, model):
    report, _ = parse_rendered(model, fmt)
    assert_round_trip(model, report)
    for address in model.blanks:
        assert report.cell(address).kind == "blank", address


def glued_violations(model: TableModel, report: Report) -> tuple[list[str], int]:
    """Cells that differ from the model without their row being reported unreadable."""
    unreadable_rows = {p.cell for p in report.problems if p.code == "PRS-003" and p.cell}
    bad, skipped = [], 0
    for address, want in model.cells():
        table, row, _ = address.split("/")
        cell = report.cell(address)
        if cell is not None and cell.kind == "unreadable":
            reported = f"{table}/{row}" in unreadable_rows or (
                table == "appeals" and any(c.startswith("appeals/") for c in unreadable_rows)
            )
            if reported:
                skipped += 1
                continue
            bad.append(f"{address}: unreadable without a PRS-003 for its row")
        elif cell is None:
            bad.append(f"{address}: missing (model {want!r})")
        elif cell.kind != "number" or not _same_number(cell.value, want):
            bad.append(f"{address}: model {want!r}, parsed {cell.kind} {cell.value!r} (raw {cell.raw!r}) — a silently wrong value")
    return bad, skipped


@GLUED
@given(model=table_models(negative=True))
def test_glued_cells_are_right_or_reported(model):
    report, _ = parse_rendered(model, "glued")
    assert_identity(model, report)
    bad, skipped = glued_violations(model, report)
    assert bad == []
    event(f"cells left unreadable: {'none' if not skipped else 'some'}")
    assert [p.code for p in report.problems if p.code != "PRS-003"] == []


# ---------------------------------------------------------------------------------------------
# Known parser gaps: exact inputs, expected behaviour.  Each is also a realistic input.

_BODY_AFTER_TWO = (
    "三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n四、政府信息公开行政复议、行政诉讼情况\n"
    "本年度未发生政府信息公开行政复议、行政诉讼案件。\n五、存在的主要问题及改进情况\n政策解读形式较为单一。\n"
    "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
)
_HEAD = "青禾市交通运输局2022年政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻《条例》，全年主动公开政府信息312条。\n二、主动公开政府信息情况\n"


def _md(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、"):
            line = "## " + line
        elif line.endswith("年度报告"):
            line = "# " + line
        out.append(line)
    return "\n\n".join(out)


def _cells(report: Report, *addresses: str):
    out = []
    for a in addresses:
        c = report.cell(a)
        out.append(None if c is None else (c.kind, c.value))
    return out


@pytest.mark.parametrize("fmt", ["markdown", "tsv", "html"])
def test_gap_all_blank_row(fmt):
    rows = [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "", "", ""],
        ["行政规范性文件", "3", "0", "12"],
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "", "", ""],
    ]
    if fmt == "markdown":
        table = "\n".join("| " + " | ".join(r) + " |" + ("\n|---|---|---|---|" if i == 0 else "") for i, r in enumerate(rows))
        text = _md(_HEAD) + "\n" + table + "\n\n" + _md(_BODY_AFTER_TWO)
    elif fmt == "tsv":
        text = _HEAD + "\n".join("\t".join(r) for r in rows) + "\n" + _BODY_AFTER_TWO
    else:
        body = "".join("<tr>" + "".join(f"<td>{c or '&nbsp;'}</td>" for c in r) + "</tr>\n" for r in rows)
        paras = "".join(f"<p>{ln}</p>\n" for ln in _HEAD.strip().split("\n"))
        after = "".join(f"<p>{ln}</p>\n" for ln in _BODY_AFTER_TWO.strip().split("\n"))
        text = f"<html><body>\n{paras}<table>\n{body}</table>\n{after}</body></html>\n"
    report = parse_text(text, f"gap.{fmt}")
    assert _cells(report, "disclosure/regulations/issued", "disclosure/regulations/in_force", "disclosure/licensing/decisions") == [
        ("blank", None)
    ] * 3


def test_gap_tsv_trailing_blanks():
    text = (
        _HEAD
        + "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t991\t\t\n行政规范性文件\t12\t3\t\n"
        + _BODY_AFTER_TWO
    )
    report = parse_text(text, "gap.tsv")
    assert _cells(report, "disclosure/regulations/issued", "disclosure/regulations/repealed", "disclosure/regulations/in_force") == [
        ("number", 991), ("blank", None), ("blank", None)
    ]
    assert _cells(report, "disclosure/normative_documents/issued", "disclosure/normative_documents/in_force") == [
        ("number", 12), ("blank", None)
    ]


def test_gap_pipe_blank_cell():
    text = (
        "青禾市交通运输局2022年政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻《条例》。\n二、主动公开政府信息情况\n"
        "第二十条第（一）项 |\n" + "|" * 20 + "\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n" + "|" * 17 + "\n"
        "规章 |\n5 |\n |\n12 |\n" + "|" * 17 + "\n行政规范性文件 |\n3 |\n0 |\n40 |\n" + "|" * 17 + "\n"
        "三、收到和处理政府信息公开申请情况 |\n" + "|" * 20 + "\n本年度未收到申请。\n"
        "四、政府信息公开行政复议、行政诉讼情况 |\n" + "|" * 20 + "\n无。\n"
        "五、存在的主要问题及改进情况\n政策解读形式较为单一。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    )
    report = parse_text(text, "gap.txt")
    assert _cells(report, "disclosure/regulations/issued", "disclosure/regulations/repealed", "disclosure/regulations/in_force") == [
        ("number", 5), ("blank", None), ("number", 12)
    ]
    assert report.problems == ()


def test_gap_spreadsheet_tsv():
    model = _fixed_model("2021")
    report, _ = parse_rendered(model, "tsv_spreadsheet")
    assert_round_trip(model, report)


def test_gap_glued_negative_change():
    text = (
        "云溪区民政局2019年政府信息公开工作年度报告\n"
        "本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。 一、总体情况 2019年，本局认真贯彻新修订的《条例》，"
        "扎实推进政府信息公开工作，取得了较好成效。 二、主动公开政府信息情况第二十条第（五）项 信息内容 上一年项目数量 本年增/减 "
        "处理决定数量 行政许可64-3780其他对外管理服务事项12-25 三、收到和处理政府信息公开申请情况 本年度未收到申请。 "
        "四、政府信息公开行政复议、行政诉讼情况 本年度无行政复议、行政诉讼。 五、存在的主要问题及改进情况 政策解读形式较为单一，"
        "下一步将丰富解读形式，提高解读质量。 六、其他需要报告的事项 本年度未收取信息处理费。\n"
    )
    report = parse_text(text, "gap.txt")
    unreadable = {p.cell for p in report.problems if p.code == "PRS-003"}
    for row, want in (("licensing", [64, -378, 0]), ("other_services", [12, -2, 5])):
        got = [report.cell(f"disclosure/{row}/{c}") for c in ("previous_items", "change", "decisions")]
        if f"disclosure/{row}" in unreadable:
            assert all(c.kind == "unreadable" for c in got)
        else:
            assert [c.value for c in got] == want


def test_gap_glued_short_section_six():
    text = (
        "云溪区民政局2021年政府信息公开工作年度报告\n"
        "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。 一、总体情况 2021年，本局认真贯彻《条例》，"
        "扎实推进政府信息公开工作，取得了较好成效。 二、主动公开政府信息情况第二十条第（五）项 信息内容 本年处理决定数量 行政许可312 "
        "三、收到和处理政府信息公开申请情况 本年度未收到申请。 四、政府信息公开行政复议、行政诉讼情况 本年度无行政复议、行政诉讼。 "
        "五、存在的主要问题及改进情况 政策解读形式较为单一，下一步将丰富解读形式，提高解读质量。 "
        "六、其他需要报告的事项 2021年，本局未收取信息处理费。 （一）人大代表建议和政协提案办理结果公开情况。"
        "全年共办理人大代表建议3件，办理结果均已公开。\n"
    )
    report = parse_text(text, "gap.txt")
    assert [s.canonical for s in report.sections] == SECTIONS


def _fixed_model(template: str) -> TableModel:
    from support.model import build_model, leaf_ids

    z = (0,) * 6
    leaves = {r: z for r in leaf_ids(template)}
    leaves["granted"] = (12, 2, 0, 0, 1, 0)
    leaves["unable.not_held"] = (4, 0, 0, 1, 0, 0)
    disclosure = {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 3},
        "normative_documents": {"issued": 5, "repealed": 1, "in_force": 40},
        "licensing": {"decisions": 210},
        "penalty": {"decisions": 17},
        "coercion": {"decisions": 2},
        "fees": {"amount": Decimal("12.5")},
    }
    appeals = {"review": (1, 0, 0, 1), "litigation_direct": (0, 1, 0, 0), "litigation_after_review": (0, 0, 0, 0)}
    return build_model(template, 2022, "青禾市交通运输局", disclosure, leaves, (1, 0, 0, 0, 0, 0), (2, 0, 0, 0, 0, 0), appeals)
