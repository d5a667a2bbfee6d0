"""Run a rule set on a parsed report: findings, sorted, deduplicated, deterministic.

    result = check_report(report)                       # set chosen from template and year
    result = check_report(report, "cn-hunan-huaihua-2021", Facts(published_on=date(2022, 1, 30),
                                                                  issuer_kind="department"))
    result = check_path("report.html")                  # parse + check; never raises

Every parse problem is a finding (of a :mod:`compliance.codes` code) and is reported, so
nothing is silently dropped.  A rule that crashes becomes an ``ENG-002`` error finding instead
of a traceback (``strict=True`` re-raises, for tests).  When the report's template is not one
the set was written for, the table rules do not run and an ``ENG-001`` info finding says so.
"""

from __future__ import annotations

import os
import threading
import traceback
from pathlib import Path
from typing import Any, Generator, Iterable, Sequence

from attrs import frozen

from .codes import ENGINE_CRASHED, NOT_READ, RULE_CRASHED, RULESET_TEMPLATE_MISMATCH, UNREADABLE_INPUT
from .findings import Finding, ReportResult, RunResult
from .model import Report
from .ruleset import Facts, Ruleset, load_ruleset, select_ruleset
from .template import version_title
from .text import PlaceMap
from .documents import Limits
from .parse import locate

# a rule set, or its name or folder; None: chosen per report from its template and year
Rules = Ruleset | str | os.PathLike[str] | None


def problem_findings(report: Report) -> list[Finding]:
    """The report's parse problems: already findings (of :mod:`compliance.codes`), located in
    the section of their table, a row-level one naming its row in ``evidence.row``."""
    return list(report.problems)


def _unreadable(report: Report) -> bool:
    return any(p.rule in NOT_READ for p in report.problems)


def run_rules(
    report: Report,
    ruleset: Ruleset,
    facts: Facts | None = None,
    *,
    only: Iterable[str] | None = None,
    include_problems: bool = True,
    strict: bool = False,
) -> tuple[Finding, ...]:
    """All findings for ``report`` under ``ruleset`` (optionally only the rules ``only``)."""
    from .checks import KINDS, Context

    findings: list[Finding] = problem_findings(report) if include_problems else []
    if _unreadable(report):
        return _finish(findings)
    ctx = Context.make(report, facts, ruleset)
    wanted = set(only) if only is not None else None
    template = report.template
    table_rules_run = template == "unknown" or template in ruleset.templates
    skipped: list[str] = []
    for rule in ruleset.rules:
        if wanted is not None and rule.id not in wanted:
            continue
        if not rule.applies_to_year(report.year):
            continue
        kind = KINDS[rule.kind]
        if kind.scope != "report":
            continue  # needs other reports: compliance.series runs it over the batch
        if kind.uses_tables and not table_rules_run:
            skipped.append(rule.id)
            continue
        try:
            findings.extend(kind.check(rule, ctx))
        except Exception as exc:  # a broken check must not end the batch
            if strict:
                raise
            findings.append(rule_crash(rule, exc, ctx.first_span()))
    if skipped:
        findings.append(
            RULESET_TEMPLATE_MISMATCH.finding(
                f"报告识别为{version_title(template)}，而规则集 {ruleset.id} 适用于"
                f"{'、'.join(version_title(t) for t in ruleset.templates)}，"
                f"其 {len(skipped)} 条表格规则未运行（{'、'.join(skipped[:8])}{' 等' if len(skipped) > 8 else ''}）",
                span=ctx.first_span(),
                evidence={"skipped": tuple(skipped), "template": template, "ruleset": ruleset.id},
            )
        )
    return _finish(findings, report.places)


def rule_crash(rule: Any, exc: Exception, span: Any) -> Finding:
    """The ``ENG-002`` finding of a rule whose check raised ``exc`` (its result is missing)."""
    return RULE_CRASHED.finding(
        f"规则 {rule.id} 运行出错（{type(exc).__name__}: {exc}），其结果缺失；请报告此问题",
        span=span,
        evidence={"rule": rule.id, "traceback": traceback.format_exc(limit=3).splitlines()[-1]},
    )


