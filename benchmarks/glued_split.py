"""Glued-digit splitting, old enumeration against the bounded programme (not a test).

    python benchmarks/glued_split.py [--old PATH] [--timeout SECONDS]

For each case — a table-三 row (7 cells, row total forced), the table-四 stream (15 cells in
groups of 5) and a legacy pair (this year ≤ cumulative) — prints the result and the time of
the old way (enumerate every split, filter; ``--old`` names a copy of the previous
``compliance/layout/split.py``, e.g. from ``git show bea8aa6:compliance/layout/split.py``;
without it, ``split.candidates``, the same enumeration kept as the reference) and of the new
one (``split.solve`` / ``split.le_pairs``), in the same run.  An old run past ``--timeout``
seconds is stopped and shown as ``> timeout``.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.layout import split  # noqa: E402


class _Timeout(Exception):
    pass


def _alarm(_sig, _frame):
    raise _Timeout()


def timed(fn, timeout: float):
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    t0 = time.perf_counter()
    try:
        out = fn()
    except _Timeout:
        return None, f"> {timeout:.0f} s"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return out, f"{time.perf_counter() - t0:.3f} s"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", type=Path, help="a copy of the previous split.py")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args()
    old = split
    if args.old:
        spec = importlib.util.spec_from_file_location("old_split", args.old)
        assert spec and spec.loader
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)

    def old_count(tokens, n, k):
        try:
            return len(old.candidates(tokens, n, sum_group=k))
        except old.TooMany:
            return "too many"

    def old_pair(d):
        try:
            return len([c for c in old.candidates([d], 2) if int(d[c[0][1]:c[0][2]]) <= int(d[c[1][1]:c[1][2]])])
        except ValueError as e:  # the old way converted every half to an int
            return f"crash: {str(e)[:20]}"
        return len([c for c in old.candidates([d], 2) if int(d[c[0][1]:c[0][2]]) <= int(d[c[1][1]:c[1][2]])])

    cases = [("表三 row, printed 12|3|0|0|0|0|15", ["123000015"], 7, 7)]
    cases += [(f"表三 row, {n} repeated digits", ["1" * n], 7, 7) for n in (30, 45, 60, 100, 600)]
    irregular = "".join(str((i * 7919) % 10) for i in range(600))  # fixed, not repeated
    cases += [(f"表三 row, {n} irregular digits", [irregular[:n]], 7, 7) for n in (30, 100, 600)]
    cases += [("表四 stream, 17 digits", ["21317000001324019"], 15, 5)]
    cases += [(f"表四 stream, {n} repeated digits", ["2" * n], 15, 5) for n in (60, 100, 600)]
    print(f"{'case':36} {'old: splits':>12} {'old time':>10}   {'new: count':>10} {'new time':>10}")
    for name, tokens, n, k in cases:
        got_old, t_old = timed(lambda: old_count(tokens, n, k), args.timeout)
        got_new, t_new = timed(lambda: split.solve(tokens, n, sum_group=k), 3600)
        shown = "?" if got_old is None else got_old
        new = f"{got_new.count}{' (bound)' if got_new.exhausted else ''}"
        print(f"{name:36} {shown!s:>12} {t_old:>10}   {new:>10} {t_new:>10}")
    for n in (1_000, 10_000):
        d = "1" * n
        got_old, t_old = timed(lambda: old_pair(d), args.timeout)
        got_new, t_new = timed(lambda: split.le_pairs(d), 3600)
        print(f"{'legacy pair, ' + str(n) + ' digits':36} {'?' if got_old is None else got_old!s:>12} {t_old:>10}   {len(got_new):>10} {t_new:>10}")


if __name__ == "__main__":
    main()
