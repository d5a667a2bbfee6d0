"""The engine on the real reports of ../shared/corpus (skipped when the corpus is absent).

- the findings of every report are pinned (rule, line, severity) in expected_findings.toml:
  a change in what the tool reports on real reports must be deliberate
  (regenerate with ``COMPLIANCE_UPDATE_PINS=1 pytest tests/corpus/test_corpus_findings.py``,
  then review the diff);
- the published inconsistencies listed in the corpus README are found;
- reports whose tables are consistent get no arithmetic error.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from compliance.engine import check_path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PINS = Path(__file__).resolve().parent / "expected_findings.toml"
REPORTS = sorted(p.name for p in CORPUS.glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md") if CORPUS.is_dir() else []
ARITHMETIC = {"T3-001", "T3-002", "T3-003", "T4-001"}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")

_cache: dict[str, object] = {}


def result(name: str):
    if name not in _cache:
        _cache[name] = check_path(CORPUS / name, display_path=name, keep_report=False)
    return _cache[name]


def triples(name: str) -> list[list]:
    return sorted([f.rule, f.location.span.line if f.location.span else 0, f.severity.value] for f in result(name).findings)


def _pins() -> dict:
    if not PINS.is_file():
        return {}
    with open(PINS, "rb") as fh:
        return tomllib.load(fh)


def test_update_pins():
    if not os.environ.get("COMPLIANCE_UPDATE_PINS"):
        pytest.skip("set COMPLIANCE_UPDATE_PINS=1 to rewrite expected_findings.toml")
    lines = ["# Pinned findings of the engine on ../shared/corpus: [rule, line, severity] per report.",
             "# Regenerate: COMPLIANCE_UPDATE_PINS=1 pytest tests/corpus/test_corpus_findings.py — then review the diff.", ""]
    for name in REPORTS:
        r = result(name)
        lines.append(f'["{name}"]')
        lines.append(f'ruleset = "{r.ruleset}"')
        lines.append("findings = [")
        for rule, line, sev in triples(name):
            lines.append(f'  ["{rule}", {line}, "{sev}"],')
        lines.append("]")
        lines.append("")
    PINS.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("name", REPORTS)
def test_pinned_findings(name):
    pins = _pins()
    assert name in pins, f"{name} has no pinned findings; regenerate {PINS.name}"
    assert result(name).ruleset == pins[name]["ruleset"]
    assert triples(name) == sorted(pins[name]["findings"])


def _find(name, rule, **evidence):
    for f in result(name).findings:
        ev = dict(f.evidence)
        if f.rule == rule and all(ev.get(k) == v for k, v in evidence.items()):
            return f
    return None


@pytest.mark.parametrize(
    "name,rule,evidence",
    [
        ("019.txt", "TXT-008", {"left": 1931, "right": 1913}),  # 1397 + 534 = 1931, stated 1913
        ("019.txt", "TXT-009", {"part": 145, "total": 1913}),  # 145 stated as 8.05 % (7.58 %)
        ("020.txt", "TXT-008", {"left": 3926, "right": 3978}),  # 2026 + 46 + 1854 ≠ 3978
        ("010.txt", "TXT-010", {"a": 117, "b": 171}),  # 受理117件，办结171件，办结率100%
        ("022.txt", "TXT-008", {"left": 421, "right": 425}),  # categories 421 vs 425
        ("002.txt", "TXT-008", {"left": 2533, "right": 2599}),  # categories 2533 vs 2599
    ],
)
def test_published_inconsistency_found(name, rule, evidence):
    assert (CORPUS / name).is_file()
    assert _find(name, rule, **evidence) is not None, [(f.rule, f.message) for f in result(name).findings]


def test_016_category_sum():
    """“主要类别有：” lists nine categories summing to 2641 under a stated total of 2543."""
    assert _find("016.txt", "TXT-008", left=2641, right=2543) is not None


def test_018_channels_vs_table():
    """The narrative's 网上3 / 信函4 contradict the statistics table's 网上4 / 信函0."""
    found = [f for f in result("018.txt").findings if f.rule == "TXT-011"]
    assert [(f.location.cell, dict(f.evidence)["left"], dict(f.evidence)["right"]) for f in found] == [
        ("legacy_stats/online/year", 3, 4),
        ("legacy_stats/letter/year", 4, 0),
    ]
