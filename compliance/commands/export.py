"""``compliance export PATH... [--format csv|jsonl|parquet] [-o FILE] [--jobs N]``: every table
cell of every report, one row each (docs/export.md).

    compliance export reports/ -o cells.csv
    compliance export reports/ --format jsonl | jq 'select(.kind == "blank")'
    compliance export reports/ --format parquet -o cells.parquet --jobs 4

Files and folders are taken as ``compliance check`` takes them (folders recursively, in name
order); rows are in input order, then in the order of the report's cells.  A file that cannot
be read gives no row and is listed on standard error with the reason.

Exit codes: 0 every file was read; 1 some file could not be read (the others are exported);
2 usage error (a path that does not exist, no report found, the output cannot be written,
Parquet without pyarrow).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from typing import IO, Any, Iterator

from ..documents import LIMIT_HELP, Limits

PROG = "compliance export"


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"并行数 {text!r} 无效，应为正整数")
    return n


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "export",
        help="导出全部表格单元格（每个单元格一行）：CSV、JSON Lines 或 Parquet",
        description="Export every table cell of every report, one row per cell (CSV for Excel/WPS, JSON Lines, Parquet); "
        "导出年度报告的全部表格单元格，供 Excel/WPS、pandas、DuckDB 分析。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（递归，按名称排序）")
    p.add_argument("--format", "-f", choices=("csv", "jsonl", "parquet"), default="csv", help="输出格式（默认 csv）")
    p.add_argument("--output", "-o", default=None, metavar="FILE", help="写入文件（默认标准输出）")
    p.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N", help="并行进程数（输出顺序不变）")
    p.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE", help=f"PDF/Word 读取上限（可重复）：{LIMIT_HELP}")
    p.set_defaults(handler=run, func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from .. import export
    from ..engine import collect

    fmt: str = args.format
    if fmt == "parquet" and not export.have_parquet():
        print(f"{PROG}: Parquet 格式需要可选依赖 pyarrow，请先安装：{export.PARQUET_HINT}", file=sys.stderr)
        return 2
    try:
        limits = Limits.parse(args.limit)
    except ValueError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    try:
        files, skipped = collect(list(args.paths))
    except FileNotFoundError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    if skipped:
        shown = "、".join(f"{p}（{why}）" for p, why in skipped[:10]) + (f" 等 {len(skipped)} 个" if len(skipped) > 10 else "")
        print(f"{PROG}: 已跳过 {len(skipped)} 个文件：{shown}", file=sys.stderr)
    if not files:
        print(f"{PROG}: 没有找到可导出的报告文件", file=sys.stderr)
        return 2
    to_stdout = args.output is None or args.output == "-"
    if to_stdout and fmt == "parquet" and sys.stdout.isatty():
        print(f"{PROG}: Parquet 是二进制格式，请用 -o FILE 写入文件", file=sys.stderr)
        return 2

    failed: list[tuple[str, str]] = []
    read = 0
    empty: list[str] = []

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal read
        for outcome in export.snapshots(files, jobs=args.jobs, limits=limits):
            if outcome.snapshot is None:
                failed.append((outcome.path, outcome.reason or "无法读取"))
                print(f"{PROG}: 无法读取 {outcome.path}：{outcome.reason or '无法读取'}", file=sys.stderr)
                continue
            read += 1
            if not outcome.snapshot.cells:
                empty.append(outcome.path)
            yield from export.cell_rows(outcome.snapshot)

    with ExitStack() as stack:
        stream: IO[bytes]
        if to_stdout:
            sys.stdout.flush()
            stream = sys.stdout.buffer
        else:
            try:
                stream = stack.enter_context(open(args.output, "wb"))
            except OSError as exc:
                print(f"{PROG}: 无法写入 {args.output}：{exc}", file=sys.stderr)
                return 2
        try:
            n = export.write(fmt, rows(), stream)
        except export.MissingDependency as exc:
            print(f"{PROG}: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            print(f"{PROG}: 无法写入 {args.output or '标准输出'}：{exc}", file=sys.stderr)
            return 2
    if empty:
        names = "、".join(empty[:10]) + (f" 等 {len(empty)} 个" if len(empty) > 10 else "")
        print(f"{PROG}: {len(empty)} 份报告未识别出表格，没有单元格：{names}", file=sys.stderr)
    where = "" if to_stdout else f"，写入 {args.output}"
    summary = f"{PROG}: 已导出 {read} 份报告的 {n} 个单元格{where}"
    if failed:
        summary += f"；{len(failed)} 个文件无法读取"
    print(summary, file=sys.stderr)
    return 1 if failed else 0
