"""Fault injection on real reports (not a test): the detection rate per file and per input format.

    python benchmarks/fault_injection.py FILE...

Each qualifying table-三/四 cell is changed by +1..+3 in the raw file at its printed position,
in the report as published and in its blank-heavy variants (tests/support/faults.py); a variant
is detected when an error finding names a cell of that table.
"""

import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compliance.parse import parse_path  # noqa: E402
from tests.support.faults import run  # noqa: E402


def main(paths: list[str]) -> None:
    by_format: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    total_all = hits_all = 0
    for name in paths:
        p = Path(name)
        report = parse_path(p)
        if report.template not in ("2019", "2021"):
            print(f"{p.name:45} skipped (template {report.template})")
            continue
        t0 = time.time()
        total, hits, missed = run(p)
        total_all += total
        hits_all += hits
        by_format[report.format][0] += total
        by_format[report.format][1] += hits
        print(f"{p.name:45} {hits}/{total} {100 * hits / max(total, 1):.1f}% {time.time() - t0:.1f}s", missed[:6])
    for fmt, (total, hits) in sorted(by_format.items()):
        print(f"format {fmt:10} {hits}/{total} {100 * hits / max(total, 1):.2f}%")
    print("overall", hits_all, total_all, f"{100 * hits_all / max(total_all, 1):.2f}%")


if __name__ == "__main__":
    main(sys.argv[1:])
