"""Reading and fault detection per input format over generated blank-heavy reports.

    python benchmarks/formats.py [N] [FORMAT...] [-v] [--seed=S]   (N reports per format, default 200)

For each format of tests/properties/format_render.py: N generated reports (both templates,
zero cells printed blank as in tests/properties/test_formats.py; deterministic), and prints

- exact: the share of reports whose every table-三/四 cell is read as printed (blank as blank)
  and whose six sections are all found;
- clean: the share with no error finding (no false error from our reading);
- detected: of one qualifying cell per report changed by +1..+3, the share an error in its
  table names.

The reports include the known gap the property tests leave out (table 四 with every cell
blank: not read, STR-005 says the table is missing).  ``-v`` prints the first failures; ``--seed=S`` draws another deterministic sample.
"""

from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import Phase, given, seed as hyp_seed, settings, strategies as st  # noqa: E402
from properties.format_render import FORMATS, blank_heavy, path_for, render_format  # noqa: E402
from properties.strategies import reports, with_changes  # noqa: E402
from properties.test_formats import errors, misread  # noqa: E402
from support.faults import detected, qualifying_cells  # noqa: E402

from compliance.engine import check_report  # noqa: E402
from compliance.parse import parse_text  # noqa: E402


def measure(fmt: str, n: int, verbose: bool, seed: int | None = None) -> dict[str, object]:
    stats = {"reports": 0, "exact": 0, "clean": 0, "variants": 0, "detected": 0}
    notes: list[str] = []

    @settings(max_examples=n, derandomize=seed is None, database=None, deadline=None, phases=[Phase.generate])
    @given(g=reports(), data=st.data())
    def one(g, data):
        g = data.draw(blank_heavy(g, table_four_all_blank=True))
        report = parse_text(render_format(g, fmt), path=path_for(fmt))
        stats["reports"] += 1
        bad = misread(g, report)
        found = [s.canonical for s in report.sections]
        if found != list("一二三四五六"):
            bad.append(f"sections found: {''.join(found)}")
        errs = errors(report)
        stats["exact"] += not bad
        stats["clean"] += not errs
        if verbose and bad and len(notes) < 6:
            notes.append(f"misread {g.template}: {bad[:3]}")
        if verbose and errs and len(notes) < 6:
            notes.append(f"false error {g.template}: {errs[:2]}")
        cells = [a for a in qualifying_cells(report) if a not in g.blanks]
        if not cells:
            return
        address = data.draw(st.sampled_from(cells))
        delta = data.draw(st.integers(1, 3))
        table, row, col = address.split("/")
        apps, appeals = copy.deepcopy(g.applications), copy.deepcopy(g.appeals)
        (apps if table == "applications" else appeals)[row][col] += delta
        changed = parse_text(render_format(with_changes(g, applications=apps, appeals=appeals), fmt), path=path_for(fmt))
        stats["variants"] += 1
        hit = detected(check_report(changed).findings, table)
        stats["detected"] += hit
        if verbose and not hit and len(notes) < 6:
            notes.append(f"missed {g.template}: {address}+{delta}")

    (one if seed is None else hyp_seed(seed)(one))()
    stats["notes"] = notes
    return stats


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    seed = None
    for a in list(argv):
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
            argv.remove(a)
    n = int(argv[0]) if argv and argv[0].isdigit() else 200
    formats = [a for a in argv if not a.isdigit()] or list(FORMATS)
    print(f"{'format':16} {'reports':>7} {'exact':>8} {'clean':>8} {'detected':>14}  time")
    for fmt in formats:
        t0 = time.time()
        s = measure(fmt, n, verbose, seed)
        r, v = s["reports"], s["variants"]
        print(f"{fmt:16} {r:7} {100 * s['exact'] / r:7.1f}% {100 * s['clean'] / r:7.1f}% "
              f"{s['detected']:5}/{v:<4} {100 * s['detected'] / max(v, 1):5.1f}%  {time.time() - t0:.0f}s")
        for note in s["notes"]:
            print("   ", note)


if __name__ == "__main__":
    main(sys.argv[1:])
