"""Check a very large archive of reports with Dask (docs/performance.md, "Beyond one machine").

    pip install compliance "dask[bag]"          # and "distributed" for a cluster
    python check_archive.py ARCHIVE_DIR OUT_DIR [--scheduler tcp://host:8786] [--partitions 256]

Each partition of file paths is checked where it runs (``compliance.engine.iter_check`` with one
process per Dask worker; the rule sets load once per worker process); each report becomes one
JSON Lines line (the ``--format jsonl`` line), and each partition one file
``OUT_DIR/part-00000.jsonl``… in the order of the sorted paths, so ``cat OUT_DIR/part-*.jsonl``
is exactly what ``compliance check ARCHIVE_DIR --format jsonl --no-history`` writes for the
per-report rules.  The rules over several reports (T3-005, DUP-001 …) need the reports together:
run them afterwards against a history (docs/history.md), or keep batches per province.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Iterable, Iterator


def check_partition(paths: Iterable[str]) -> Iterator[str]:
    """The JSON Lines of the reports of one partition, in order, without their line ends (Dask's
    ``to_textfiles`` adds them); runs on a Dask worker."""
    from compliance import engine
    from compliance.render.json import jsonl_line

    for result in engine.iter_check([(p, p) for p in paths], jobs=1):
        yield jsonl_line(result).rstrip("\n")


def report_paths(archive: str) -> list[str]:
    """Every file that ``compliance check ARCHIVE`` would check, sorted as it sorts them."""
    from compliance import engine

    files, _skipped = engine.collect([archive])
    return [str(f) for f, _shown in files]


def main(argv: list[str] | None = None) -> int:
    import dask.bag as db

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive")
    ap.add_argument("out")
    ap.add_argument("--partitions", type=int, default=64)
    ap.add_argument("--scheduler", default="processes", help="processes | threads | sync | a distributed address")
    args = ap.parse_args(argv)
    paths = report_paths(args.archive)
    bag = db.from_sequence(paths, npartitions=max(1, min(args.partitions, len(paths))))
    lines = bag.map_partitions(check_partition)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    name = lambda i: f"part-{i:05d}"  # noqa: E731 - dask wants a function of the partition number
    if "://" in args.scheduler:
        from dask.distributed import Client

        with Client(args.scheduler):
            lines.to_textfiles(str(Path(args.out) / "*.jsonl"), name_function=name, encoding="utf-8", last_endline=True)
    else:
        lines.to_textfiles(str(Path(args.out) / "*.jsonl"), name_function=name, encoding="utf-8", last_endline=True,
                           compute_kwargs={"scheduler": args.scheduler})
    print(f"{len(paths)} reports → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
