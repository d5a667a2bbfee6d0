"""The checks behind ``compliance serve``: one report per task in a pool of worker processes.

Checks run off the event loop, in worker processes (`pebble`_), so that one large or slow
upload does not hold up the others, and each task has a time limit: a report still running
when its limit passes has its worker stopped (and replaced) and becomes one ``ENG-004``
finding; a worker that dies (killed for memory, a crash in a compiled library) is one
``ENG-003`` finding.  The rest of the request is answered normally.

Nothing here writes the upload anywhere: the bytes go to the worker through its pipe and are
parsed from memory.

.. _pebble: https://pypi.org/project/Pebble/
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Sequence

from attrs import frozen

from ..codes import CHECK_TIMED_OUT, ENGINE_CRASHED
from ..documents import Limits
from ..findings import Finding, ReportResult
from ..ruleset import Facts


@frozen
class Upload:
    """One uploaded file: the name it is shown under (never opened) and its bytes."""

    name: str
    data: bytes


@frozen
class Job:
    """What to check an upload against: a rule-set folder (None: chosen per report), the facts,
    the document reading limits, and whether the parsed report is kept (the HTML report)."""

    ruleset: str | None
    facts: Facts
    limits: Limits | None
    keep_report: bool
    # set name → folder of the operator's sets replacing built-in ones (when chosen per report)
    overrides: tuple[tuple[str, str], ...] = ()


@frozen
class Checked:
    """A worker's answer: the result and the report's text (for SARIF columns and HTML
    excerpts; a PDF or Word document's extracted text), None when it could not be decoded."""

    result: ReportResult
    source: str | None


def check_upload(upload: Upload, job: Job) -> Checked:
    """Parse and check one upload (in a worker process).  Never raises for the upload."""
    from .. import engine
    from ..parse import internal_error, parse_bytes
    from ..read import ReadError, decode

    try:
        report = parse_bytes(upload.data, upload.name, limits=job.limits)
    except Exception as exc:  # the parser promises not to raise; be safe for a request
        return Checked(engine.unreadable_result(upload.name, internal_error("无法解析文件", exc), None), None)
    rules = job.ruleset
    if rules is None and job.overrides:
        from ..ruleset import select_ruleset

        try:
            rules = dict(job.overrides).get(select_ruleset(report))
        except Exception:  # noqa: BLE001 - check_report reports a failed choice itself
            rules = None
    result = engine.check_report(report, rules, job.facts, path=upload.name, keep_report=job.keep_report)
    # the snapshot for the rules over several reports (run on the whole request, as the CLI does)
    result = engine.attach_snapshot(result, report, upload.data, upload.name)
    source = report.extracted
    if source is None:
        try:
            source = decode(upload.data, upload.name).text
        except (ReadError, ValueError):
            source = None
    return Checked(result, source)


def _warm(rulesets: Sequence[str]) -> None:
    """Worker initialiser: import the engine and load the rule sets once per process."""
    from .. import engine  # noqa: F401 - the import is the point
    from ..ruleset import load_ruleset

    for folder in rulesets:
        load_ruleset(folder)


def timed_out(upload: Upload, seconds: float) -> Checked:
    """The answer for an upload whose check ran past its time limit."""
    finding = CHECK_TIMED_OUT.finding(
        f"检查这份报告超过了时间上限（{seconds:g} 秒），检查已停止，本报告没有检查结果",
        evidence={"limit_seconds": seconds},
    )
    return Checked(_bare(upload.name, finding), None)


def crashed(upload: Upload, reason: str) -> Checked:
    """The answer for an upload whose worker process died."""
    finding = ENGINE_CRASHED.finding(f"检查进程意外终止（{reason}），本报告没有检查结果", evidence={"exception": reason})
    return Checked(_bare(upload.name, finding), None)


def _bare(name: str, finding: Finding) -> ReportResult:
    return ReportResult(path=name, ruleset=None, template="unknown", year=None, agency=None, findings=(finding,))


class Pool:
    """Worker processes that check uploads, each task under a time limit.

    ``workers``: the number of processes.  ``timeout``: seconds per report.  ``warm``: rule-set
    folders every worker loads when it starts.  Use :meth:`start` / :meth:`stop` (the server's
    lifespan does), then ``await pool.check(uploads, job)``.
    """

    def __init__(self, workers: int, timeout: float, warm: Sequence[str] = ()) -> None:
        self.workers = workers
        self.timeout = timeout
        self._warm = tuple(warm)
        self._pool: Any = None  # pebble.ProcessPool (pebble has no type hints)

    def start(self) -> None:
        from pebble import ProcessPool

        # spawn, not fork: the server runs threads (the event loop's executor), and forking a
        # threaded process can deadlock the child
        self._pool = ProcessPool(
            max_workers=self.workers,
            initializer=_warm,
            initargs=(self._warm,),
            context=multiprocessing.get_context("spawn"),
        )

    def stop(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join()

    def _restart(self, broken: Any) -> None:
        """Replace ``broken`` (the pool a failed task ran on) with a new pool.  A task that
        failed on a pool already replaced (by a concurrent task's failure) leaves the new one
        alone."""
        if self._pool is not broken:
            return
        self._pool = None
        try:
            broken.stop()
        except Exception:  # noqa: BLE001 - a broken pool may fail to stop; it is dropped either way
            pass
        self.start()

    async def check(self, uploads: Sequence[Upload], job: Job) -> list[Checked]:
        """Check every upload (concurrently, up to the pool's size); answers in upload order."""
        if self._pool is None:
            raise RuntimeError("the pool is not started")
        return list(await asyncio.gather(*(self._one(u, job) for u in uploads)))

    async def _one(self, upload: Upload, job: Job) -> Checked:
        from pebble import ProcessExpired

        pool = self._pool
        try:
            future = pool.schedule(check_upload, args=(upload, job), timeout=self.timeout)
        except RuntimeError:  # the pool is no longer running (its workers could not start)
            self._restart(pool)
            return crashed(upload, "检查进程无法启动")
        try:
            checked: Checked = await asyncio.wrap_future(future)
            return checked
        except FutureTimeout:
            return timed_out(upload, self.timeout)
        except ProcessExpired as exc:
            return crashed(upload, f"exit code {exc.exitcode}")
        except BrokenProcessPool:
            # the workers cannot start (or all died): this upload gets its finding, and the
            # pool is replaced for the next request
            self._restart(pool)
            return crashed(upload, "检查进程无法启动")
        except asyncio.CancelledError:
            future.cancel()  # the client went away: stop the worker's task too
            raise
