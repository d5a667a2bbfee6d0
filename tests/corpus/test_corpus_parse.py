"""Exact parse results on the real reports of ../shared/corpus (skipped when it is absent).

Every expected value below was checked by hand against the file and against the template's
identities (表三: each row's 总计 = sum of the six applicant columns, 新收 + 结转 = 总计 +
结转下年度, 总计 = sum of the leaves; 表四: 维持 + 纠正 + 其他 + 尚未审结 = 总计).
``?`` marks a cell reported unreadable: glued digits of table 二, which has no identity that
could make the split unique (e.g. 005 ``行政规范性文件8855698`` = 88|55|698 or 8|855|698 …).
"""

from __future__ import annotations

import pytest

from compliance.model import Report
from compliance.parse import parse_path

from conftest import corpus_file

ZERO7 = "0 0 0 0 0 0 0"
ZERO5 = "0 0 0 0 0"


def table_values(report: Report) -> dict[str, str]:
    out = {}
    for t in report.tables:
        for r in t.rows:
            vals = []
            for _, cell in r.cells:
                if cell.kind == "number":
                    vals.append(str(cell.value))
                elif cell.kind == "unreadable":
                    vals.append("?")
                else:
                    vals.append(f"{cell.kind}:{cell.raw}")
            out[f"{t.id}/{r.id}"] = " ".join(vals)
    return out


def _apps(rows: dict[str, str], template: str) -> dict[str, str]:
    """Expand a table-三 spec (unlisted leaf rows are all zero)."""
    ids = [
        "new_received", "carried_in", "granted", "partially_granted",
        "denied.state_secret", "denied.prohibited_by_law", "denied.three_securities", "denied.third_party",
        "denied.internal_affairs", "denied.process_information", "denied.enforcement_files", "denied.inquiry_matters",
        "unable.not_held", "unable.needs_creation", "unable.still_unclear",
        "not_processed.complaints", "not_processed.duplicate", "not_processed.publications",
        "not_processed.excessive", "not_processed.confirmation",
    ]
    ids += ["other"] if template == "2019" else ["other.overdue_correction", "other.overdue_fee", "other.other"]
    ids += ["total", "carried_out"]
    return {f"applications/{i}": rows.get(i, ZERO7) for i in ids}


def _appeals(review: str, direct: str, after: str) -> dict[str, str]:
    return {
        "appeals/review": review,
        "appeals/litigation_direct": direct,
        "appeals/litigation_after_review": after,
    }


