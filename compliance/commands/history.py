"""``compliance history add|list|forget``: the report history (docs/history.md).

    compliance history add reports/ --history history.sqlite
    compliance history list --format json
    compliance history forget --agency 平潭综合实验区 --year 2022

Without ``--history``, the database named by ``[tool.compliance] history`` in pyproject.toml
(in the current folder or a parent).  Exit codes: 0 done; 1 ``add``: some file could not be
read or kept; 2 usage error or a database that cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .check import _jobs, read_limits
from ..documents import LIMIT_HELP


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "history",
        help="历史库：记入、列出、删除往年报告（跨年度核对用）",
        description="The report history (SQLite): add checked reports, list them, forget some; 报告历史库。",
    )
    sub = p.add_subparsers(dest="action", metavar="add|list|forget", required=True)

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--history", default=None, metavar="DB", help="历史库文件（默认取 pyproject.toml 的 [tool.compliance] history）")

    a = sub.add_parser("add", help="检查并记入报告（同一文件再次记入不变；同一机关同一年度的新文件替换旧文件）")
    a.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    a.add_argument("--aliases", default=None, metavar="FILE", help="机关别名文件")
    a.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N", help="并行进程数")
    a.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE", help=f"PDF/Word 读取上限：{LIMIT_HELP}")
    common(a)
    ls = sub.add_parser("list", help="列出历史库中的报告")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    common(ls)
    f = sub.add_parser("forget", help="从历史库删除报告")
    f.add_argument("--agency", default=None, help="机关名称（按统一后的名称匹配）")
    f.add_argument("--year", type=int, default=None)
    f.add_argument("--hash", default=None, help="报告文件的 SHA-256")
    common(f)
    p.set_defaults(handler=run, func=run)
    return p


def _open(args: argparse.Namespace) -> Any:
    from ..history import History, HistoryError, default_history_path

    path = args.history or default_history_path(Path.cwd())
    if path is None:
        print("compliance history: 请用 --history 指定历史库文件，或在 pyproject.toml 中设置 [tool.compliance] history", file=sys.stderr)
        return None
    try:
        return History.open(path)
    except HistoryError as exc:
        print(f"compliance history: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    from ..history import HistoryError

    if args.action == "forget" and args.agency is None and args.year is None and args.hash is None:
        print("compliance history forget: 请至少给出 --agency、--year、--hash 之一", file=sys.stderr)
        return 2
    history = _open(args)
    if history is None:
        return 2
    try:
        with history:
            if args.action == "add":
                return _add(args, history)
            if args.action == "list":
                return _list(args, history)
            from ..agency import agency_key

            n = history.forget(agency_key(args.agency) if args.agency else None, args.year, args.hash)
            print(f"已从历史库删除 {n} 份报告")
            return 0
    except HistoryError as exc:
        print(f"compliance history: {exc}", file=sys.stderr)
        return 2


def _add(args: argparse.Namespace, history: Any) -> int:
    from .. import engine
    from ..agency import AliasError, Aliases
    from ..history import NotStorable

    limits = read_limits(args.limit, "history add")
    if limits is None:
        return 2
    try:
        aliases = Aliases.load(args.aliases) if args.aliases else Aliases()
        files, _skipped = engine.collect(args.paths)
    except (AliasError, FileNotFoundError) as exc:
        print(f"compliance history add: {exc}", file=sys.stderr)
        return 2
    from ..series import run_series

    run = engine.check_paths([], files=files, limits=limits, snapshots=True, jobs=args.jobs)
    # the cross-report step first: a glued row it decides is kept decided
    reports = run_series(run.reports, aliases=aliases, history=history)
    code = 0
    for r in reports:
        if r.snapshot is None:
            print(f"{r.path}：未加入（无法读取）")
            code = 1
            continue
        try:
            added = history.add(r.snapshot, aliases)
        except NotStorable as exc:
            print(f"{r.path}：未加入（{exc}）")
            code = 1
            continue
        if added.outcome == "added":
            print(f"{r.path}：已加入（{added.key} {added.year} 年）")
        elif added.outcome == "unchanged":
            print(f"{r.path}：未变化（与历史库中的 {added.path} 相同）")
        else:
            print(f"{r.path}：已替换（{added.key} {added.year} 年的旧文件 {added.replaced_path}）")
    return code


def _list(args: argparse.Namespace, history: Any) -> int:
    entries = history.entries()
    if args.format == "json":
        print(json.dumps({"history": str(history.path), "reports": [
            {"agency": e.agency, "agency_key": e.agency_key, "year": e.year, "template": e.template, "path": e.path,
             "source_hash": e.source_hash, "cells": e.cells} for e in entries]}, ensure_ascii=False, indent=2))
        return 0
    for e in entries:
        print(f"{e.agency_key}\t{e.year}\t{e.template}\t{e.cells} 个单元格\t{e.path}")
    print(f"共 {len(entries)} 份报告（{history.path}）")
    return 0
