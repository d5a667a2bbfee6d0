"""The real series of ../shared/corpus — 平潭综合实验区, 2019 and 2022–2024 — checked as one
batch: which cross-year rules ran for which year (every pair of consecutive years is
compared), what they found, and which glued 表二 rows the report's own text or last year's
stock decided, and from what (skipped when the corpus is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.engine import check_paths
from compliance.series import run_series

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SERIES = ("002.txt", "005.txt", "006.txt", "007.txt")  # 2019, 2022, 2023, 2024

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
CROSS = ("T3-005", "T2-002", "DUP-001", "DUP-002", "SER-001", "SER-002")


@pytest.fixture(scope="module")
def batch():
    run = check_paths([CORPUS / n for n in SERIES], snapshots=True)
    return {Path(r.path).name: r for r in run_series(run.reports)}


def test_every_consecutive_pair_is_compared(batch):
    ran = {name: (r.year, r.cross_ran) for name, r in batch.items()}
    assert ran == {
        # one report a year: DUP-002 (other agencies of the same year) has nothing to compare
        "002.txt": (2019, ()),  # no 2018 report in the batch: nothing cross-year ran
        "005.txt": (2022, ()),  # no 2021 report
        "006.txt": (2023, ("DUP-001", "T2-002", "T3-005")),  # against 2022
        "007.txt": (2024, ("DUP-001", "T2-002", "T3-005")),  # against 2023
    }
    for name in ("006.txt", "007.txt"):
        assert all(f.rule != "T3-005" for f in batch[name].findings), "上年结转 equals last year's 结转下年度 in every column"


def test_cross_report_findings_are_pinned(batch):
    got = {name: sorted((f.rule, f.name, f.severity.value) for f in r.findings if f.rule in CROSS) for name, r in batch.items()}
    assert got == {
        "002.txt": [],
        "005.txt": [("T2-002", "glued-row-decided", "info")],
        # 2023 and 2024: their own 行政规范性文件 rows stay glued, so the stock cannot be compared
        "006.txt": [("T2-002", "not-assessable", "info")],
        "007.txt": [("T2-002", "not-assessable", "info")],
    }


def test_the_glued_rows_decided_and_from_what(batch):
    decided = {}
    for name, r in batch.items():
        for f in r.findings:
            if f.name == "glued-row-decided":
                ev = dict(f.evidence)
                decided[name] = (ev["row"], ev["raw"], ev["decided"], ev["decided_by"])
    assert decided == {
        "005.txt": (
            "disclosure/normative_documents", "8855698",
            {"disclosure/normative_documents/issued": 88, "disclosure/normative_documents/repealed": 55,
             "disclosure/normative_documents/in_force": 698},
            ["正文“本年度制发的规范性文件88件”", "正文“现行有效行政规范性文件698件”"],
        ),
    }
    # the decision replaces the parser's unreadable-row finding for that row, and fills the snapshot
    r = batch["005.txt"]
    assert not any(f.rule in ("PRS-003", "PRS-005") and f.cell == "disclosure/normative_documents" for f in r.findings)
    assert r.snapshot.cell("disclosure/normative_documents/in_force").number == 698
    # 2023: the text states 77 issued; with last year's 698 in force no split of "77132470"
    # makes the stock continue, so the row stays unread (never guessed)
    assert batch["006.txt"].snapshot.cell("disclosure/normative_documents/in_force").kind == "unreadable"


def test_the_same_series_through_the_history(tmp_path):
    """Each year checked alone, the year before found in the history the previous runs filled;
    a glued row decided when its report was added is kept decided."""
    import subprocess
    import sys

    db = tmp_path / "history.sqlite"
    root = Path(__file__).resolve().parents[2]
    for name in SERIES[:-1]:
        done = subprocess.run([sys.executable, "-m", "compliance", "history", "add", str(CORPUS / name), "--history", str(db)],
                              capture_output=True, text=True, cwd=root, timeout=120)
        assert done.returncode == 0, done.stderr
    from compliance.history import History

    with History.open(db) as h:
        kept = h.find("平潭综合实验区", 2022)
        assert kept is not None and kept.cell("disclosure/normative_documents/in_force").number == 698
        run = check_paths([CORPUS / "007.txt"], snapshots=True)
        (r,) = run_series(run.reports, history=h)
    assert r.cross_ran == ("DUP-001", "T2-002", "T3-005")
    t2 = [f for f in r.findings if f.rule == "T2-002"]
    assert [(f.name, dict(f.evidence)["paired_by"], Path(dict(f.evidence)["previous"]).name) for f in t2] == [
        ("not-assessable", "history", "006.txt")]


def test_the_county_reprinting_its_report_is_dup_001():
    """平潭县人民政府 printed the same sections 一 and 五 in 2011, 2012 and 2013 (years and
    numbers updated): each later year is DUP-001 for both sections, the first year has nothing
    to be compared with."""
    names = ("022.txt", "020.txt", "018.txt")  # 2011, 2012, 2013
    run = check_paths([CORPUS / n for n in names], snapshots=True)
    got = {Path(r.path).name: [(f.rule, f.location.section, dict(f.evidence)["score"], dict(f.evidence)["stale_years"])
                               for f in r.findings if f.rule == "DUP-001"] for r in run_series(run.reports)}
    assert got == {
        "022.txt": [],
        "020.txt": [("DUP-001", "一", 1.0, []), ("DUP-001", "五", 1.0, [])],
        "018.txt": [("DUP-001", "一", 1.0, []), ("DUP-001", "五", 1.0, [])],
    }