def _finish(findings: list[Finding], places: PlaceMap | None = None) -> tuple[Finding, ...]:
    """The findings as reported: one per fact (:mod:`compliance.grouping`), sorted, without
    duplicates."""
    from .grouping import group_findings

    seen: set = set()
    out: list[Finding] = []
    for f in sorted(group_findings(findings), key=Finding.sort_key):
        f = locate(f, places)
        s = f.location.span
        key = (f.rule, f.severity, (s.line, s.column, s.end_line, s.end_column) if s else None, f.location.cell, f.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return tuple(out)


def check_report(
    report: Report,
    rules: Rules = None,
    facts: Facts | None = None,
    *,
    path: str | None = None,
    strict: bool = False,
    keep_report: bool = True,
) -> ReportResult:
    """Check one parsed report; ``rules`` is a set, a set name or folder, or None (auto).

    Never raises for the report: a crash outside a rule becomes an ``ENG-002`` finding, as a
    crash inside one does (``strict=True`` re-raises).  A rule set that cannot be loaded raises
    :class:`~compliance.ruleset.RulesetError` (a usage error, as on the command line)."""
    if isinstance(rules, Ruleset):
        ruleset = rules
    elif rules is not None:
        ruleset = load_ruleset(str(rules))
    else:
        try:
            chosen = select_ruleset(report)
        except Exception as exc:
            if strict:
                raise
            return _crashed_result(report, None, exc, path, keep_report)
        ruleset = load_ruleset(chosen)
    try:
        findings = run_rules(report, ruleset, facts, strict=strict)
        return ReportResult(
            path=path if path is not None else report.path,
            ruleset=ruleset.id,
            template=report.template,
            year=report.year,
            agency=report.agency,
            findings=findings,
            report=report if keep_report else None,
        )
    except Exception as exc:  # MemoryError, RecursionError too: a finding, never a traceback
        if strict:
            raise
        return _crashed_result(report, ruleset.id, exc, path, keep_report)


def _crashed_result(report: Report, ruleset: str | None, exc: Exception, path: str | None, keep_report: bool) -> ReportResult:
    """The result of a check that crashed outside a rule: the report's parse problems (when they
    can still be read) and one ``ENG-003`` error finding naming the exception."""
    from .parse import internal_error

    crash = ENGINE_CRASHED.finding(
        internal_error("检查过程运行出错", exc, "本报告的检查结果缺失"), evidence={"exception": type(exc).__name__},
    )
    try:
        findings = _finish([*problem_findings(report), crash], report.places)
    except Exception:
        findings = (crash,)
    return ReportResult(
        path=path if path is not None else report.path,
        ruleset=ruleset,
        template=report.template,
        year=report.year,
        agency=report.agency,
        findings=findings,
        report=report if keep_report else None,
    )


def unreadable_result(path: str, message: str, ruleset: str | None = None) -> ReportResult:
    """A file that could not even be handed to the parser (e.g. a crash): one error finding."""
    return ReportResult(
        path=path,
        ruleset=ruleset,
        template="unknown",
        year=None,
        agency=None,
        findings=(UNREADABLE_INPUT.finding(message),),
    )


def check_path(
    path: str | Path,
    rules: Rules = None,
    facts: Facts | None = None,
    *,
    display_path: str | None = None,
    keep_report: bool = True,
    limits: Limits | None = None,
    snapshot: bool = False,
    signature: bool = False,
) -> ReportResult:
    """Parse and check one file.  Never raises for a bad input file (rule-set errors do).
    ``limits``: what reading a PDF or Word file may cost (:class:`~compliance.documents.Limits`).
    ``snapshot``: keep the report's :class:`~compliance.snapshot.Snapshot` in the result (for
    the rules over several reports, the history and the export); ``signature``: with it, the
    narrative's DUP-002 signature (a batch computes it where the report is checked)."""
    shown = display_path or str(path)
    ruleset = rules if isinstance(rules, Ruleset) else (load_ruleset(str(rules)) if rules is not None else None)
    try:
        from .parse import parse_path

        report = parse_path(str(path), limits=limits)
    except Exception as exc:  # the parser promises not to raise; be safe for a batch
        from .parse import internal_error

        return unreadable_result(shown, internal_error("无法解析文件", exc), ruleset.id if ruleset else None)
    result = check_report(report, ruleset, facts, path=shown, keep_report=keep_report)
    if snapshot and not _unreadable(report):
        result = attach_snapshot(result, report, Path(path).read_bytes, shown)
        if signature and result.snapshot is not None:
            from attrs import evolve

            from .similarity import signature as narrative_signature

            snap = result.snapshot
            result = evolve(result, snapshot=evolve(snap, signature=narrative_signature(snap.text)))
    return result


def attach_snapshot(result: ReportResult, report: Report, data: Any, shown: str) -> ReportResult:
    """``result`` with the report's snapshot; ``data``: the file's bytes, or a function
    returning them.  A file that cannot be read again keeps no snapshot (never raises)."""
    from attrs import evolve

    from .snapshot import Snapshot, sha256_hex

    try:
        raw = data() if callable(data) else data
        return evolve(result, snapshot=Snapshot.of(report, sha256_hex(raw), shown))
    except (OSError, ValueError):
        return result


def check_text(text: str, rules: Rules = None, facts: Facts | None = None, *, path: str = "<text>") -> ReportResult:
    """Parse and check report text.  Never raises for the text (rule-set errors do)."""
    ruleset = rules if isinstance(rules, Ruleset) else (load_ruleset(str(rules)) if rules is not None else None)
    try:
        from .parse import parse_text

        report = parse_text(text, path)
    except Exception as exc:  # the parser promises not to raise; be safe
        from .parse import internal_error

        return unreadable_result(path, internal_error("无法解析文件", exc), ruleset.id if ruleset else None)
    return check_report(report, ruleset, facts, path=path)


# --------------------------------------------------------------------------------------------
# batches

REPORT_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".shtml", ".tsv", ".csv", ".docx", ".doc", ".pdf", ".wps", ".rtf", ".odt"}
)


