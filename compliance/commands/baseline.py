"""``compliance baseline create PATH... --output FILE --reason TEXT [--rules NAME|DIR]``.

Checks the files as ``compliance check`` does and writes every current finding to a baseline
file (JSON, see docs/baseline.md), each waiver carrying ``--reason``.  Later runs take it with
``compliance check ... --baseline FILE``: waived findings are listed as suppressed, waivers
that match nothing any more are reported.

Exit codes: 0 written; 2 usage error (no reason, unreadable rule set, output not writable).
"""

from __future__ import annotations

import argparse
import sys

from .. import baseline as _baseline
from ..ruleset import RulesetError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "baseline",
        help="豁免基线：把当前问题写入基线文件，之后的检查不再报告它们",
        description="Waivers: write the current findings to a baseline file (compliance check --baseline FILE then suppresses them).",
    )
    sub = parser.add_subparsers(dest="baseline_command", metavar="create")
    sub.required = True
    create = sub.add_parser(
        "create",
        help="检查 PATH 并把全部问题写入基线文件",
        description="Check PATH... and write every finding to a baseline file, each with --reason.",
    )
    create.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（递归，按名称排序）")
    create.add_argument("--output", "-o", required=True, metavar="FILE", help="基线文件（JSON）")
    create.add_argument("--reason", required=True, metavar="TEXT", help="豁免原因（写入每一条豁免）")
    create.add_argument("--rules", default=None, metavar="NAME|DIR", help="规则集名称或目录（默认按模板与年度自动选择）")
    create.add_argument("--jobs", type=int, default=1, metavar="N", help="并行数")
    create.set_defaults(func=run_create, handler=run_create)
    return parser


def run_create(args: argparse.Namespace) -> int:
    reason = (args.reason or "").strip()
    if not reason:
        print("compliance baseline create: --reason 不能为空（每条豁免必须写明原因）", file=sys.stderr)
        return 2
    from ..engine import check_paths  # when run, as in ``check``: building the parser needs no engine

    try:
        run = check_paths(list(args.paths), args.rules, None, jobs=args.jobs)
    except (RulesetError, ValueError, FileNotFoundError) as exc:  # an invalid rule set is a usage error
        print(f"compliance baseline create: {exc}", file=sys.stderr)
        return 2
    data = _baseline.create(run, reason)
    try:
        _baseline.save(data, args.output)
    except OSError as exc:
        print(f"compliance baseline create: 无法写入 {args.output}：{exc}", file=sys.stderr)
        return 2
    n_waivers = len(data["waivers"])
    n_findings = sum(w["count"] for w in data["waivers"])
    print(f"已写入基线 {args.output}：{len(run.reports)} 份报告，{n_findings} 个问题，{n_waivers} 条豁免", file=sys.stderr)
    return 0
