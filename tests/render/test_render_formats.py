"""Golden and property tests of every output format on hand-built results."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from attrs import evolve

import render_samples as samples
from compliance.findings import RunResult
from compliance.render._common import normalised_run
from compliance.render import EXTENSIONS, FORMATS, output_path, render, write_output
from render_samples import check_golden

ANSI = re.compile(r"\x1b\[[0-9;]*m")


# ------------------------------------------------------------------------------------------
# goldens


@pytest.mark.parametrize(
    "name, fmt, kwargs",
    [
        ("sample.txt", "text", {}),
        ("sample.explain.txt", "text", {"explain": True, "with_catalog": True}),
        ("sample.color.txt", "text", {"color": True}),
        ("sample.json", "json", {}),
        ("sample.sarif", "sarif", {"with_catalog": True, "with_sources": True}),
        ("sample.html", "html", {"with_catalog": True}),
        ("sample.csv", "csv", {}),
    ],
)
def test_golden(name, fmt, kwargs, run, catalog, sources):
    kw = dict(kwargs)
    if kw.pop("with_catalog", False):
        kw["rules_catalog"] = catalog
    if kw.pop("with_sources", False):
        kw["sources"] = sources
    out = render(run, fmt, **kw)
    check_golden(name, out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic_and_order_independent(fmt, run, sources):
    """Same input → same bytes; findings given in any order render the same."""
    a = render(run, fmt, sources=sources)
    b = render(run, fmt, sources=sources)
    assert a == b
    shuffled = RunResult(
        reports=tuple(evolve(r, findings=tuple(reversed(r.findings))) for r in run.reports),
        tool_version=run.tool_version,
    )
    assert render(shuffled, fmt, sources=sources) == a


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_run(fmt):
    out = render(RunResult(reports=()), fmt, sources={})
    # every format says there was nothing, but JSON Lines: no report is no line
    assert out == "" if fmt == "jsonl" else out


def test_unknown_format(run):
    with pytest.raises(ValueError):
        render(run, "xml")


# ------------------------------------------------------------------------------------------
# json


def test_json_is_the_contract(run):
    out = render(run, "json")
    data = json.loads(out)
    run = normalised_run(run)  # findings in contract order: then JSON is exactly to_dict()
    assert data == json.loads(json.dumps(run.to_dict()))
    assert render(run, "json") == out
    assert data["schema_version"] == 1
    assert data["reports"][0]["summary"] == {"error": 2, "warning": 2, "info": 2}
    assert "某某市自然资源局" in out  # ensure_ascii=False
    assert out.endswith("}\n") and out.startswith('{\n  "schema_version": 1,')
    for report in data["reports"]:
        keys = [(f["location"]["line"] or 0, f["location"]["column"] or 0, f["rule"]) for f in report["findings"]]
        assert keys == sorted(keys)


def test_json_sorts_findings(run):
    shuffled = RunResult(reports=tuple(evolve(r, findings=tuple(reversed(r.findings))) for r in run.reports))
    data = json.loads(render(shuffled, "json"))
    rules = [f["rule"] for f in data["reports"][0]["findings"]]
    assert rules == ["TMP02", "AR03", "CEL02", "AR01", "AP01", "FEE01"]


def test_json_suppressed_and_notes(hostile):
    data = json.loads(render(hostile, "json"))
    assert data["reports"][0]["suppressed"][0]["waiver_reason"] == samples.HOSTILE
    assert data["notes"][0]["rule"] == "BSL-001"


# ------------------------------------------------------------------------------------------
# text


def test_text_plain_has_no_ansi(run):
    out = render(run, "text")
    assert "\x1b[" not in out
    assert "reports/某某市自然资源局2021年报.txt:35:34  AR01   error    表三“总计”列" in out
    assert "共检查 2 份报告：3 个错误，2 个警告，2 个提示" in out
    assert "小计：2 个错误，2 个警告，2 个提示" in out


def test_text_color_only_when_asked(run):
    out = render(run, "text", color=True)
    assert "\x1b[" in out
    assert ANSI.sub("", out) == render(run, "text")


def test_text_aligned_by_cell_width(run):
    """The message column starts at the same terminal cell on every line of a report."""
    from rich.cells import cell_len

    out = render(run, "text")
    starts = set()
    for line in out.splitlines():
        m = re.match(r"^    (reports/某某市\S+)\s+(\w+)\s+(error|warning|info)\s+", line)
        if m:
            starts.add(cell_len(line[: m.end()]))
    assert len(starts) == 1


def test_text_groups_by_section(run):
    out = render(run, "text")
    order = [out.index(t) for t in ("三、收到和处理", "四、政府信息公开行政复议", "六、其他需要报告", "全文 / 未定位到章节")]
    assert order == sorted(order)


def test_text_explain(run, catalog):
    out = render(run, "text", explain=True, rules_catalog=catalog)
    assert "证据：left = 18；right = 17" in out
    assert "left ≠ right：18 − 17 = 1" in out
    assert "依据：国办公开办函〔2021〕30号 表三 勾稽关系说明" in out
    assert "规则：AR01 application-balance-mismatch" in out
    assert "证据" not in render(run, "text")


def test_text_suppressed_and_notes(hostile):
    out = render(hostile, "text")
    assert "已豁免（基线）1 条" in out
    assert "运行提示" in out and "BSL-001" in out
    assert "已豁免 1 条" in out


# ------------------------------------------------------------------------------------------
# csv


def test_csv_bom_crlf_rfc4180(run):
    out = render(run, "csv")
    assert isinstance(out, bytes)
    assert out.startswith(b"\xef\xbb\xbf")
    text = out.decode("utf-8-sig")
    assert text.count("\r\n") == 1 + 7  # header + 7 findings
    assert "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:15] == [
        "path", "agency", "year", "template", "ruleset", "rule", "name", "severity", "line",
        "column", "section", "cell", "message", "evidence", "basis",
    ]
    ar01 = next(r for r in rows if r[5] == "AR01")
    assert ar01[0] == "reports/某某市自然资源局2021年报.txt"
    assert ar01[8:12] == ["35", "34", "三", "applications/total/total"]
    assert json.loads(ar01[13]) == {"left": 18, "right": 17, "identity": "new_received + carried_in == total + carried_out"}
    assert ar01[15] == "open"


def test_csv_lists_suppressed_and_notes_and_defuses_formulas(hostile):
    from compliance.findings import Finding, Location, Severity

    rr = hostile.reports[0]
    evil = Finding("AR09", "x", Severity.ERROR, '=HYPERLINK("http://x","点我")', Location())
    run = evolve(hostile, reports=(evolve(rr, findings=rr.findings + (evil,), agency="+SUM(A1)"),))
    rows = list(csv.reader(io.StringIO(render(run, "csv").decode("utf-8-sig"), newline="")))
    statuses = [r[15] for r in rows[1:]]
    assert sorted(statuses) == ["note", "open", "open", "suppressed"]
    assert all(not cell.startswith(("=", "+", "@")) for r in rows for cell in r)
    assert any(r[12] == "'=HYPERLINK(\"http://x\",\"点我\")" for r in rows)


# ------------------------------------------------------------------------------------------
# --output


def test_output_path(tmp_path):
    assert output_path(tmp_path, "sarif") == tmp_path / "compliance-report.sarif"
    assert output_path(str(tmp_path / "new") + "/", "html") == tmp_path / "new" / "compliance-report.html"
    assert output_path(tmp_path / "x.json", "json") == tmp_path / "x.json"
    assert set(EXTENSIONS) == set(FORMATS)


def test_write_output_file_dir_and_stdout(tmp_path, run, capsys):
    p = write_output(run, "csv", tmp_path / "sub" / "out.csv")
    assert p == tmp_path / "sub" / "out.csv" and p.read_bytes() == render(run, "csv")
    p = write_output(run, "html", tmp_path)
    assert p == tmp_path / "compliance-report.html"
    assert write_output(run, "text", None) is None
    out = capsys.readouterr().out
    assert out == render(run, "text")  # not a tty: no colour
    assert write_output(run, "text", tmp_path / "t.txt", color=True).read_text(encoding="utf-8") == render(run, "text")


def test_text_neutralises_terminal_escapes(run):
    rr = run.reports[0]
    f = evolve(rr.findings[0], message="A\x1b[2J\x1b]0;title\x07B\rC\u202eD\nE")
    out = render(evolve(run, reports=(evolve(rr, findings=(f,), agency="X\x1b[31mY"),)), "text", color=True)
    plain = ANSI.sub("", out)
    assert "\x1b" not in plain and "\x07" not in out and "\u202e" not in out and "\r" not in out
    assert "A\\x1b[2J\\x1b]0;title\\x07B\\x0dC\\u202eD\\x0aE" in plain
    assert "X\\x1b[31mY" in plain


def test_catalog_for_loads_the_sets_the_run_used(run):
    from compliance.render import catalog_for

    try:
        from compliance.ruleset import load_ruleset

        load_ruleset("cn-national-2019")
    except Exception:
        pytest.skip("no loadable rule set yet")
    rr = evolve(run.reports[0], ruleset="cn-national-2019")
    cat = catalog_for(RunResult(reports=(rr, evolve(rr, ruleset="no-such-set"))))
    ids = [c["id"] for c in cat]
    assert ids and ids == sorted(ids) and len(ids) == len(set(ids))
    assert all({"id", "name", "summary", "severity", "basis", "rationale"} <= set(c) for c in cat)
    assert catalog_for(RunResult(reports=())) == []
