"""Renderers: a :class:`~compliance.findings.RunResult` → text, JSON, SARIF, HTML or CSV.

    render(run, "json")                        # str, the contract's JSON
    render(run, "text", color=True, explain=True)
    render(run, "sarif", rules_catalog=catalog, sources={"a.txt": text})
    render(run, "csv")                         # bytes: UTF-8 with BOM, CRLF

Every renderer is a pure function of its arguments (SARIF may read the checked files once to
convert columns to UTF-16, see :func:`compliance.render.sarif.load_sources`): the same input
gives byte-identical output.  ``write_output`` implements ``--output FILE|DIR``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Any, Mapping, Sequence

from ..findings import RunResult

FORMATS = ("text", "json", "sarif", "html", "csv")
EXTENSIONS = {"text": "txt", "json": "json", "sarif": "sarif", "html": "html", "csv": "csv"}
DEFAULT_STEM = "compliance-report"

Sources = Mapping[str, "str | Sequence[str]"]


def render(
    run: RunResult,
    fmt: str,
    *,
    color: bool = False,
    explain: bool = False,
    rules_catalog: Sequence[Mapping[str, Any]] | None = None,
    sources: Sources | None = None,
    width: int | None = None,
) -> str | bytes:
    """Render ``run`` in ``fmt`` (one of :data:`FORMATS`).

    ``color``: ANSI colours (text only; pass ``sys.stdout.isatty()``).  ``explain``: evidence
    arithmetic, legal basis and rule rationale under each finding (text; HTML always shows
    them).  ``rules_catalog``: rule metadata dicts ``{id, name, summary, severity, basis,
    rationale}`` (SARIF's rule catalogue, summaries in text/HTML).  ``sources``: path → the
    file's text or lines, for SARIF's UTF-16 columns; when ``None`` SARIF reads the files that
    exist.  ``width``: text width in terminal cells (default 100).

    Returns ``str`` except for ``csv``, which is ``bytes`` (UTF-8 with BOM and CRLF).
    """
    if fmt == "text":
        from .text import render_text

        return render_text(run, color=color, explain=explain, rules_catalog=rules_catalog, width=width)
    if fmt == "json":
        from .json import render_json

        return render_json(run)
    if fmt == "sarif":
        from .sarif import load_sources, render_sarif

        if sources is None:
            sources = load_sources(run)
        return render_sarif(run, rules_catalog=rules_catalog, sources=sources)
    if fmt == "html":
        from .html import render_html
        from .sarif import load_sources

        if sources is None:
            sources = load_sources(run)
        return render_html(run, rules_catalog=rules_catalog, sources=sources)
    if fmt == "csv":
        from .csv import render_csv

        return render_csv(run)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def catalog_for(run: RunResult) -> list[dict[str, Any]]:
    """The rule catalogue of every rule set named in ``run`` (merged by rule id, first set in
    name order wins), for SARIF's ``tool.driver.rules`` and the summaries in text/HTML.

    A rule set that cannot be loaded any more contributes nothing (the findings still carry
    their own name and basis)."""
    from ..ruleset import load_ruleset  # here, not above: rendering alone needs no rule set

    merged: dict[str, dict[str, Any]] = {}
    for name in sorted({r.ruleset for r in run.reports if r.ruleset}):
        try:
            entries = load_ruleset(name).catalog()
        except Exception:  # noqa: BLE001 - a broken set must not stop the output
            continue
        for entry in entries:
            merged.setdefault(str(entry.get("id")), dict(entry))
    return [merged[k] for k in sorted(merged)]


def output_path(output: str | os.PathLike[str], fmt: str) -> Path:
    """``--output FILE|DIR``: a directory (existing, or written with a trailing slash) gets
    ``compliance-report.<ext>`` inside it; anything else is the file itself."""
    text = os.fspath(output)
    p = Path(text)
    if p.is_dir() or text.endswith(("/", os.sep)):
        return p / f"{DEFAULT_STEM}.{EXTENSIONS[fmt]}"
    return p


def write_output(
    run: RunResult,
    fmt: str,
    output: str | os.PathLike[str] | None = None,
    *,
    color: bool | None = None,
    explain: bool = False,
    rules_catalog: Sequence[Mapping[str, Any]] | None = None,
    sources: Sources | None = None,
    stdout: IO[str] | None = None,
) -> Path | None:
    """Render and write: to ``stdout`` when ``output`` is ``None`` or ``-``, else to the file
    :func:`output_path` names (parent folders created).  Returns the path written, if any.

    ``color=None`` means: colour only when writing text to a terminal.  ``rules_catalog=None``
    means: the catalogue of the rule sets the run used (:func:`catalog_for`).
    """
    stream = stdout if stdout is not None else sys.stdout
    to_stdout = output is None or os.fspath(output) == "-"
    if color is None:
        color = to_stdout and fmt == "text" and stream.isatty()
    if rules_catalog is None:
        rules_catalog = catalog_for(run)
    data = render(run, fmt, color=color and to_stdout, explain=explain, rules_catalog=rules_catalog, sources=sources)
    if to_stdout:
        if isinstance(data, bytes):
            buffer = getattr(stream, "buffer", None)
            if buffer is not None:
                stream.flush()
                buffer.write(data)
                buffer.flush()
            else:
                stream.write(data.decode("utf-8-sig"))
        else:
            stream.write(data)
            stream.flush()
        return None
    assert output is not None
    path = output_path(output, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="\n")
    return path


__all__ = ["FORMATS", "EXTENSIONS", "render", "write_output", "output_path", "catalog_for"]
