"""A whole government web page (site chrome, Word-style spans, rowspan/colspan tables) through
parse and check.  The page (tests/fixtures/html/word-style-government-page.html) is invented."""

from pathlib import Path

from compliance.engine import check_report
from compliance.parse import parse_path

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "html" / "word-style-government-page.html"


def test_identity_and_sections():
    r = parse_path(PAGE)
    assert (r.format, r.template, r.year, r.agency, r.published_on) == (
        "html", "2021", 2023, "青禾市住房和城乡建设局", "2024-01-26",
    )
    assert [(s.canonical, s.span.line) for s in r.sections] == [
        ("一", 9), ("二", 11), ("三", 13), ("四", 42), ("五", 47), ("六", 49),
    ]
    assert r.problems == ()


def test_rowspan_labels_and_colspan_values():
    r = parse_path(PAGE)
    apps = r.table("applications")
    assert len(apps.rows) == 25  # 2 + 21 leaves + 总计 + 结转下年度
    assert [c.value for _, c in apps.row("unable.not_held").cells] == [3, 0, 0, 0, 1, 0, 4]
    assert [c.value for _, c in apps.row("other.other").cells] == [1, 0, 0, 0, 0, 0, 1]
    assert r.cell("disclosure/licensing/decisions").value == 1023  # "1,023" spanning three columns
    blank = r.cell("disclosure/coercion/decisions")
    assert (blank.kind, blank.value) == ("blank", None)  # &nbsp; is not a 0
    assert [c.value for _, c in r.table("appeals").row("litigation_after_review").cells] == [0, 0, 0, 0, 0]
    assert [c.value for _, c in r.table("appeals").row("litigation_direct").cells] == [0, 0, 0, 1, 1]


def test_the_blank_cell_is_the_only_table_finding():
    result = check_report(parse_path(PAGE))
    assert [(f.rule, f.severity.value, f.location.cell) for f in result.findings if f.severity.value != "info"] == [
        ("STR-007", "warning", "disclosure/coercion/decisions"),
    ]