EXPECTED = {
    "000.txt": dict(
        format="pipe", template="2019", year=2019, agency="樟树市自然资源局",
        tables={
            "disclosure/regulations": "0 0 0",
            "disclosure/normative_documents": "0 0 0",
            "disclosure/licensing": "0 0 0",
            "disclosure/other_services": "0 0 0",
            "disclosure/penalty": "0 0 0",
            "disclosure/coercion": "0 0 0",
            "disclosure/fees": "3 0",
            "disclosure/procurement": "text:電腦(6臺)空調(1臺)打印機(3臺),高拍儀(2臺)辦公室(2張)椅子(7把) 47888",
            **_apps({}, "2019"),
            **_appeals(ZERO5, ZERO5, ZERO5),
        },
    ),
    "001.md": dict(
        format="markdown", template="2021", year=2025, agency="沐阳县人民政府",  # OCR misread of 沭阳 kept
        tables={
            "disclosure/regulations": "0 0 0",
            "disclosure/normative_documents": "6 1 32",
            "disclosure/licensing": "517645",
            "disclosure/penalty": "693957",
            "disclosure/coercion": "2154",
            "disclosure/fees": "4068.208",
            **_apps(
                {
                    "new_received": "705 3 0 0 5 0 713",
                    "carried_in": "36 0 0 0 0 0 36",
                    "granted": "290 1 0 0 3 0 294",
                    "partially_granted": "99 0 0 0 2 0 101",
                    "denied.three_securities": "2 0 0 0 0 0 2",
                    "denied.third_party": "2 0 0 0 0 0 2",
                    "denied.internal_affairs": "13 0 0 0 0 0 13",
                    "denied.process_information": "2 0 0 0 0 0 2",
                    "denied.enforcement_files": "4 0 0 0 0 0 4",
                    "denied.inquiry_matters": "9 0 0 0 0 0 9",
                    "unable.not_held": "111 0 0 0 0 0 111",
                    "unable.needs_creation": "2 0 0 0 0 0 2",
                    "not_processed.complaints": "12 0 0 0 0 0 12",
                    "not_processed.duplicate": "6 1 0 0 0 0 7",
                    "other.overdue_correction": "9 0 0 0 0 0 9",
                    "other.overdue_fee": "7 0 0 0 0 0 7",
                    "other.other": "142 1 0 0 0 0 143",
                    "total": "710 3 0 0 5 0 718",
                    "carried_out": "31 0 0 0 0 0 31",
                },
                "2021",
            ),
            **_appeals("27 10 9 15 61", "3 0 0 0 3", "8 0 1 1 10"),
        },
    ),
    "002.txt": dict(
        format="plain", template="2019", year=2019, agency="平潭综合实验区",
        tables={
            "disclosure/regulations": "0 0 0",
            "disclosure/normative_documents": "? ? ?",  # 898989
            "disclosure/licensing": "? ? ?",  # 3960181
            "disclosure/other_services": "? ? ?",  # 100153
            "disclosure/penalty": "? ? ?",  # 26480430
            "disclosure/coercion": "? ? ?",  # 126025
            "disclosure/fees": "? ?",  # 350
            "disclosure/procurement": "? ?",  # 13575394432.52元
            **_apps(
                {
                    "new_received": "23 0 0 0 0 0 23",  # "230 000023"
                    "granted": "7 0 0 0 0 0 7",
                    "partially_granted": "1 0 0 0 0 0 1",
                    "unable.not_held": "7 0 0 0 0 0 7",
                    "unable.still_unclear": "5 0 0 0 0 0 5",
                    "not_processed.duplicate": "3 0 0 0 0 0 3",
                    "total": "23 0 0 0 0 0 23",  # "23 0 00 0 023"
                },
                "2019",
            ),
            **_appeals(ZERO5, ZERO5, ZERO5),
        },
    ),
    "005.txt": dict(
        format="plain", template="2021", year=2022, agency="平潭综合实验区",
        tables={
            "disclosure/regulations": "0 0 0",
            "disclosure/normative_documents": "? ? ?",  # 8855698
            "disclosure/licensing": "10690",
            "disclosure/penalty": "2113",
            "disclosure/coercion": "0",
            "disclosure/fees": "9116.36",
            **_apps(
                {
                    "new_received": "71 3 0 0 0 0 74",
                    "carried_in": "1 0 0 0 0 0 1",
                    "granted": "21 0 0 0 0 0 21",
                    "partially_granted": "8 1 0 0 0 0 9",
                    "denied.internal_affairs": "1 0 0 0 0 0 1",
                    "denied.process_information": "2 0 0 0 0 0 2",
                    "denied.enforcement_files": "1 0 0 0 0 0 1",
                    "unable.not_held": "37 0 0 0 0 0 37",
                    "other.overdue_correction": "2 0 0 0 0 0 2",
                    "other.other": "0 2 0 0 0 0 2",
                    "total": "72 3 0 0 0 0 75",
                },
                "2021",
            ),
            **_appeals("0 1 1 0 2", "1 0 0 0 1", ZERO5),
        },
    ),
    "006.txt": dict(
        format="plain", template="2021", year=2023, agency="平潭综合实验区",
        tables={
            "disclosure/regulations": "0 0 0",
            "disclosure/normative_documents": "? ? ?",  # 77132470
            "disclosure/licensing": "2629",
            "disclosure/penalty": "1330",
            "disclosure/coercion": "54",
            "disclosure/fees": "5949.088667",
            **_apps(
                {
                    "new_received": "80 1 0 0 0 0 81",
                    "granted": "22 0 0 0 0 0 22",
                    "partially_granted": "19 1 0 0 0 0 20",
                    "denied.third_party": "1 0 0 0 0 0 1",
                    "denied.process_information": "1 0 0 0 0 0 1",
                    "denied.enforcement_files": "1 0 0 0 0 0 1",
                    "denied.inquiry_matters": "2 0 0 0 0 0 2",
                    "unable.not_held": "31 0 0 0 0 0 31",
                    "not_processed.duplicate": "1 0 0 0 0 0 1",
                    "other.overdue_correction": "1 0 0 0 0 0 1",
                    "other.other": "1 0 0 0 0 0 1",
                    "total": "80 1 0 0 0 0 81",
                },
                "2021",
            ),
            **_appeals("1 1 0 0 2", "4 0 0 1 5", "1 0 1 0 2"),  # "110024001510102"
        },
    ),
    "007.txt": dict(
        format="plain", template="2021", year=2024, agency="平潭综合实验区",
        tables={
            "disclosure/regulations": "0 0 0",
            "disclosure/normative_documents": "? ? ?",  # 6233440
            "disclosure/licensing": "4529",
            "disclosure/penalty": "1100",
            "disclosure/coercion": "65",
            "disclosure/fees": "18651.06",
            **_apps(
                {
                    "new_received": "217 1 0 0 0 0 218",
                    "granted": "71 0 0 0 0 0 71",
                    "partially_granted": "29 0 0 0 0 0 29",
                    "denied.state_secret": "4 0 0 0 0 0 4",
                    "denied.third_party": "3 0 0 0 0 0 3",
                    "denied.internal_affairs": "32 0 0 0 0 0 32",
                    "unable.not_held": "75 0 0 0 0 0 75",
                    "not_processed.duplicate": "1 0 0 0 0 0 1",
                    "other.overdue_correction": "1 0 0 0 0 0 1",
                    "other.other": "1 1 0 0 0 0 2",
                    "total": "217 1 0 0 0 0 218",
                },
                "2021",
            ),
            **_appeals("2 1 3 1 7", ZERO5, "13 2 4 0 19"),  # "21317000001324019"
        },
    ),
}

