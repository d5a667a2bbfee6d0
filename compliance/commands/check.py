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
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .. import baseline as _baseline
from ..documents import LIMIT_HELP, Limits
from ..findings import SEVERITIES, ReportResult, RunResult
from ..render import FORMATS, OutputError, html_pages_folder, html_single_page_limit, write_output
from ..ruleset import Facts, RulesetError

if TYPE_CHECKING:
    from ..agency import Aliases
    from ..history import History
    from ..manifest import Entry, Manifest
    from ..series import Member

ISSUER_KINDS = ("department", "government", "township", "other")
_RECORD_CHUNK = 500


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


def _some(items: Sequence[str], shown: int = 10) -> str:
    """The first ``shown`` items joined, and how many there are in all when there are more."""
    return "、".join(items[:shown]) + (f" 等 {len(items)} 个" if len(items) > shown else "")


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
    p.add_argument("paths", nargs="*", metavar="PATH", help="报告文件或文件夹（递归，按名称排序）；给出 --manifest 时可省略（检查清单中的全部文件）")
    p.add_argument("--rules", default=None, metavar="NAME|DIR", help="规则集名称或目录；默认按报告的格式与年度自动选择")
    p.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    p.add_argument("--output", "-o", default=None, metavar="FILE|DIR", help="写入文件（默认标准输出）")
    p.add_argument("--fail-on", choices=SEVERITIES + ("never",), default="error", help="达到该严重程度即以 1 退出（默认 error）")
    p.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N", help="并行进程数（默认为本机可用的处理器核数；输出与顺序不变）")
    p.add_argument("--quiet", "-q", action="store_true", help="不显示进度条（标准错误不是终端时本来就不显示）")
    p.add_argument("--published-on", type=_date, default=None, metavar="YYYY-MM-DD", help="报告的公布日期（核对公布期限）")
    p.add_argument("--issuer-kind", choices=ISSUER_KINDS, default=None, help="发布机关类型：department 部门，government 县级以上地方人民政府，township 乡镇街道，other 其他")
    p.add_argument("--explain", action="store_true", help="在每条问题下列出计算过程与法律依据")
    p.add_argument("--baseline", default=None, metavar="FILE", help="豁免基线文件（compliance baseline create 生成）")
    p.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE", help=f"PDF/Word 读取上限（可重复）：{LIMIT_HELP}")
    p.add_argument("--previous", action="append", default=[], metavar="PATH",
                   help="上一年度报告（文件或文件夹，可重复）：供跨年度核对配对，本身不检查")
    p.add_argument("--manifest", default=None, metavar="FILE",
                   help="批次清单（CSV/TOML/JSON）：每个文件的机关、行政区划、上级机关、机关类型、公布日期、网址、上一年度报告（docs/multi-report.md）")
    p.add_argument("--history", default=None, metavar="DB",
                   help="历史库（SQLite）：查找往年报告，并记入本次检查的报告；默认取 pyproject.toml 的 [tool.compliance] history")
    p.add_argument("--no-history", action="store_true", help="不使用历史库")
    p.add_argument("--aliases", default=None, metavar="FILE", help="机关别名文件（TOML [aliases] 或 CSV alias,name）")
    p.add_argument("--include", action="append", default=[], metavar="GLOB", help="文件夹中只检查匹配的文件（可重复），如 '**/2023/*'")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="文件夹中不检查匹配的文件（可重复），如 '*草稿*'")
    p.set_defaults(handler=run, func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from .. import engine  # when run, as in ``baseline``: building the parser needs no engine
    from ..agency import AliasError, Aliases
    from ..manifest import Manifest, ManifestError

    facts = Facts(published_on=args.published_on, issuer_kind=args.issuer_kind)
    limits = read_limits(args.limit, "check")
    if limits is None:
        return 2
    try:
        manifest = Manifest.load(args.manifest) if args.manifest else None
        aliases = Aliases.load(args.aliases) if args.aliases else Aliases()
    except (ManifestError, AliasError) as exc:
        print(f"compliance check: {exc}", file=sys.stderr)
        return 2
    paths = list(args.paths) or ([str(e.file) for e in manifest.entries] if manifest is not None else [])
    if not paths:
        print("compliance check: 请给出报告文件或文件夹，或用 --manifest 指定批次清单", file=sys.stderr)
        return 2
    missing: list[str] = []
    try:
        if manifest is not None and not args.paths:
            # the files a manifest lists are named explicitly: each is checked (a missing one
            # is its finding, PRS-001 文件不存在, in its place: the batch goes on)
            files = [(e.file, str(e.file)) for e in manifest.entries]
            missing = [f"{e.file}（{e.where}）" for e in manifest.entries if not e.file.exists()]
            skipped: list[tuple[str, str]] = []
        else:
            files, skipped = engine.collect(paths, include=args.include, exclude=args.exclude,
                                            skip=[args.manifest] if args.manifest else [])
    except FileNotFoundError as exc:
        print(f"compliance check: {exc}", file=sys.stderr)
        return 2
    if args.format == "html" and len(files) > html_single_page_limit():
        try:
            folder = html_pages_folder(args.output)
        except OutputError as exc:
            print(f"compliance check: {exc}", file=sys.stderr)
            return 2
        print(f"compliance check: {len(files)} 份报告的 HTML 结果分页写入文件夹 {folder}（总览页 index.html）", file=sys.stderr)
    if missing:
        print(f"compliance check: 批次清单列出的 {len(missing)} 个文件不存在：{_some(missing)}", file=sys.stderr)
    if skipped:
        print(f"compliance check: 已跳过 {len(skipped)} 个文件：{_some([f'{p}（{why}）' for p, why in skipped])}", file=sys.stderr)

    def facts_for(f: object) -> Facts:
        entry = manifest.for_file(str(f)) if manifest is not None else None
        if entry is None:
            return facts
        return Facts(published_on=entry.published_on or facts.published_on, issuer_kind=entry.issuer_kind or facts.issuer_kind)

    from .. import __version__
    from ..progress import Progress
    from ..series import Member
    from ..spool import Spool

    jobs = args.jobs or engine.default_jobs()
    # every result goes to a temporary file as it arrives: memory stays flat over any batch
    results: Spool[ReportResult] = Spool()
    # what the pairing needs of each report, built as the results arrive (not read back later)
    entries = [manifest.for_file(str(f)) if manifest is not None else None for f, _shown in files]
    members: list[Member] = []
    interrupted = False
    try:
        with Progress(len(files), enabled=False if args.quiet else None) as progress:
            checked = engine.iter_check(files, args.rules, facts, jobs=jobs, limits=limits, keep_reports=args.format == "html",
                                        snapshots=True, facts_for=facts_for, signatures=len(files) > 1, packed=True)
            try:
                # each result arrives pickled by its worker and goes to disk as it is: the
                # parent does no per-report work while the batch runs
                for packed in checked:
                    results.append_pickled(packed.data)
                    n = len(members)
                    members.append(Member.of_info(n, packed.info, entries[n], aliases, path=files[n][1]))
                    progress.advance(errors=packed.errors)
            except KeyboardInterrupt:
                # Ctrl-C: the workers are stopped; what is done is written below
                interrupted = True
                progress.close(interrupted=True)
            finally:
                checked.close()
        run_result = RunResult(reports=results, tool_version=__version__)
        if interrupted:
            print(f"compliance check: 已中断：写出已检查完的 {len(results)} 份报告（共 {len(files)} 份）；"
                  "跨报告规则未运行，未记入历史库", file=sys.stderr)
        else:
            run_result = _cross_report(run_result, args, manifest, aliases, files, limits, jobs, entries, members)
    except RulesetError as exc:
        results.close()
        print(f"compliance check: 规则集无效：{exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        results.close()
        print(f"compliance check: {exc}", file=sys.stderr)
        return 2
    with results:
        code = _write(run_result, args)
    return 130 if interrupted and code != 2 else code


def _write(run_result: RunResult, args: argparse.Namespace) -> int:
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
    except BrokenPipeError:
        # the reader went away (``| head``): not an error of the run; say nothing more
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return run_result.exit_code(args.fail_on)
    except OSError as exc:
        print(f"compliance check: 无法写入 {args.output}：{exc}", file=sys.stderr)
        return 2
    return run_result.exit_code(args.fail_on)


def _cross_report(run_result: RunResult, args: argparse.Namespace, manifest: Manifest | None, aliases: Aliases,
                  files: list[tuple[Path, str]], limits: Limits | None, jobs: int,
                  entries: Sequence[Entry | None], members: list[Member]) -> RunResult:
    """The rules over several reports: pair with the previous reports (manifest, batch,
    ``--previous``, history), run them, record the batch in the history."""
    from attrs import evolve

    from .. import engine
    from ..series import run_series
    from ..snapshot import Snapshot

    # reports that are candidates for pairing only: --previous, the manifest's previous files
    extra = list(args.previous)
    named = [e.previous for e in entries if e is not None and e.previous is not None]
    if named:  # (the batch's own paths resolved only when the manifest names previous files)
        in_batch = {str(Path(f).resolve()) for f, _s in files}
        extra += [str(p) for p in named if str(p.resolve()) not in in_batch]
    pool: list[Snapshot] = []
    if extra:
        try:
            more, _skipped = engine.collect(extra)
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"上一年度报告：{exc}") from None
        done = engine.check_paths([], args.rules, files=more, limits=limits, snapshots=True, jobs=jobs)
        for r, (f, _shown) in zip(done.reports, more):
            if isinstance(r.snapshot, Snapshot):
                pool.append(evolve(r.snapshot, path=str(f)))
    history = _open_history(args)
    try:
        reports = run_series(
            run_result.reports, rules=args.rules, manifest=manifest, entries=entries, aliases=aliases,
            history=history, history_keys=history.keys() if history is not None else (), pool=pool, members=members,
        )
        if history is not None:
            _record(history, reports, aliases)
    finally:
        if history is not None:
            history.close()
    return evolve(run_result, reports=reports)


def _open_history(args: argparse.Namespace) -> History | None:
    from ..history import History, HistoryError, default_history_path

    if args.no_history:
        return None
    path = args.history or default_history_path(Path.cwd())
    if path is None:
        return None
    try:
        return History.open(path)
    except HistoryError as exc:
        # the run's results are still produced: only the history is missing from them
        print(f"compliance check: {exc}；本次检查不使用历史库", file=sys.stderr)
        return None


def _record(history: History, reports: Sequence[ReportResult], aliases: Aliases) -> None:
    from ..history import HistoryError
    from ..snapshot import Snapshot

    replaced = []
    chunk: list[Snapshot] = []
    try:
        # a few hundred at a time: the batch is not held in memory to be recorded
        for n, r in enumerate(reports, 1):
            if isinstance(r.snapshot, Snapshot) and r.snapshot.agency and r.snapshot.year:
                chunk.append(r.snapshot)
            if len(chunk) >= _RECORD_CHUNK or (n == len(reports) and chunk):
                replaced += [a for a in history.add_many(chunk, aliases) if a.outcome == "replaced"]
                chunk = []
    except HistoryError as exc:
        print(f"compliance check: 未能记入历史库：{exc}", file=sys.stderr)
        return
    for a in replaced:
        print(f"compliance check: 历史库中 {a.key} 的报告已由更正版本替换（原文件 {a.replaced_path}）", file=sys.stderr)
