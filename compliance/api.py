"""The library API for review systems: ``check`` and ``parse`` one report.

    import compliance

    result = compliance.check("reports/2021.html")          # a path
    result = compliance.check(data_bytes, path="upload.txt") # bytes as uploaded
    result = compliance.check(text)                           # str holding the report text
    result.to_dict()                                          # == the CLI's reports[] entry

``source`` is a path (``str`` or ``os.PathLike``), ``bytes`` (any supported encoding, detected)
or ``str`` holding the report text.  A ``str`` is a path when it has no line break and names
an existing file, otherwise it is the text; pass a ``pathlib.Path`` (a path) or use
``check_text`` (text) to say which without guessing.

Nothing here raises for a bad report: an unreadable or unparsable input is a report with an
error finding, exactly as on the command line, and so is a bug met on the way (an unexpected
exception, MemoryError and RecursionError included, becomes a ``PRS-001`` problem or an
``ENG-002`` finding naming it).  Only a wrong argument type (``TypeError``) and a rule set that
cannot be loaded (``RulesetError``) raise.  Every function is thread-safe: review systems may
call them from many threads at once.  Results are the frozen, typed objects of
:mod:`compliance.findings` and :mod:`compliance.model`; ``to_dict()`` gives the same dict as the
CLI's JSON (``json.dumps(result.to_dict(), ensure_ascii=False)``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from . import engine
from .findings import ReportResult, RunResult
from .model import Report
# Imported before compliance/__init__ re-exports the FUNCTION ``parse`` under the submodule's
# name: the package attribute is set to the module first, then replaced by the function for good.
from .parse import parse_bytes as _parse_bytes, parse_path as _parse_path, parse_text as _parse_text
from .documents import Limits
from .ruleset import Facts, Ruleset

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
Rules = Union[Ruleset, str, "os.PathLike[str]", None]

__all__ = ["Source", "Limits", "check", "check_text", "check_many", "parse", "parse_text"]


def _is_path(source: Source) -> bool:
    if isinstance(source, os.PathLike):
        return True
    if isinstance(source, str):
        return "\n" not in source and "\r" not in source and len(source) < 4096 and os.path.isfile(source)
    return False


def parse(source: Source, *, path: str | None = None, limits: Limits | None = None) -> Report:
    """Parse one report into a :class:`~compliance.model.Report` (tables, sections, problems).

    ``path`` names the input in positions and messages when ``source`` is bytes or text
    (default ``<bytes>`` / ``<text>``); for a path source the path itself is used.  A path or
    bytes may be a PDF or Word document (recognised by content); ``limits`` bounds what
    reading one may cost (:class:`~compliance.documents.Limits`).
    """
    if _is_path(source):
        if path is not None:
            raise TypeError("path= is only for bytes or text sources")
        return _parse_path(os.fspath(source), limits=limits)  # type: ignore[arg-type]
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _parse_bytes(bytes(source), path or "<bytes>", limits=limits)
    if isinstance(source, str):
        return _parse_text(source, path or "<text>")
    raise TypeError(f"source must be a path, bytes or str, not {type(source).__name__}")


def _text(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return text


def parse_text(text: str, *, path: str = "<text>") -> Report:
    """Parse report text (never taken for a path)."""
    return _parse_text(_text(text), path)


def check(source: Source, ruleset: Rules = None, facts: Facts | None = None, *, path: str | None = None,
          limits: Limits | None = None) -> ReportResult:
    """Check one report: parse it and run the rule set on it.

    ``ruleset``: a rule-set name (``"cn-national-2021"``), a folder, a loaded rule set, or
    ``None`` to choose from the detected template and year (as the CLI does).  ``facts``:
    what the report does not say about itself (publication date, issuer kind, previous year's
    report), as the engine takes them.  Returns a :class:`~compliance.findings.ReportResult`
    whose ``report`` attribute keeps the parsed :class:`~compliance.model.Report`.
    """
    if _is_path(source):
        if path is not None:
            raise TypeError("path= is only for bytes or text sources")
        return engine.check_path(os.fspath(source), ruleset, facts, limits=limits)  # type: ignore[arg-type]
    # positional: the engine names its parameter ``rules``
    return engine.check_report(parse(source, path=path, limits=limits), ruleset, facts)


def check_text(text: str, ruleset: Rules = None, facts: Facts | None = None, *, path: str = "<text>") -> ReportResult:
    """Check report text (never taken for a path)."""
    return engine.check_report(parse_text(text, path=path), ruleset, facts)


def check_many(paths: list[str | os.PathLike[str]], ruleset: Rules = None, facts: Facts | None = None, jobs: int = 1,
               limits: Limits | None = None) -> RunResult:
    """Check files and folders (recursively, sorted) as ``compliance check PATH...`` does."""
    return engine.check_paths([os.fspath(Path(p)) for p in paths], ruleset, facts, jobs=jobs, limits=limits)
