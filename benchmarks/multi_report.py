"""The rules over several reports at scale (not a test).

    python benchmarks/multi_report.py [--agencies 5000] [--jobs 2] [--keep DIR]

Generates ``2 × --agencies`` reports from the bundled example ``examples/2021-county-bureau.md``
(one agency per name, a 2022 and a 2023 report each, the same tables; sections 一 and 五 are
written anew for every report from a fixed seed, so that the reports of one year are not
near-duplicates of each other and a 2023 report does not copy its 2022 one, as real reports
mostly do not), then measures, each stage on its own:

1. ``check_paths(..., snapshots=True)`` over all files (parse + per-report rules), ``--jobs``;
2. ``History.add_many`` of every snapshot into a new SQLite history;
3. ``run_series`` over the whole batch: pairing, T3-005 / T2-002 / DUP-001 per agency, the
   DUP-002 near-duplicate search per year;
4. ``run_series`` of the 2023 reports alone, paired through the history.

Prints the time of each stage, reports per second, the findings of the cross-report rules by
rule, and the peak RSS of the process (``ru_maxrss``) after each stage.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "2021-county-bureau.md"
AGENCY = "临川县生态环境局"
WORDS = ("推进", "落实", "公开", "信息", "平台", "审查", "解读", "回应", "申请", "办理", "专栏", "栏目", "制度", "培训",
         "考核", "群众", "企业", "乡镇", "项目", "资金", "监督", "整改", "服务", "数据", "规范", "政策", "执法", "许可")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sentence(rnd: random.Random) -> str:
    return "".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 14))) + f"{rnd.randint(2, 999)}项。"


def report_text(base: str, agency: str, year: int, rnd: random.Random) -> str:
    """The example as ``agency``'s report of ``year``, its sections 一 and 五 written anew (the
    numbers and the other sections stay the example's)."""
    text = base.replace("2023", str(year)).replace("2024年1月", f"{year + 1}年1月").replace(AGENCY, agency)
    out, own = [], False
    for line in text.split("\n"):
        if line.startswith("## "):
            own = line.startswith(("## 一、", "## 五、"))
        elif own and line.strip():
            line = "".join(sentence(rnd) for _ in range(max(3, len(line) // 20)))
        out.append(line)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agencies", type=int, default=5000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", default=None, help="write the generated reports here (default: a temporary folder)")
    args = ap.parse_args()

    from compliance.engine import check_paths
    from compliance.history import History
    from compliance.series import run_series

    base = EXAMPLE.read_text(encoding="utf-8")
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="compliance-multi-"))
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(20261203)
    t0 = time.perf_counter()
    files = []
    for n in range(args.agencies):
        agency = f"临川县第{n:05d}局"
        for year in (2022, 2023):
            f = folder / f"{n:05d}-{year}.md"
            f.write_text(report_text(base, agency, year, rnd), encoding="utf-8")
            files.append(f)
    print(f"generated {len(files)} reports in {time.perf_counter() - t0:.1f} s ({folder})")

    t0 = time.perf_counter()
    run = check_paths(files, snapshots=True, jobs=args.jobs)
    t_check = time.perf_counter() - t0
    print(f"1. check (parse + per-report rules, --jobs {args.jobs}): {t_check:.1f} s, {len(files) / t_check:.0f} reports/s; peak RSS {peak_mib():.0f} MiB")

    db = folder / "history.sqlite"
    if db.exists():
        db.unlink()
    t0 = time.perf_counter()
    with History.open(db) as history:
        added = history.add_many([r.snapshot for r in run.reports if r.snapshot is not None])
    t_hist = time.perf_counter() - t0
    print(f"2. history add_many: {len(added)} reports in {t_hist:.1f} s, {len(added) / t_hist:.0f} reports/s, "
          f"{db.stat().st_size / 1024 / 1024:.0f} MiB on disk; peak RSS {peak_mib():.0f} MiB")

    t0 = time.perf_counter()
    done = run_series(run.reports)
    t_series = time.perf_counter() - t0
    counts = Counter(f.rule for r in done for f in r.findings if f.rule in ("T3-005", "T2-002", "DUP-001", "DUP-002", "SER-001", "SER-002"))
    print(f"3. run_series over the batch: {t_series:.1f} s, {len(files) / t_series:.0f} reports/s; findings {dict(sorted(counts.items()))}; peak RSS {peak_mib():.0f} MiB")

    this_year = [r for r in run.reports if r.year == 2023]
    t0 = time.perf_counter()
    with History.open(db) as history:
        paired = run_series(this_year, history=history)
    t_from = time.perf_counter() - t0
    ran = sum(1 for r in paired if "T3-005" in r.cross_ran)
    print(f"4. run_series of the {len(this_year)} reports of 2023 through the history: {t_from:.1f} s; "
          f"T3-005 ran for {ran}; peak RSS {peak_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
