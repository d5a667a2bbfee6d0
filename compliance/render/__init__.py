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

import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator, Mapping, Sequence

from ..findings import RunResult

FORMATS = ("text", "json", "jsonl", "sarif", "html", "csv")
EXTENSIONS = {"text": "txt", "json": "json", "jsonl": "jsonl", "sarif": "sarif", "html": "html", "csv": "csv"}
#: the formats written report by report (memory flat over any batch): all but HTML
STREAMED = ("text", "json", "jsonl", "sarif", "csv")
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
    if fmt in STREAMED:
        out = io.StringIO(newline="")
        write_run(run, fmt, out, color=color, explain=explain, rules_catalog=rules_catalog, sources=sources, width=width)
        return out.getvalue().encode("utf-8") if fmt == "csv" else out.getvalue()
    if fmt == "html":
        from .html import render_html
        from .sarif import load_sources

        if sources is None:
            sources = load_sources(run)
        return render_html(run, rules_catalog=rules_catalog, sources=sources)
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


def _to_stdout(output: str | os.PathLike[str] | None) -> bool:
    return output is None or os.fspath(output) == "-"


def _names_a_folder(output: str | os.PathLike[str]) -> bool:
    """An existing directory, or a path written with a trailing slash."""
    text = os.fspath(output)
    return Path(text).is_dir() or text.endswith(("/", os.sep))


def output_path(output: str | os.PathLike[str], fmt: str) -> Path:
    """``--output FILE|DIR``: a directory (existing, or written with a trailing slash) gets
    ``compliance-report.<ext>`` inside it; anything else is the file itself."""
    p = Path(os.fspath(output))
    return p / f"{DEFAULT_STEM}.{EXTENSIONS[fmt]}" if _names_a_folder(output) else p


def write_run(
    run: RunResult,
    fmt: str,
    out: IO[str],
    *,
    color: bool = False,
    explain: bool = False,
    rules_catalog: Sequence[Mapping[str, Any]] | None = None,
    sources: Sources | None = None,
    width: int | None = None,
) -> None:
    """Write ``run`` in ``fmt`` to the text stream ``out``, report by report for the
    :data:`STREAMED` formats (``run.reports`` may be a batch on disk); what :func:`render`
    returns (CSV decoded: write it to a stream opened with ``newline=""``)."""
    if fmt == "text":
        from .text import write_text

        write_text(run, out, color=color, explain=explain, rules_catalog=rules_catalog, width=width)
    elif fmt == "json":
        from .json import write_json

        write_json(run, out)
    elif fmt == "jsonl":
        from .json import write_jsonl

        write_jsonl(run, out)
    elif fmt == "sarif":
        from .sarif import write_sarif

        write_sarif(run, out, rules_catalog=rules_catalog, sources=sources)
    elif fmt == "csv":
        from .csv import write_csv

        write_csv(run, out)
    else:
        data = render(run, fmt, color=color, explain=explain, rules_catalog=rules_catalog, sources=sources)
        assert isinstance(data, str)  # html: every bytes format is streamed
        out.write(data)


@contextmanager
def open_output(output: str | os.PathLike[str] | None, fmt: str, *, stdout: IO[str] | None = None) -> Iterator[IO[str]]:
    """The text stream ``--output`` names: standard output when ``output`` is ``None`` or
    ``-``, else the file :func:`output_path` gives (parent folders created), UTF-8, ``\n``
    line ends (CSV: no translation, its rows end in CRLF)."""
    stream = stdout if stdout is not None else sys.stdout
    newline = "" if fmt == "csv" else "\n"
    if output is None or _to_stdout(output):
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            yield stream
            stream.flush()
            return
        stream.flush()
        wrapped = io.TextIOWrapper(buffer, encoding="utf-8", newline=newline, write_through=False)
        try:
            yield wrapped
        finally:
            wrapped.flush()
            wrapped.detach()
        return
    path = output_path(output, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline=newline) as f:
        yield f


class OutputError(ValueError):
    """The output cannot be written as asked (the message, Chinese, says why)."""


def html_single_page_limit() -> int:
    from .html import SINGLE_PAGE_LIMIT

    return SINGLE_PAGE_LIMIT


def html_pages_folder(output: str | os.PathLike[str] | None) -> Path:
    """Where a batch too large for one HTML page goes: the folder ``--output`` names, or for a
    file name ``x.html`` the folder ``x/`` beside it.  :class:`OutputError` for standard output."""
    if output is None or _to_stdout(output):
        raise OutputError(f"超过 {html_single_page_limit()} 份报告的 HTML 结果分页写出（总览页和每份报告一页），"
                          "请用 --output 指定文件夹")
    p = Path(os.fspath(output))
    return p if _names_a_folder(output) else p.with_suffix("")


def _write_pages(run: RunResult, output: str | os.PathLike[str] | None, rules_catalog: Sequence[Mapping[str, Any]]) -> Path:
    from .html import write_html_pages

    return write_html_pages(run, html_pages_folder(output), rules_catalog=rules_catalog)


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
    Written report by report (:func:`write_run`): memory stays flat over any batch.  HTML of
    more than ``html.SINGLE_PAGE_LIMIT`` reports is written as linked pages into a folder
    (:func:`html_pages_folder`; :class:`OutputError` for standard output).

    ``color=None`` means: colour only when writing text to a terminal.  ``rules_catalog=None``
    means: the catalogue of the rule sets the run used (:func:`catalog_for`).
    """
    stream = stdout if stdout is not None else sys.stdout
    to_stdout = _to_stdout(output)
    if color is None:
        color = to_stdout and fmt == "text" and stream.isatty()
    if rules_catalog is None:
        rules_catalog = catalog_for(run)
    if fmt == "html" and len(run.reports) > html_single_page_limit():
        return _write_pages(run, output, rules_catalog)
    with open_output(output, fmt, stdout=stdout) as out:
        write_run(run, fmt, out, color=color and to_stdout, explain=explain, rules_catalog=rules_catalog, sources=sources)
    return None if output is None or to_stdout else output_path(output, fmt)


__all__ = ["FORMATS", "EXTENSIONS", "STREAMED", "OutputError", "html_pages_folder", "html_single_page_limit", "render", "write_run", "open_output", "write_output", "output_path", "catalog_for"]