UNREADABLE = {
    "000.txt": [],
    "001.md": [],
    "002.txt": [
        "disclosure/normative_documents", "disclosure/licensing", "disclosure/other_services",
        "disclosure/penalty", "disclosure/coercion", "disclosure/fees", "disclosure/procurement",
    ],
    "005.txt": ["disclosure/normative_documents"],
    "006.txt": ["disclosure/normative_documents"],
    "007.txt": ["disclosure/normative_documents"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_identity(name):
    report = parse_path(corpus_file(name))
    exp = EXPECTED[name]
    assert (report.format, report.template, report.year, report.agency) == (
        exp["format"], exp["template"], exp["year"], exp["agency"],
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_cell(name):
    report = parse_path(corpus_file(name))
    assert table_values(report) == EXPECTED[name]["tables"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_six_sections_in_order(name):
    report = parse_path(corpus_file(name))
    assert [s.canonical for s in report.sections] == list("一二三四五六")


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_problems_are_exactly_the_unreadable_rows(name):
    report = parse_path(corpus_file(name))
    assert [(p.code, p.cell) for p in report.problems] == [("PRS-003", c) for c in UNREADABLE[name]]


def test_sample_sections_printed_as_cells():
    """000: headings 三 and 四 exist only as table cells; table-三 row labels are not headings."""
    report = parse_path(corpus_file("000.txt"))
    assert [(s.canonical, s.from_cell, s.span.line) for s in report.sections] == [
        ("一", False, 2), ("二", False, 7), ("三", True, 79), ("四", True, 305), ("五", False, 345), ("六", False, 350),
    ]


def test_sample_positions_point_into_the_original_file():
    path = corpus_file("000.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    report = parse_path(path)
    cell = report.cell("disclosure/fees/previous_items")
    assert (cell.span.line, cell.span.column, cell.span.end_column) == (66, 1, 2)
    assert lines[cell.span.line - 1][cell.span.column - 1: cell.span.end_column - 1] == "3"
    amount = report.cell("disclosure/procurement/amount")
    assert (amount.value, amount.unit, amount.raw) == (47888, "元", "47888元")
    row = report.table("applications").row("denied.prohibited_by_law")
    assert (row.label, row.match) == ("2.其他法律行政禁止公开", "exact")  # printed without 法规


@pytest.mark.parametrize(
    "name, address, line, text",
    [
        ("005.txt", "applications/new_received/natural_person", 10, "71"),
        ("005.txt", "applications/new_received/total", 10, "74"),
        ("007.txt", "appeals/litigation_after_review/total", 10, "19"),
        ("001.md", "applications/other.other/total", 154, "143"),
        ("002.txt", "applications/total/total", 10, "023"[1:]),
    ],
)
def test_split_cells_keep_exact_positions(name, address, line, text):
    path = corpus_file(name)
    lines = path.read_text(encoding="utf-8").split("\n")
    cell = parse_path(path).cell(address)
    assert cell.span.line == line
    assert lines[line - 1][cell.span.column - 1: cell.span.end_column - 1] == text


def test_glued_table_two_is_reported_not_guessed():
    report = parse_path(corpus_file("005.txt"))
    (problem,) = report.problems
    assert problem.code == "PRS-003"
    assert problem.message == (
        "表二“行政规范性文件”行的数字“8855698”粘连在一起，可以拆分为 3 个数值的方式有 15 种，"
        "表二没有可用于确定拆分的勾稽关系；该行各单元格按“无法读取”处理"
    )
    cell = report.cell("disclosure/normative_documents/in_force")
    assert (cell.kind, cell.value, cell.raw) == ("unreadable", None, "8855698")


LEGACY = {
    "009.txt": 2018, "010.txt": 2013, "013.txt": 2017, "014.txt": 2016, "015.txt": 2015,
    "016.txt": 2014, "018.txt": 2013, "019.txt": 2012, "020.txt": 2012, "022.txt": 2011,
}


@pytest.mark.parametrize("name", sorted(LEGACY))
def test_legacy_reports_are_detected_with_their_year(name):
    report = parse_path(corpus_file(name))
    assert (report.template, report.year) == ("legacy", LEGACY[name])
    assert [t.id for t in report.tables] in ([], ["legacy_stats"])  # never a national table
    assert {p.code for p in report.problems} <= {"PRS-003"}


def test_legacy_statistics_table():
    """018: 本年度 | 历年累计 glued (``728`` = 7 | 28); ``18535395`` has several splits with
    this year ≤ cumulative, so it is reported, not guessed."""
    report = parse_path(corpus_file("018.txt"))
    values = table_values(report)
    assert values["legacy_stats/applications"] == "7 28"
    assert [values[f"legacy_stats/{r}"] for r in ("in_person", "fax", "email", "online", "letter", "other_form")] == [
        "0 18", "0 0", "3 6", "4 4", "0 0", "0 0",
    ]
    assert values["legacy_stats/replies"] == "3 24"
    assert values["legacy_stats/proactive"] == "? ?"
    assert [(p.code, p.cell) for p in report.problems] == [
        ("PRS-003", "legacy_stats/proactive"), ("PRS-003", "legacy_stats/proactive_website"),
    ]
    spaced = table_values(parse_path(corpus_file("016.txt")))  # space-separated: no split needed
    assert spaced["legacy_stats/proactive"] == "2543 78967"


def test_pdf_fragment_yields_its_tables():
    """024: a fragment of tables 二–三 from PDF text (page marker, vertical label, wrapped label)."""
    report = parse_path(corpus_file("024.txt"))
    assert (report.template, report.year, report.agency) == ("2021", None, None)
    values = table_values(report)
    assert values["disclosure/penalty"] == "3985758"
    assert values["disclosure/fees"] == "96171.6"
    assert values["applications/new_received"] == "3001 53 0 0 61 4 3119"
    assert values["applications/partially_granted"] == "447 7 0 0 0 0 454"  # label wrapped over two lines
    assert values["applications/unable.not_held"] == "746 12 0 0 10 1 769"
    assert len([k for k in values if k.startswith("applications/")]) == 13
    assert report.table("applications").row("partially_granted").match == "fuzzy"
    # the page marker, the vertical label and the group-label pieces are no rows: no misfit
    assert report.problems == ()
