"""The cross-report rules on generated data (tests/support/batches.py): a series of 3 years × 2
agencies over both templates (2019 format in 2020, the 2021 format after), and a county with 3
departments and 2 townships.  Consistent data is silent; each planted fault is found exactly,
at its cell; a missing lower body is said; the template change is said, not checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.engine import check_paths
from compliance.manifest import Manifest
from compliance.series import run_series
from support.batches import agency_series, make_region, plant_carry_over, plant_child, plant_stock, write

RULES = ["T3-005", "T2-002", "HIER-001"]
AGENCIES = ("青松县教育局", "青松县财政局")


def run(folder: Path, reports, manifest=None):
    paths = write(folder, reports, manifest)
    batch = check_paths(paths, snapshots=True)
    man = Manifest.load(folder / "manifest.csv") if manifest is not None else None
    entries = [man.for_file(p) for p in paths] if man is not None else None
    done = run_series(batch.reports, manifest=man, entries=entries, only=RULES)
    return {Path(r.path).name: r for r in done}


def cross(results) -> dict[str, list[tuple[str, str, str | None]]]:
    return {name: [(f.rule, f.name, f.cell) for f in r.findings if f.rule in RULES] for name, r in results.items()}


@pytest.fixture(scope="module")
def series():
    return {a: agency_series(a, (2020, 2021, 2022), seed=7) for a in AGENCIES}


def test_the_generated_reports_are_consistent_and_read_back(series, tmp_path):
    for gs in series.values():
        assert [g.template for g in gs] == ["2019", "2021", "2021"]
        for g in gs:
            assert g.model.identity_errors() == []
    results = run(tmp_path, [g for gs in series.values() for g in gs])
    for gs in series.values():
        for g in gs:
            r = results[g.file_name]
            assert (r.agency, r.year, r.template) == (g.agency, g.year, g.template)
            assert not [f for f in r.findings if f.severity.value == "error"], [f.message for f in r.findings]
            snap = r.snapshot
            for address, value in g.model.cells("applications"):
                assert snap.cell(address).number == value


def test_a_consistent_series_is_silent_and_the_template_change_is_said(series, tmp_path):
    results = run(tmp_path, [g for gs in series.values() for g in gs])
    for a in AGENCIES:
        assert cross(results)[f"{a}-2020.md"] == []
        # 2021 against 2020: the carry-over is checked across the template change, the stock is not
        assert cross(results)[f"{a}-2021.md"] == [("T2-002", "template-changed", None)]
        assert cross(results)[f"{a}-2022.md"] == []
        assert set(results[f"{a}-2022.md"].cross_ran) == {"T3-005", "T2-002"}
        assert set(results[f"{a}-2021.md"].cross_ran) == {"T3-005", "T2-002"}


def test_a_planted_carry_over_mismatch_is_found_exactly(series, tmp_path):
    a = AGENCIES[0]
    broken = plant_carry_over(series[a], 2022, "commercial", 1)
    results = run(tmp_path, broken + series[AGENCIES[1]])
    got = cross(results)
    assert got[f"{a}-2022.md"] == [("T3-005", "carry-over-mismatch", "applications/carried_in/commercial")]
    f = next(f for f in results[f"{a}-2022.md"].findings if f.rule == "T3-005")
    ev = dict(f.evidence)
    assert ev["cells"] == ["applications/carried_in/commercial", "applications/carried_in/total"]
    assert (ev["paired_by"], ev["previous"], ev["last_year"]) == ("batch", str(tmp_path / f"{a}-2021.md"), 2021)
    assert all(v == [] for k, v in got.items() if k not in (f"{a}-2022.md", f"{a}-2021.md", f"{AGENCIES[1]}-2021.md"))
    # across the template change too
    broken = plant_carry_over(series[a], 2021, "natural_person", 1)
    got = cross(run(tmp_path / "b", broken))
    assert got[f"{a}-2021.md"] == [("T2-002", "template-changed", None),
                                   ("T3-005", "carry-over-mismatch", "applications/carried_in/natural_person")]


def test_a_planted_stock_break_is_found_exactly(series, tmp_path):
    a = AGENCIES[1]
    broken = plant_stock(series[a], 2022, "normative_documents", 2)
    got = cross(run(tmp_path, broken))
    assert got[f"{a}-2022.md"] == [("T2-002", "stock-discontinuity", "disclosure/normative_documents/in_force")]
    assert got[f"{a}-2020.md"] == []


def test_an_ambiguous_agency_name_pairs_nothing(series, tmp_path):
    a = AGENCIES[0]
    gs = series[a]
    renamed = [g.__class__(a.replace("教育局", "教育体育局"), g.year, g.model.__class__(**{**g.model.__dict__, "agency": a.replace("教育局", "教育体育局")}))
               for g in gs[:2]]
    results = run(tmp_path, renamed + gs[2:])
    this = results[f"{a}-2022.md"]
    assert [(f.rule, f.name) for f in this.findings if f.rule.startswith("SER")] == [("SER-002", "agency-name-unmatched")]
    assert "T3-005" not in this.cross_ran


@pytest.fixture(scope="module")
def region():
    return make_region("青松县人民政府", departments=3, townships=2, year=2022, seed=3)


def test_a_consistent_region_is_silent(region, tmp_path):
    for g in region.reports():
        assert g.model.identity_errors() == []
    results = run(tmp_path, region.reports(), region.manifest_rows())
    assert all(v == [] for v in cross(results).values()), cross(results)
    assert "HIER-001" in results[region.parent.file_name].cross_ran


def test_a_planted_hierarchy_mismatch_is_found_exactly(region, tmp_path):
    broken = plant_child(region, 2, "applications/granted/natural_person", 1)
    got = cross(run(tmp_path, broken.reports(), broken.manifest_rows()))
    parent = got.pop(region.parent.file_name)
    # the child's 予以公开, 总计 and 本年新收 moved together: those cells of the county differ
    assert parent == [("HIER-001", "hierarchy-sum-mismatch", "applications/new_received/natural_person")]
    assert all(v == [] for v in got.values())
    f = next(f for f in run(tmp_path / "again", broken.reports(), broken.manifest_rows())[region.parent.file_name].findings
             if f.rule == "HIER-001")
    assert sorted(dict(f.evidence)["cells"]) == sorted([
        "applications/new_received/natural_person", "applications/new_received/total",
        "applications/granted/natural_person", "applications/granted/total",
        "applications/total/natural_person", "applications/total/total",
    ])
    broken = plant_child(region, 4, "appeals/review/corrected", 1)
    got = cross(run(tmp_path / "appeals", broken.reports(), broken.manifest_rows()))
    assert got[region.parent.file_name] == [("HIER-001", "hierarchy-sum-mismatch", "appeals/review/corrected")]


def test_a_missing_child_is_said_never_a_silent_pass(region, tmp_path):
    rows = region.manifest_rows()
    reports = [g for g in region.reports() if g is not region.children[1]]
    got = cross(run(tmp_path, reports, rows))
    assert got[region.parent.file_name] == [("HIER-001", "children-incomplete", None)]