#: file names in a folder that are clearly not reports (compared case-insensitively, without suffix)
NOT_REPORTS = frozenset({"readme", "license", "licence", "changelog", "manifest", "index", "notice", "copying", "authors"})
#: the header of a CSV batch manifest (compliance.manifest): such a file is not a report
_MANIFEST_HEADER = "file,"


def _clearly_not_a_report(f: Path) -> bool:
    stem = f.name.split(".", 1)[0].lower()
    if stem in NOT_REPORTS:
        return True
    if f.suffix.lower() in (".csv", ".tsv"):
        try:
            with f.open("rb") as fh:
                head = fh.read(256).decode("utf-8-sig", "replace").lstrip().lower()
        except OSError:
            return False
        return head.startswith(_MANIFEST_HEADER) and "agency" in head.split("\n", 1)[0]
    return False


def collect(
    paths: Iterable[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    skip: Iterable[str | Path] = (),
) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """(file, display path) for files and folders, and the folder entries skipped (path, reason).

    Folders are walked recursively in sorted order; in them only report-like files are taken
    (by suffix, see ``REPORT_SUFFIXES``, or no suffix), hidden files and folders are skipped
    silently, and what is clearly not a report (a README, a manifest, the files in ``skip``)
    is skipped and listed.  ``include``/``exclude``: glob patterns matched against the path
    relative to the folder (``**/2023/*.html``, ``*草稿*``); a file must match some include
    (when given) and no exclude.  A file named explicitly is always taken.
    Raises FileNotFoundError for a path that does not exist (a usage error).
    """
    from fnmatch import fnmatchcase

    skip_keys = {str(Path(x).resolve()) for x in skip}
    out: list[tuple[Path, str]] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for f in p.rglob("*"):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or not f.is_file():
                    continue
                if not (f.suffix.lower() in REPORT_SUFFIXES or f.suffix == ""):
                    continue
                name = rel.as_posix()
                if include and not any(fnmatchcase(name, g) or fnmatchcase(f.name, g) for g in include):
                    continue
                if any(fnmatchcase(name, g) or fnmatchcase(f.name, g) for g in exclude):
                    skipped.append((f.as_posix(), "--exclude"))
                    continue
                if str(f.resolve()) in skip_keys:
                    skipped.append((f.as_posix(), "批次清单"))
                    continue
                if _clearly_not_a_report(f):
                    skipped.append((f.as_posix(), "不是年度报告"))
                    continue
                found.append(f)
            for f in sorted(found, key=lambda x: x.relative_to(p).as_posix()):
                out.append((f, f.as_posix()))
        elif p.exists():
            out.append((p, str(raw)))
        else:
            raise FileNotFoundError(f"文件或文件夹不存在：{raw}")
    skipped.sort()
    return out, skipped


def collect_files(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """(file, display path) for files and folders (see :func:`collect`)."""
    return collect(paths)[0]


Job = tuple[str, str, "str | None", "Facts | None", "Limits | None", bool, bool, bool]


def _check_one(job: Job) -> ReportResult:
    path, shown, rules, facts, limits, keep, snap, sig = job
    return check_path(path, rules, facts, display_path=shown, keep_report=keep, limits=limits, snapshot=snap, signature=sig)


@frozen
class Packed:
    """A result as a batch worker sends it back: the pickled :class:`ReportResult` (stored as
    is, never unpickled by the parent while the batch runs), its number of error findings (the
    progress bar) and what the pairing of the rules over several reports needs to know of it
    (:meth:`compliance.series.Member.of_info`)."""

    data: bytes
    errors: int
    info: tuple[Any, ...]


def report_info(result: ReportResult) -> tuple[Any, ...]:
    """(rule set, has a snapshot, year, agency as printed, snapshot path, DUP-002 signature)."""
    from .snapshot import Snapshot

    snap = result.snapshot
    if not isinstance(snap, Snapshot):
        return (result.ruleset, False, None, None, result.path, None)
    return (result.ruleset, True, snap.year, snap.agency, snap.path, snap.signature)


def pack(result: ReportResult) -> Packed:
    import pickle

    return Packed(pickle.dumps(result, protocol=5), result.summary()["error"], report_info(result))


def _check_packed(job: Job) -> Packed:
    return pack(_check_one(job))


def warm(rules: str | None = None, *, signatures: bool = False) -> None:
    """Load what every report needs once per process: the rule sets (``rules``, else every
    built-in set a report can be given) and the grammar.  Workers call it when they start; a
    parent that forks calls it first, so that its workers inherit the loaded sets."""
    from .parse import parse_text
    from .ruleset import builtin_sets

    for name in ([rules] if rules is not None else builtin_sets()):
        try:
            load_ruleset(name)
        except Exception:  # noqa: BLE001 - a set that cannot load is reported where it is used
            pass
    parse_text("")
    if signatures:
        from .similarity import signature

        signature("")  # imports datasketch (and what it loads) once, before the workers fork


def _start_worker(rules: str | None, signatures: bool = False) -> None:
    import signal

    # Ctrl-C goes to the whole process group: the parent stops the batch, the workers just end
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm(rules, signatures=signatures)


def _set_name(rules: Rules) -> str | None:
    """The name or folder of the set ``rules`` gives, loaded once to validate it (a
    RulesetError before any file is read); None: a built-in set chosen per report."""
    if isinstance(rules, Ruleset):
        rules = rules.path
    if rules is None:
        return None
    load_ruleset(str(rules))
    return str(rules)


def default_jobs() -> int:
    """The number of cores this process may use (``--jobs`` by default)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def iter_check(
    files: Iterable[tuple[Path | str, str]],
    rules: Rules = None,
    facts: Facts | None = None,
    *,
    jobs: int = 1,
    limits: Limits | None = None,
    keep_reports: bool = False,
    snapshots: bool = False,
    facts_for: Any = None,
    total: int | None = None,
    signatures: bool = False,
    packed: bool = False,
) -> Generator[Any, None, None]:
    """Check ``files`` ((file, display path) pairs, as :func:`collect` gives them) and yield
    each result in input order as soon as it and every one before it is done.

    ``jobs`` > 1: worker processes, each loading the rule sets once when it starts and
    receiving file paths in small chunks; the parent only hands out paths and receives
    results.  Closing the generator early (or Ctrl-C in the parent) stops the workers.
    ``total``: the number of files when ``files`` is an iterator (sizes the chunks).
    ``signatures``: compute each snapshot's DUP-002 signature in the workers (a batch).
    ``packed``: yield :class:`Packed` results (pickled where they were checked: the parent
    stores them without unpickling, :meth:`compliance.spool.Spool.append_pickled`).
    """
    name = _set_name(rules)
    work = ((str(f), shown, name, facts_for(f) if facts_for is not None else facts, limits, keep_reports, snapshots,
             snapshots and signatures) for f, shown in files)
    n = total if total is not None else (len(files) if isinstance(files, Sequence) else None)
    one = _check_packed if packed else _check_one
    if jobs <= 1 or (n is not None and n < 2):
        for job in work:
            yield one(job)
        return
    import multiprocessing

    # fork is fast, but forking a process that runs other threads can deadlock the child
    method = "fork" if hasattr(os, "fork") and threading.active_count() == 1 else "spawn"
    if method == "fork":
        warm(name, signatures=signatures)
    workers = min(jobs, n) if n is not None else jobs
    # small chunks: results come back in order, so a slow file holds back only a few others
    chunk = max(1, min(8, (n or 1000) // (workers * 16)))
    pool = multiprocessing.get_context(method).Pool(workers, initializer=_start_worker, initargs=(name, signatures))
    try:
        yield from pool.imap(one, work, chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def check_paths(
    paths: Iterable[str | Path],
    rules: Rules = None,
    facts: Facts | None = None,
    *,
    jobs: int = 1,
    limits: Limits | None = None,
    keep_reports: bool = False,
    snapshots: bool = False,
    files: Sequence[tuple[Path, str]] | None = None,
    facts_for: Any = None,
) -> RunResult:
    """Check files and folders; results in input order whatever ``jobs`` is.

    ``rules``: a set name or folder, validated before any file is read (RulesetError: exit 2);
    None chooses a built-in set per report.  ``jobs`` > 1 checks files in worker processes.
    ``keep_reports``: keep every parsed report in its result (``ReportResult.report``);
    ``snapshots``: keep every report's snapshot (the rules over several reports, the history).
    ``files``: the (file, display path) list already collected (:func:`collect`), instead of
    ``paths``; ``facts_for``: a function file → Facts for that file (a batch manifest), else
    ``facts`` for every file.  (:func:`iter_check` gives the results one at a time.)
    """
    from . import __version__

    rules = _set_name(rules)  # fail early, before any file is collected
    todo = list(files) if files is not None else collect_files(paths)
    results = tuple(iter_check(todo, rules, facts, jobs=jobs, limits=limits, keep_reports=keep_reports,
                               snapshots=snapshots, facts_for=facts_for))
    return RunResult(reports=results, tool_version=__version__)
