"""SARIF 2.1.0: schema validity, UTF-16 columns, rule catalogue, levels, fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from attrs import evolve

import render_samples as samples
from compliance.baseline import FINGERPRINT_KEY
from compliance.findings import Finding, Location, ReportResult, RunResult, Severity
from compliance.render import render
from compliance.render.sarif import artifact_uri, load_sources, utf16_column
from compliance.text import Span

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(run, **kw):
    return json.loads(render(run, "sarif", **kw))


@pytest.mark.parametrize("which", ["sample", "sample-no-sources", "hostile", "empty", "notes-only"])
def test_valid_against_official_schema(which, validator, run, sources, catalog, hostile):
    if which == "sample":
        log = sarif(run, rules_catalog=catalog, sources=sources)
    elif which == "sample-no-sources":
        log = sarif(run, sources={})
    elif which == "hostile":
        log = sarif(hostile, sources={})
    elif which == "empty":
        log = sarif(RunResult(reports=()), sources={})
    else:
        log = sarif(RunResult(reports=(), notes=hostile.notes), sources={})
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_utf16_column_conversion():
    line = "一、本年新收𠮷政府信息 | 12 |"
    assert utf16_column(line, 1) == 1
    assert utf16_column(line, 7) == 7  # 𠮷 is code point 7: nothing astral before it
    assert utf16_column(line, 8) == 9  # after 𠮷: one extra UTF-16 unit
    assert utf16_column(line, len(line) + 1) == len(line.encode("utf-16-le")) // 2 + 1
    assert utf16_column("", 5) == 5
    assert utf16_column(None, 3) == 3


def test_regions_in_utf16_with_sources(run, sources):
    log = sarif(run, sources=sources)
    r = log["runs"][0]
    assert r["columnKind"] == "utf16CodeUnits"
    ar03 = next(x for x in r["results"] if x["ruleId"] == "AR03")
    region = ar03["locations"][0]["physicalLocation"]["region"]
    finding = next(f for f in run.reports[0].findings if f.rule == "AR03")
    assert region["startColumn"] == finding.location.span.column + 1  # one astral char before
    assert region["endColumn"] == finding.location.span.end_column + 1
    line = samples.NEW_RECEIVED_LINE
    # the region's UTF-16 slice is the cell's text
    units = line.encode("utf-16-le")
    cell = units[(region["startColumn"] - 1) * 2 : (region["endColumn"] - 1) * 2].decode("utf-16-le")
    assert cell == "16"


def test_falls_back_to_code_points_without_sources(run):
    log = sarif(run, sources={})
    r = log["runs"][0]
    assert r["columnKind"] == "unicodeCodePoints"
    ar03 = next(x for x in r["results"] if x["ruleId"] == "AR03")
    finding = next(f for f in run.reports[0].findings if f.rule == "AR03")
    assert ar03["locations"][0]["physicalLocation"]["region"]["startColumn"] == finding.location.span.column


def test_load_sources_reads_existing_files(tmp_path, run):
    p = tmp_path / "a.txt"
    p.write_text(samples.source_text_2021(), encoding="gb18030")
    rr = evolve(run.reports[0], path=str(p))
    got = load_sources(RunResult(reports=(rr, run.reports[1])))
    assert got == {str(p): samples.source_text_2021()}
    # render() reads them itself when sources is None
    log = json.loads(render(RunResult(reports=(rr,)), "sarif"))
    assert log["runs"][0]["columnKind"] == "utf16CodeUnits"


def test_rules_catalogue_levels_and_locations(run, catalog, sources):
    r = sarif(run, rules_catalog=catalog, sources=sources)["runs"][0]
    rules = r["tool"]["driver"]["rules"]
    ids = [x["id"] for x in rules]
    assert ids == sorted(ids)
    result_rules = {x["ruleId"] for x in r["results"]}
    assert result_rules <= set(ids) and "ZZ99" in ids  # catalogue entry without results kept
    for res in r["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    ar01 = rules[ids.index("AR01")]
    assert ar01["shortDescription"]["text"].startswith("表三")
    assert "国办公开办函〔2021〕30号" in ar01["help"]["text"]
    assert ar01["defaultConfiguration"]["level"] == "error"
    levels = {x["ruleId"]: x["level"] for x in r["results"]}
    assert levels["AR01"] == "error" and levels["AR03"] == "warning" and levels["CEL02"] == "note"
    res = next(x for x in r["results"] if x["ruleId"] == "AR01")
    loc = res["locations"][0]
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "applications/total/total"
    uri = loc["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == artifact_uri("reports/某某市自然资源局2021年报.txt") and not uri.startswith("/")
    assert r["artifacts"][loc["physicalLocation"]["artifactLocation"]["index"]]["location"]["uri"] == uri
    fee = next(x for x in r["results"] if x["ruleId"] == "FEE01")
    assert fee["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "sections/六"


def test_artifact_uri():
    assert artifact_uri("reports/a b.txt") == "reports/a%20b.txt"
    assert artifact_uri("./x/年报.txt") == "x/%E5%B9%B4%E6%8A%A5.txt"
    assert artifact_uri("/abs/a.txt") == "file:///abs/a.txt"
    assert artifact_uri("C:\\r\\a.txt") == "file:///C:/r/a.txt"


def test_fingerprints_stable_across_path_and_lines(run, sources):
    def fps(run):
        return [
            (x["ruleId"], x["partialFingerprints"][FINGERPRINT_KEY])
            for x in sarif(run, sources={})["runs"][0]["results"]
        ]

    rr = run.reports[0]
    moved = evolve(
        rr,
        path="elsewhere/republished.html",
        findings=tuple(
            evolve(f, location=evolve(f.location, span=Span(f.location.span.line + 7, 1, f.location.span.line + 7, 2)))
            if f.location.cell or f.location.section
            else f
            for f in rr.findings
        ),
    )
    a = dict(fps(RunResult(reports=(rr,))))
    b = dict(fps(RunResult(reports=(moved,))))
    assert a == b
    assert len(set(a.values())) == len(a)  # distinct findings, distinct fingerprints
    other_year = evolve(rr, year=2020)
    assert set(dict(fps(RunResult(reports=(other_year,)))).values()).isdisjoint(a.values())


def test_suppressed_results_and_notes(hostile):
    r = sarif(hostile, sources={})["runs"][0]
    sup = [x for x in r["results"] if "suppressions" in x]
    assert len(sup) == 1 and sup[0]["suppressions"][0]["justification"] == samples.HOSTILE
    notes = r["invocations"][0]["toolConfigurationNotifications"]
    assert notes[0]["descriptor"]["id"] == "BSL-001" and notes[0]["level"] == "note"


def test_finding_without_span():
    rr = ReportResult("a.txt", None, "unknown", None, None, (Finding("PRS01", "x", Severity.ERROR, "m", Location()),))
    res = sarif(RunResult(reports=(rr,)), sources={})["runs"][0]["results"][0]
    assert "region" not in res["locations"][0]["physicalLocation"]


def test_catalogue_codes_are_described_and_every_index_resolves(validator):
    from compliance.codes import RULE_CRASHED, STALE_WAIVER, UNREADABLE_ROW

    findings = (
        UNREADABLE_ROW.finding("粘连", span=Span(3, 1, 3, 5), row="applications/carried_out"),
        RULE_CRASHED.finding("出错", span=Span(1, 1, 1, 2), evidence={"rule": "T3-001"}),
        Finding("AR01", "application-balance-mismatch", Severity.ERROR, "m", Location(Span(2, 1, 2, 2))),
    )
    rr = ReportResult("a.txt", "cn-national-2021", "2021", 2021, "某局", findings)
    note = STALE_WAIVER.finding("失效")
    log = sarif(RunResult(reports=(rr,), notes=(note,)), rules_catalog=samples.RULES_CATALOG, sources={})
    assert not list(validator.iter_errors(log))
    driver = log["runs"][0]["tool"]["driver"]
    rules = driver["rules"]
    for res in log["runs"][0]["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    by_id = {r["id"]: r for r in rules}
    assert {"PRS-003", "ENG-002", "AR01", "ZZ99"} <= set(by_id)
    assert by_id["PRS-003"]["name"] == "unreadable-row"
    assert by_id["PRS-003"]["shortDescription"]["text"] == UNREADABLE_ROW.summary
    assert by_id["PRS-003"]["fullDescription"]["text"] == UNREADABLE_ROW.rationale
    assert by_id["ENG-002"]["defaultConfiguration"]["level"] == "error"
    (n,) = log["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert driver["notifications"][n["descriptor"]["index"]]["id"] == n["descriptor"]["id"] == "BSL-001"
    assert driver["notifications"][0]["shortDescription"]["text"] == STALE_WAIVER.summary
