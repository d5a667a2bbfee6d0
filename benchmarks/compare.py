"""Parse and check time of this checkout against an earlier commit, measured in the same run
(not a test).

    python benchmarks/compare.py REV [--processes 5] [--passes 7] [--corpus DIR]

REV is checked out into a temporary git worktree.  Both trees parse and then check the same
files (the corpus reports and the bundled examples present in both), each in fresh processes,
alternating old/new; per process the minimum of ``--passes`` passes, then the best process.
Prints ms/report for parse and for check (parse + rules) and the ratio new/old.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from compliance.parse import parse_bytes
from compliance.engine import check_report
files = [Path(p) for p in json.loads(sys.argv[2])]
data = [(str(p), p.read_bytes()) for p in files]
passes = int(sys.argv[3])
best_parse = best_check = float("inf")
for _ in range(passes):
    t0 = time.perf_counter()
    reports = [parse_bytes(b, path=n) for n, b in data]
    t1 = time.perf_counter()
    for r in reports:
        check_report(r)
    t2 = time.perf_counter()
    best_parse = min(best_parse, t1 - t0)
    best_check = min(best_check, t2 - t0)
print(json.dumps({"parse": best_parse / len(data) * 1000, "check": best_check / len(data) * 1000}))
"""


def files(corpus: Path) -> list[str]:
    out = []
    if corpus.is_dir():
        out += [str(p) for p in sorted(corpus.iterdir()) if p.suffix in (".txt", ".md", ".html", ".tsv") and p.name != "README.md"]
    out += [str(p) for p in sorted((ROOT / "examples").iterdir()) if p.name != "README.md"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rev")
    ap.add_argument("--processes", type=int, default=5)
    ap.add_argument("--passes", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(old), args.rev], check=True)
        try:
            names = [f for f in files(args.corpus) if not f.startswith(str(ROOT / "examples")) or (old / "examples" / Path(f).name).exists()]
            results: dict[str, list[dict]] = {"old": [], "new": []}
            for _ in range(args.processes):
                for which, tree in (("old", old), ("new", ROOT)):
                    out = subprocess.run([sys.executable, "-c", CHILD, str(tree), json.dumps(names), str(args.passes)],
                                         check=True, capture_output=True, text=True)
                    results[which].append(json.loads(out.stdout))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=True)
    print(f"{len(names)} files; best of {args.processes} processes × {args.passes} passes")
    print(f"{'':10} {'old':>8} {'new':>8} {'ratio':>6}")
    for key in ("parse", "check"):
        o = min(r[key] for r in results["old"])
        n = min(r[key] for r in results["new"])
        print(f"{key + ' ms':10} {o:8.2f} {n:8.2f} {n / o:6.2f}")


if __name__ == "__main__":
    main()
