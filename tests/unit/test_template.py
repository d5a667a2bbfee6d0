"""The template object: labels, identities as data, and a template version added from data only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compliance.engine import check_report
from compliance.parse import parse_text
from compliance.ruleset import load_ruleset
from compliance.template import TemplateError, current, default_path, label, load_template, use

ROOT = Path(__file__).resolve().parents[2]


def test_one_name_per_cell():
    assert label("applications/denied.state_secret/total") == "表三“（三）不予公开·属于国家秘密”行“总计”列"
    assert label("applications/total/natural_person") == "表三“（七）总计”行“自然人”列"
    assert label("applications/denied.*/total") == "表三“（三）不予公开”各行“总计”列"
    assert label("applications/carried_out") == "表三“结转下年度继续办理”行"
    assert label("appeals") == "表四"
    assert label("disclosure/fees/amount", "2019") == "表二“行政事业性收费”行“采购总金额”列"
    assert label("nowhere/x/y") == "nowhere/x/y"


def test_versions_and_sections_come_from_data():
    tpl = current()
    assert tpl.version_names == ("2019", "2021", "legacy")
    assert tpl.default_version().name == "2021"
    assert [tpl.ruleset_for(t, y) for t, y in (("2019", None), ("unknown", 2020), ("unknown", 2017), ("unknown", None))] == [
        "cn-national-2019", "cn-national-2019", "cn-legacy", "cn-national-2021",
    ]
    assert tpl.table_of_section("三") == "applications"
    assert [t.layout for t in tpl.tables] == ["blocks", "grid", "groups", "legacy"]


def test_identities_drive_the_splitter():
    tpl = current()
    assert tpl.table("applications").sum_group() == 7
    assert tpl.table("appeals").sum_group() == 5
    assert tpl.table("disclosure").sum_group() is None
    checks = tpl.table("applications").column_checks("2021")
    column = {"new_received": 5, "carried_in": 1, "total": 4, "carried_out": 2, "granted": 4}
    # the outcome identity sums denied.* …: none of those rows printed, so it is undecided
    assert [c(column) for c in checks] == [True, None]
    column.update({"partially_granted": 0, "denied.state_secret": 0, "unable.not_held": 0, "not_processed.duplicate": 0, "other.other": 0})
    assert [c(column) for c in checks] == [True, True]
    column["carried_out"] = 1
    assert [c(column) for c in checks] == [False, True]
    del column["carried_out"]  # a row the report does not print: undecided, not false
    assert [c(column) for c in checks] == [None, True]


@pytest.mark.parametrize("ruleset", ["cn-national-2019", "cn-national-2021"])
def test_table_identity_rules_state_the_templates_identities(ruleset):
    """T3-001 … T4-001 check the identities the template declares, no others."""
    rs = load_ruleset(ruleset)
    tpl = current()
    seen = set()
    for rule in rs.rules:
        if rule.kind != "table_identity":
            continue
        p = rule.compiled
        for version in rs.templates:
            declared = {(i.for_each, i.expr.node) for i in tpl.table(p.table).identities_for(version)}
            assert (p.for_each, p.identity.node) in declared, f"{rule.id} states an identity the template does not declare"
        seen.add(rule.id)
    assert seen == {"T3-001", "T3-002", "T3-003", "T4-001"} | ({"T2-003"} if ruleset.endswith("2019") else set())


# --------------------------------------------------------------------------------------------
# a made-up template version, from data only

MADE_UP = '''
[versions."2025"]
like = "2021"
title = "2025年《年度报告格式》（测试用）"
years = { min = 2025 }
fingerprint = ["依法予以公开", "申请人撤回申请"]
rename = { "applications/granted" = "依法予以公开" }
add_rows = [{ table = "applications", id = "other.withdrawn", label = "申请人撤回申请", group = "其他处理", leaf = true, after = "other.other" }]
'''


def made_up_report(withdrawn: int) -> str:
    text = (ROOT / "examples" / "2021-county-bureau.md").read_text(encoding="utf-8")
    text = text.replace("2023", "2025").replace("| （一）予以公开 |", "| （一）依法予以公开 |")
    text = text.replace("全年新收政府信息公开申请51件", "全年新收政府信息公开申请52件").replace("办结51件", "办结52件")
    text = text.replace("| 一、本年新收政府信息公开申请数量 | 42 | 7 | 0 | 0 | 2 | 0 | 51 |", "| 一、本年新收政府信息公开申请数量 | 43 | 7 | 0 | 0 | 2 | 0 | 52 |")
    text = text.replace("| 3.其他 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |", f"| 3.其他 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n| 4.申请人撤回申请 | {withdrawn} | 0 | 0 | 0 | 0 | 0 | 1 |")
    text = text.replace("| （七）总计 | 43 | 6 | 0 | 0 | 2 | 0 | 51 |", "| （七）总计 | 44 | 6 | 0 | 0 | 2 | 0 | 52 |")
    return text


@pytest.fixture()
def made_up(tmp_path):
    data = tmp_path / "templates.toml"
    data.write_text(default_path().read_text(encoding="utf-8") + MADE_UP, encoding="utf-8")
    rules = tmp_path / "cn-test-2025"
    rules.mkdir()
    (rules / "ruleset.toml").write_text(
        'id = "cn-test-2025"\ntitle = "测试用 2025 版"\nextends = "cn-national-common"\ntemplate = "2025"\nyears = { min = 2025 }\n',
        encoding="utf-8",
    )
    t3 = (ROOT / "rules" / "cn-national-2021" / "T3-002.toml").read_text(encoding="utf-8")
    (rules / "T3-002.toml").write_text(t3, encoding="utf-8")
    return load_template(str(data)), rules


def test_a_made_up_version_parses_and_checks(made_up):
    tpl, rules = made_up
    with use(tpl):
        report = parse_text(made_up_report(1), "made-up.md")
        assert report.template == "2025"
        assert report.year == 2025
        apps = report.table("applications")
        assert apps.row("granted").label == "(一)依法予以公开"
        assert [(c, cell.value) for c, cell in apps.row("other.withdrawn").cells][:1] == [("natural_person", 1)]
        assert label("applications/other.withdrawn/total") == "表三“（六）其他处理·申请人撤回申请”行“总计”列"
        result = check_report(report, load_ruleset(str(rules)))
    assert result.ruleset == "cn-test-2025"
    # consistent tables, the renamed row worded as the version prints it: no table finding
    assert [f.rule for f in result.findings if re.match(r"T\d|STR", f.rule)] == []
    # the bundled template is untouched outside the block
    assert current().version_names == ("2019", "2021", "legacy")
    assert label("applications/other.withdrawn/total") == "表三“other.withdrawn”行“总计”列"


def test_a_made_up_version_finds_a_wrong_number_in_its_extra_row(made_up):
    tpl, rules = made_up
    with use(tpl):
        report = parse_text(made_up_report(2), "made-up.md")
        result = check_report(report, load_ruleset(str(rules)))
    errors = sorted((f.rule, f.location.cell) for f in result.findings if f.severity.value == "error" and f.rule.startswith("T"))
    assert errors == [("T3-002", "applications/total/natural_person"), ("T3-003", "applications/other.withdrawn/total")]
    t3003 = next(f for f in result.findings if f.rule == "T3-003")
    assert "“（六）其他处理·申请人撤回申请”行" in t3003.message


def test_a_broken_template_file_names_the_place(tmp_path):
    bad = tmp_path / "t.toml"
    bad.write_text(default_path().read_text(encoding="utf-8").replace('expr = "total == upheld + corrected + other + pending"', 'expr = "total == upheld + nothing"'), encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        load_template(str(bad))
    assert err.value.where == "tables.appeals.identities.group_total"
    assert err.value.message == "nothing 不是本表的列"
