"""Loading and running the per-rule cases in tests/rules/<set>/<ID>.toml.

A case file names one rule and a base report (under tests/rules/fixtures/), then lists cases:

    rule = "T3-001"
    base = "2021-department.md"

    [[case]]
    name = "pass_base"
    doc = "good"            # shown as the good example on the rule's docs page
    expect = []

    [[case]]
    name = "fail_new_received_bumped"
    doc = "bad"
    edits = [ { set_cell = "applications/new_received/natural_person", to = "10" } ]
    expect = [ { rule = "T3-001", line = 79, message = "……" } ]

Optional per case: ``text`` (the whole report inline instead of base + edits), ``base``,
``facts = { published_on = "2022-01-20", issuer_kind = "department" }``, ``rules`` (the rules
to run; default: the file's rule), ``ruleset`` (default: the folder's name).  Only the named
rules run (parse problems are left out unless a PRS code is expected).  The comparison is
exact: the multiset of (rule, line) must equal the expectation; ``message``, ``severity`` and
``name`` are compared when given.

The rules over several reports take the other reports from the case (each ``{ base, edits }``
like the case's own report, the same agency unless edits change it):

    previous = { edits = [ { replace = "2021年", with = "2020年", count = 4 } ] }   # the year before
    children = [ { edits = [...], agency = "…" }, … ]   # the lower bodies (a manifest's parent)
    missing_children = ["…"]                          # listed in the manifest, without a report
    others = [ { edits = [...] }, … ]                  # more reports of the batch

and run through ``compliance.series.run_series`` as a batch of those reports.
"""

from __future__ import annotations

import datetime
import tomllib
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from compliance.engine import run_rules
from compliance.parse import parse_text
from compliance.ruleset import Facts, load_ruleset

from .edits import apply_edits

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
CASE_KEYS = {"name", "doc", "edits", "expect", "text", "base", "facts", "rules", "ruleset", "note",
             "previous", "children", "missing_children", "others"}
SERIES_KEYS = ("previous", "children", "missing_children", "others")
EXPECT_KEYS = {"rule", "line", "message", "severity", "name"}


def case_files() -> list[Path]:
    return sorted(p for p in HERE.glob("*/*.toml") if p.parent.name != "fixtures")


@lru_cache(maxsize=None)
def load_case_file(path: Path) -> dict:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    unknown = set(data) - {"rule", "base", "case", "ruleset"}
    assert not unknown, f"{path}: unknown keys {sorted(unknown)}"
    assert data.get("rule") == path.stem, f"{path}: rule = {data.get('rule')!r} must match the file name"
    for c in data.get("case", []):
        bad = set(c) - CASE_KEYS
        assert not bad, f"{path}: case {c.get('name')}: unknown keys {sorted(bad)}"
        for e in c.get("expect", []):
            assert set(e) <= EXPECT_KEYS and {"rule", "line"} <= set(e), f"{path}: case {c.get('name')}: bad expectation {e}"
    return data


def all_cases() -> list[tuple[str, Path, dict]]:
    out = []
    for path in case_files():
        data = load_case_file(path)
        for c in data.get("case", []):
            out.append((f"{path.parent.name}/{path.stem}/{c['name']}", path, c))
    return out


@lru_cache(maxsize=None)
def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def case_text(path: Path, case: dict) -> str:
    data = load_case_file(path)
    if "text" in case:
        text = case["text"]
    else:
        text = fixture_text(case.get("base", data.get("base")))
    return apply_edits(text, case.get("edits", []))


def case_facts(case: dict) -> Facts:
    f = case.get("facts", {})
    published = f.get("published_on")
    if isinstance(published, str):
        published = datetime.date.fromisoformat(published)
    return Facts(published_on=published, issuer_kind=f.get("issuer_kind"))


