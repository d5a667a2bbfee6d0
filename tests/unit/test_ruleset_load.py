"""Loading rule sets: validation with file:line, extends/override/disable, set selection."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from compliance.model import Report
from compliance.resources import rules_dir
from compliance.ruleset import RulesetError, builtin_sets, load_ruleset, select_ruleset
from support.rules import GOOD_RULE


def make_set(tmp_path: Path, name="cn-test-2021", extends="cn-national-2021", rules=None, extra="") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    head = f'id = "{name}"\ntitle = "测试"\n' + (f'extends = "{extends}"\n' if extends else 'template = "2021"\n')
    (folder / "ruleset.toml").write_text(head + textwrap.dedent(extra), encoding="utf-8")
    for fname, text in (rules or {}).items():
        (folder / fname).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_builtin_sets_load():
    names = builtin_sets()
    assert {"cn-national-2019", "cn-national-2021", "cn-legacy", "cn-hunan-huaihua-2021"} <= set(names)
    for n in names:
        rs = load_ruleset(n)
        assert rs.rules and rs.chain[0] == n


def test_extends_chain_and_overrides():
    rs = load_ruleset("cn-hunan-huaihua-2021")
    assert rs.chain == ("cn-hunan-huaihua-2021", "cn-national-2021", "cn-national-common")
    assert rs.rule("SEC6-002") is None and rs.rule("SEC6-101") is not None
    t = rs.rule("TIME-001")
    assert t.overridden_in == ("cn-hunan-huaihua-2021",)
    assert {(d.issuer_kind, d.month, d.day) for d in t.compiled.due} == {("department", 1, 28), ("government", 2, 20), ("township", 2, 20)}
    assert load_ruleset("cn-national-2021").rule("TIME-001").compiled.due[0].day == 31


def test_local_set_outside_package(tmp_path):
    folder = make_set(tmp_path, rules={"XX-001.toml": GOOD_RULE}, extra='disable = ["SEC6-002"]\n')
    rs = load_ruleset(str(folder))
    assert rs.rule("XX-001").defined_in == "cn-test-2021"
    assert rs.rule("T3-001") is not None and rs.rule("SEC6-002") is None


def test_local_set_extends_sibling(tmp_path):
    make_set(tmp_path, name="cn-prov-2021", rules={"XX-001.toml": GOOD_RULE})
    child = make_set(tmp_path, name="cn-prov-city-2021", extends="cn-prov-2021")
    rs = load_ruleset(str(child))
    assert rs.chain == ("cn-prov-city-2021", "cn-prov-2021", "cn-national-2021", "cn-national-common")
    assert rs.rule("XX-001") is not None


def error_of(folder: Path) -> RulesetError:
    with pytest.raises(RulesetError) as ei:
        load_ruleset(str(folder))
    return ei.value


@pytest.mark.parametrize(
    "mutate,needle,line",
    [
        (lambda t: t.replace('table = "appeals"', 'table = "appeal"'), "未知的表格编号", 13),
        (lambda t: t.replace("total == upheld", "total == upheldd"), "未知的列", 15),
        (lambda t: t.replace("total == upheld", "total === upheld"), "表达式", 15),
        (lambda t: t.replace('severity = "error"', 'severity = "fatal"'), "严重程度", 5),
        (lambda t: t.replace('kind = "table_identity"', 'kind = "magic"'), "未知的规则类型", 4),
        (lambda t: t.replace('{lhs} ≠ {rhs}', '{lhs} ≠ {nope}'), "占位符", 7),
        (lambda t: t.replace('{lhs} ≠ {rhs}', '{lhs.__class__}'), "占位符", 7),
        (lambda t: t + 'colour = "red"\n', "未知参数", 16),
        (lambda t: t.replace('rationale = "示例理由"\n', ""), "缺少必填字段 rationale", None),
        (lambda t: t.replace('name = "sample-rule"', 'name = "Sample Rule"'), "规则名称", 3),
        (lambda t: t.replace("[params]", "[params\n"), "TOML 语法错误", 12),
        (lambda t: t.replace('severity = "error"', 'severity = "error"\nevidence_tag = "G"'), "[G]", 5),
    ],
)
def test_invalid_rule_file_names_file_and_line(tmp_path, mutate, needle, line):
    folder = make_set(tmp_path, rules={"XX-001.toml": mutate(GOOD_RULE)})
    err = error_of(folder)
    assert err.path.endswith("XX-001.toml")
    assert needle in err.message
    if line is not None:
        assert err.line == line, str(err)


def test_unknown_row_in_absolute_address(tmp_path):
    rule = GOOD_RULE.replace('kind = "table_identity"', 'kind = "required_statement"').split("[params]")[0]
    rule = rule.replace('message = "{table}{where}：{lhs} ≠ {rhs}"', 'message = "{section}"')
    rule += '[params]\nsections = ["六"]\nany_of = ["x"]\nwhen = "applications/overdue_fee/total > 0"\n'
    err = error_of(make_set(tmp_path, rules={"XX-001.toml": rule}))
    assert "没有行" in err.message and err.line == 15


def test_override_and_disable_unknown_rule(tmp_path):
    err = error_of(make_set(tmp_path, extra='disable = ["NOPE-001"]\n'))
    assert "NOPE-001" in err.message and err.line == 4
    err = error_of(make_set(tmp_path / "b", extra='[override.NOPE-001]\nseverity = "info"\n') if (tmp_path / "b").mkdir() is None else None)
    assert "NOPE-001" in err.message


def test_override_revalidated(tmp_path):
    err = error_of(make_set(tmp_path, extra='[override.T3-001.params]\nidentity = "new_received == nothing"\n'))
    assert err.path.endswith("ruleset.toml") and "T3-001" in err.message


def test_duplicate_rule_id_needs_override(tmp_path):
    dup = GOOD_RULE.replace('id = "XX-001"', 'id = "T3-001"').replace('name = "sample-rule"', 'name = "dup-rule"')
    err = error_of(make_set(tmp_path, rules={"T3-001.toml": dup}))
    assert "override" in err.message


def test_extends_cycle(tmp_path):
    make_set(tmp_path, name="cn-a-2021", extends="cn-b-2021")
    make_set(tmp_path, name="cn-b-2021", extends="cn-a-2021")
    err = error_of(tmp_path / "cn-a-2021")
    assert "循环" in err.message


def test_unknown_set_name():
    with pytest.raises(RulesetError) as ei:
        load_ruleset("cn-nowhere-2021")
    assert "找不到规则集" in ei.value.message


def _report(template, year):
    return Report("x", "markdown", "utf-8", template, year, None, None, (), (), ())


@pytest.mark.parametrize(
    "template,year,expected",
    [
        ("2019", 2020, "cn-national-2019"),
        ("2019", 2022, "cn-national-2019"),
        ("2021", 2022, "cn-national-2021"),
        ("legacy", 2012, "cn-legacy"),
        ("unknown", 2020, "cn-national-2019"),
        ("unknown", 2023, "cn-national-2021"),
        ("unknown", 2015, "cn-legacy"),
        ("unknown", None, "cn-national-2021"),
    ],
)
def test_select_ruleset(template, year, expected):
    assert select_ruleset(_report(template, year)) == expected


def test_no_eval_or_exec_in_rule_code():
    root = Path(__file__).resolve().parents[2] / "compliance"
    for sub in ("ruleset", "checks"):
        for py in (root / sub).glob("*.py"):
            text = py.read_text(encoding="utf-8")
            assert "eval(" not in text.replace("_eval(", "").replace(".evaluate(", "").replace("evaluate(", "")
            assert "exec(" not in text
    assert rules_dir().is_dir()
