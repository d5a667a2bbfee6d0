"""``compliance check PATH... [options]``: check reports against a rule set.

    compliance check report.html
    compliance check reports/ --jobs 4 --format json --output out.json
    compliance check report.txt --rules cn-hunan-huaihua-2021 --published-on 2022-01-30 --issuer-kind department
    compliance check report.txt --rules ./my-province-rules --explain

Exit codes (spec/contract.md): 0 no finding at or above ``--fail-on`` (default error); 1 at
least one; 2 usage error or an invalid rule set.  A file that cannot be read or parsed is a
finding (error), not a crash, and the batch goes on.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from .. import baseline as _baseline
from ..documents import LIMIT_HELP, Limits
from ..findings import SEVERITIES
from ..render import FORMATS, write_output
from ..ruleset import Facts, RulesetError

ISSUER_KINDS = ("department", "government", "township", "other")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期 {text!r} 无效，应为 YYYY-MM-DD，例如 2022-01-30") from None


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"并行数 {text!r} 无效，应为正整数")
    return n


def read_limits(items: list[str], command: str) -> Limits | None:
    """``--limit NAME=VALUE`` options → Limits (None after printing a usage error)."""
    try:
        return Limits.parse(items)
    except ValueError as exc:
        print(f"compliance {command}: {exc}", file=sys.stderr)
        return None


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "check",
        help="检查年度报告：结构、表格勾稽关系、正文与表格一致、法定内容、期限",
        description="Check annual reports (files or folders, recursively) against a rule set; 检查政府信息公开工作年度报告。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（递归，按名称排序）")
    p.add_argument("--rules", default=None, metavar="NAME|DIR", help="规则集名称或目录；默认按报告的格式与年度自动选择")
    p.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    p.add_argument("--output", "-o", default=None, metavar="FILE|DIR", help="写入文件（默认标准输出）")
    p.add_argument("--fail-on", choices=SEVERITIES + ("never",), default="error", help="达到该严重程度即以 1 退出（默认 error）")
    p.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N", help="并行进程数（输出顺序不变）")
    p.add_argument("--published-on", type=_date, default=None, metavar="YYYY-MM-DD", help="报告的公布日期（核对公布期限）")
    p.add_argument("--issuer-kind", choices=ISSUER_KINDS, default=None, help="发布机关类型：department 部门，government 县级以上地方人民政府，township 乡镇街道，other 其他")
    p.add_argument("--explain", action="store_true", help="在每条问题下列出计算过程与法律依据")
    p.add_argument("--baseline", default=None, metavar="FILE", help="豁免基线文件（compliance baseline create 生成）")
    p.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE", help=f"PDF/Word 读取上限（可重复）：{LIMIT_HELP}")
    p.add_argument("--previous", default=None, metavar="PATH", help="上一年度报告（跨年核对；尚未实现，暂被忽略）")
    p.set_defaults(handler=run, func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from .. import engine  # when run, as in ``baseline``: building the parser needs no engine

    facts = Facts(published_on=args.published_on, issuer_kind=args.issuer_kind)
    limits = read_limits(args.limit, "check")
    if limits is None:
        return 2
    if args.previous:
        print("compliance check: --previous（跨年核对）尚未实现，已忽略", file=sys.stderr)
    try:
        run_result = engine.check_paths(args.paths, args.rules, facts, jobs=args.jobs, limits=limits,
                                          keep_reports=args.format == "html")
    except RulesetError as exc:
        print(f"compliance check: 规则集无效：{exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"compliance check: {exc}", file=sys.stderr)
        return 2
    if not run_result.reports:
        print("compliance check: 没有找到可检查的报告文件", file=sys.stderr)
        return 2
    if args.baseline:
        try:
            run_result = _baseline.apply(run_result, _baseline.load(args.baseline))
        except (OSError, ValueError) as exc:
            print(f"compliance check: 基线文件 {args.baseline} 无效：{exc}", file=sys.stderr)
            return 2
    try:
        # the rule catalogue (for --explain, SARIF, HTML): the sets the run used (render.catalog_for)
        write_output(run_result, args.format, args.output, explain=args.explain)
    except OSError as exc:
        print(f"compliance check: 无法写入 {args.output}：{exc}", file=sys.stderr)
        return 2
    return run_result.exit_code(args.fail_on)