def run_case(path: Path, case: dict):
    data = load_case_file(path)
    ruleset = load_ruleset(case.get("ruleset", data.get("ruleset", path.parent.name)))
    text = case_text(path, case)
    report = parse_text(text, path=f"{path.stem}-{case['name']}.md")
    rules = case.get("rules", [data["rule"]])
    wants_problems = any(e["rule"].startswith("PRS") for e in case.get("expect", []))
    from compliance.checks import KINDS

    if any(KINDS[r.kind].scope != "report" for r in ruleset.rules if r.id in rules):
        return _run_series_case(path, case, data, ruleset, report, text, rules, wants_problems)
    return run_rules(report, ruleset, case_facts(case), only=rules, include_problems=wants_problems, strict=True)


def _run_series_case(path, case, data, ruleset, report, text, rules, wants_problems):
    """The case's report in a batch with its previous report, lower bodies and other reports."""
    from compliance.findings import ReportResult
    from compliance.manifest import Entry, Manifest
    from compliance.series import run_series
    from compliance.snapshot import Snapshot, sha256_hex

    def result(rep, txt, name):
        snap = Snapshot.of(rep, sha256_hex(txt.encode("utf-8")), name)
        findings = run_rules(rep, ruleset, case_facts(case), only=rules, include_problems=wants_problems, strict=True)
        return ReportResult(name, ruleset.id, rep.template, rep.year, rep.agency, findings, snapshot=snap)

    def other(spec, name):
        base = fixture_text(spec.get("base", case.get("base", data.get("base"))))
        txt = apply_edits(base, spec.get("edits", []))
        return result(parse_text(txt, path=name), txt, name)

    me = f"{path.stem}-{case['name']}.md"
    results = [result(report, text, me)]
    entries = [Entry(file=Path(me), agency=report.agency)]
    if "previous" in case:
        results.append(other(case["previous"], "previous.md"))
        entries.append(Entry(file=Path("previous.md")))
    for i, spec in enumerate(case.get("children", []), 1):
        name = f"child-{i}.md"
        results.append(other(spec, name))
        entries.append(Entry(file=Path(name), agency=spec.get("agency"), parent=report.agency))
    for i, spec in enumerate(case.get("others", []), 1):
        results.append(other(spec, f"other-{i}.md"))
        entries.append(Entry(file=Path(f"other-{i}.md")))
    missing = [Entry(file=Path(f"missing-{i}.md"), agency=agency, parent=report.agency)
               for i, agency in enumerate(case.get("missing_children", []), 1)]
    manifest = Manifest(Path("manifest.csv"), tuple(entries + missing))
    done = run_series(results, rules=ruleset, manifest=manifest, entries=entries, only=rules, strict=True)
    return tuple(f for f in done[0].findings if f.rule in rules or (wants_problems and f.rule.startswith("PRS")))


def compare(findings, expect: list[dict]) -> list[str]:
    """Differences between actual findings and the expectation (empty: they agree)."""
    errors = []
    actual = Counter((f.rule, f.location.span.line if f.location.span else None) for f in findings)
    wanted = Counter((e["rule"], e["line"]) for e in expect)
    if actual != wanted:
        errors.append(f"(rule, line) differ: expected {sorted(wanted.elements())}, got {sorted(actual.elements())}")
    for e in expect:
        cands = [f for f in findings if f.rule == e["rule"] and f.location.span and f.location.span.line == e["line"]]
        for key, get in (("message", lambda f: f.message), ("severity", lambda f: f.severity.value), ("name", lambda f: f.name)):
            if key in e and not any(get(f) == e[key] for f in cands):
                errors.append(f"{e['rule']} line {e['line']}: no finding with {key} {e[key]!r}; got {[get(f) for f in cands]}")
    return errors


def describe(findings) -> str:
    return "\n".join(
        f"  {{ rule = \"{f.rule}\", line = {f.location.span.line if f.location.span else 'None'}, message = \"{f.message}\" }},  # {f.severity.value} {f.name}"
        for f in findings
    )
