"""Parse throughput benchmark (not a test).

    python benchmarks/parse_speed.py [--corpus DIR] [--repeat N]

Prints, for the sample report (corpus 000, 8 KB), every corpus report, the bundled examples
and 100× concatenations: reports/s on one core for the whole parse pipeline (decode →
normalise → adapt → Lark LALR → layout), the ratio to a bare regex scan of the same bytes in
the same run (the floor: one ``re.finditer`` over the text with the grammar's line classes),
and the time of a full check (parse + every rule of the chosen set).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.engine import check_report  # noqa: E402
from compliance.parse import parse_bytes  # noqa: E402

_SCAN = re.compile(r"(?m)^\s*\|+\s*$|^[^\n|]*\|\s*$|^[ \t]*[一二三四五六七八九十]{1,2}[、.][^\n]*$|^[^\n]+$")


def regex_scan(data: bytes) -> int:
    return sum(1 for _ in _SCAN.finditer(data.decode("utf-8", "replace")))


def timeit(fn, arg, repeat: int, number: int) -> float:
    """Median seconds per call."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn(arg)
        runs.append((time.perf_counter() - t0) / number)
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    files = sorted(p for p in corpus.glob("*") if p.suffix in (".txt", ".md", ".html", ".tsv")) if corpus.is_dir() else []
    examples = sorted((ROOT / "examples").glob("*.*"))
    files += [p for p in examples if p.suffix in (".txt", ".md", ".html", ".tsv")]
    if not files:
        print("no input files found (pass --corpus)", file=sys.stderr)
        return 2
    parse_bytes(files[0].read_bytes(), "warm-up")  # build and cache the parser once
    print(f"{'input':<44} {'KB':>7} {'parse ms':>9} {'reports/s':>10} {'regex ms':>9} {'ratio':>6} {'check ms':>9}")
    sample = None
    for p in files:
        data = p.read_bytes()
        number = max(1, int(0.05 / max(1e-4, timeit(lambda d: parse_bytes(d, p.name), data, 1, 1))))
        t = timeit(lambda d: parse_bytes(d, p.name), data, args.repeat, number)
        r = timeit(regex_scan, data, args.repeat, number * 5)
        c = timeit(lambda d: check_report(parse_bytes(d, p.name)), data, args.repeat, max(1, number // 2))
        name = p.name if p.parent == corpus else f"examples/{p.name}"
        print(f"{name:<44} {len(data) / 1024:7.1f} {t * 1000:9.3f} {1 / t:10.0f} {r * 1000:9.3f} {t / r:6.1f} {c * 1000:9.3f}")
        if p.name == "000.txt":
            sample = data
    for label, data in (("sample 000 ×100", sample), ("all corpus ×100", b"\n".join(f.read_bytes() for f in files[:3]))):
        if data is None:
            continue
        big = b"\n".join([data] * 100)
        t = timeit(lambda d: parse_bytes(d, "big"), big, 3, 1)
        r = timeit(regex_scan, big, 3, 1)
        print(f"{label:<44} {len(big) / 1024:7.1f} {t * 1000:9.1f} {100 / t:10.0f} {r * 1000:9.1f} {t / r:6.1f}  (reports/s = copies/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
