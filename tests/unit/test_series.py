"""Pairing a report with its previous report — by the batch, the manifest, the reports given
with ``--previous``, the history — and the notes when it cannot be paired (several
candidates, a similar but different name), through ``compliance.series.run_series``."""

from __future__ import annotations

import sys
from pathlib import Path

from compliance.agency import Aliases
from compliance.findings import ReportResult
from compliance.manifest import Entry, Manifest
from compliance.parse import parse_text
from compliance.ruleset import load_ruleset
from compliance.engine import run_rules
from compliance.series import run_series
from compliance.snapshot import Snapshot, sha256_hex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rules.cases import fixture_text  # noqa: E402
from rules.edits import apply_edits  # noqa: E402

RULES = load_ruleset("cn-national-2021")
THIS = fixture_text("2021-department.md")  # 青松县自然资源局 2021, 上年结转 natural_person 2, total 2
LAST_OK = [{"replace": "青松县自然资源局2021年", "with": "青松县自然资源局2020年"},
           {"set_cell": "applications/carried_out/natural_person", "to": "2"},
           {"set_cell": "applications/carried_out/total", "to": "2"}]
LAST_BAD = [{"replace": "青松县自然资源局2021年", "with": "青松县自然资源局2020年"}]  # carried_out 1


def result(text: str, name: str) -> ReportResult:
    rep = parse_text(text, path=name)
    findings = run_rules(rep, RULES, only=["T3-005"], include_problems=False)
    return ReportResult(name, RULES.id, rep.template, rep.year, rep.agency, findings,
                        snapshot=Snapshot.of(rep, sha256_hex(text.encode()), name))


def report(edits=(), name="this.md") -> ReportResult:
    return result(apply_edits(THIS, list(edits)), name)


def series_findings(results, **kw):
    done = run_series(results, rules=RULES, only=["T3-005"], **kw)
    return [(f.rule, f.name, dict(f.evidence).get("paired_by")) for f in done[0].findings], done


def test_paired_in_the_batch():
    got, done = series_findings([report(), report(LAST_BAD, "last.md")])
    assert got == [("T3-005", "carry-over-mismatch", "batch")]
    assert done[0].cross_ran == ("T3-005",)
    assert series_findings([report(), report(LAST_OK, "last.md")])[0] == []


def test_not_paired_without_a_previous_report():
    got, done = series_findings([report()])
    assert got == [] and done[0].cross_ran == ()


def test_paired_by_the_pool_of_previous_reports():
    pool = [report(LAST_BAD, "last.md").snapshot]
    assert series_findings([report()], pool=pool)[0] == [("T3-005", "carry-over-mismatch", "--previous")]


def test_paired_by_the_manifest_even_under_another_name():
    # the manifest names last year's file, whose agency is printed differently
    last = report(LAST_BAD + [{"replace": "青松县自然资源局2020年", "with": "青松县国土资源局2020年"}], "last.md")
    entries = [Entry(file=Path("this.md"), previous=Path("last.md")), Entry(file=Path("last.md"))]
    man = Manifest(Path("m.csv"), tuple(entries))
    got, _ = series_findings([report(), last], manifest=man, entries=entries)
    assert got == [("T3-005", "carry-over-mismatch", "manifest")]


class FakeHistory:
    def __init__(self, snaps):
        self.snaps = {(s.agency, s.year): s for s in snaps}

    def find(self, key, year):
        return self.snaps.get((key, year))


def test_paired_by_the_history():
    history = FakeHistory([report(LAST_BAD, "kept.md").snapshot])
    got, done = series_findings([report()], history=history)
    assert got == [("T3-005", "carry-over-mismatch", "history")]
    assert dict(done[0].findings[0].evidence)["previous"] == "kept.md"


def test_the_batch_wins_over_the_history():
    history = FakeHistory([report(LAST_BAD, "kept.md").snapshot])
    assert series_findings([report(), report(LAST_OK, "last.md")], history=history)[0] == []


def test_two_different_candidates_are_a_note_and_no_pairing():
    got, done = series_findings([report(), report(LAST_OK, "a.md"), report(LAST_BAD, "b.md")])
    assert got == [("SER-001", "previous-report-ambiguous", None)]
    assert done[0].findings[0].message == (
        "找到 2 份可能是本机关上一年度（2020年）的报告（a.md、b.md），内容不同，未作配对；请在批次清单的 previous 列指定其中一份")
    assert done[0].cross_ran == ()
    # the same file twice is one candidate
    same = report(LAST_BAD, "b.md")
    assert series_findings([report(), same, result(apply_edits(THIS, LAST_BAD), "copy-of-b.md")])[0] == [
        ("T3-005", "carry-over-mismatch", "batch")]


def test_a_similar_name_is_a_note_never_a_pairing():
    renamed = LAST_BAD + [{"replace": "青松县自然资源局2020年", "with": "青松县自然资源和规划局2020年"}]
    got, done = series_findings([report(), report(renamed, "last.md")])
    assert got == [("SER-002", "agency-name-unmatched", None)]
    assert done[0].findings[0].message == (
        "没有找到“青松县自然资源局”上一年度（2020年）的报告；名称相近的有：青松县自然资源和规划局。"
        "名称不同，未作配对；如为同一机关，请在别名文件（--aliases）中登记")
    # an alias pairs them
    aliases = Aliases({"青松县自然资源和规划局": "青松县自然资源局"})
    assert series_findings([report(), report(renamed, "last.md")], aliases=aliases)[0] == [
        ("T3-005", "carry-over-mismatch", "batch")]


def test_traditional_script_and_suffixes_pair():
    trad = LAST_BAD + [{"replace": "青松县自然资源局2020年", "with": "青松縣自然資源局2020年"}]
    assert series_findings([report(), report(trad, "last.md")])[0] == [("T3-005", "carry-over-mismatch", "batch")]
