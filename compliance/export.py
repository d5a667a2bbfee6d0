"""``compliance export``: every table cell of every report, one row each, for spreadsheets,
pandas and DuckDB (docs/export.md).

    for row in cell_rows(snapshot):            # dicts with the keys of COLUMNS
        ...
    with open("cells.csv", "wb") as out:
        write_csv(rows, out)                   # or write_jsonl / write_parquet

The rows come from :class:`~compliance.snapshot.Snapshot` values, the same record of a report
that the rules over several reports and the history use: path, agency (as printed and as its
:func:`~compliance.agency.agency_key`), year, template, the sha256 of the file, then per cell
its address split into table/row/column, its Chinese label (from :mod:`compliance.template`),
its value, its kind, the text as printed and where it is printed.

A cell that is not a number has no value: a blank cell is ``kind = blank`` with an empty value,
never 0; so are placeholders (``/``, ``—``), text and unreadable cells.

Writers stream: each takes an iterable of rows and a binary stream and writes as it goes
(Parquet in row groups), so a batch is never held whole.  CSV is UTF-8 with a byte-order mark
and CRLF like ``compliance check --format csv``, and text a spreadsheet would run as a formula
is neutralised the same way.  Parquet needs the optional ``pyarrow``
(``pip install "compliance[parquet]"``).
"""

from __future__ import annotations

import csv
import importlib
import json
import os
import threading
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

from attrs import frozen

from .agency import agency_key
from .codes import NOT_READ, get as get_code
from .documents import Limits
from .findings import json_number
from .render.csv import _safe
from .snapshot import Snapshot, sha256_hex
from .template import label as template_label

COLUMNS: tuple[str, ...] = (
    "path",
    "agency",
    "agency_key",
    "year",
    "template",
    "source_hash",
    "table",
    "row",
    "column",
    "address",
    "label",
    "value",
    "kind",
    "raw",
    "line",
    "column_no",
)
FORMATS = ("csv", "jsonl", "parquet")
PARQUET_HINT = 'pip install "compliance[parquet]"'

# rows per Parquet row group (a batch of small reports is not thousands of tiny groups)
_ROW_GROUP = 65536


class MissingDependency(RuntimeError):
    """An optional dependency of a format is not installed (the message says how to install it)."""


# --------------------------------------------------------------------------------------------
# rows


def cell_rows(snapshot: Snapshot) -> Iterator[dict[str, Any]]:
    """One dict per cell of ``snapshot``, keys :data:`COLUMNS`, in the snapshot's cell order.

    ``value`` is the number (int for counts, Decimal for amounts) or None when the cell is not
    a number; ``line``/``column_no`` are 1-based, 0 when unknown."""
    key = agency_key(snapshot.agency)
    for c in snapshot.cells:
        table, row, column = (c.address.split("/", 2) + ["", ""])[:3]
        yield {
            "path": snapshot.path,
            "agency": snapshot.agency,
            "agency_key": key,
            "year": snapshot.year,
            "template": snapshot.template,
            "source_hash": snapshot.source_hash,
            "table": table,
            "row": row,
            "column": column,
            "address": c.address,
            "label": template_label(c.address, snapshot.template),
            "value": c.number,
            "kind": c.kind,
            "raw": c.raw,
            "line": c.line,
            "column_no": c.column,
        }


# --------------------------------------------------------------------------------------------
# reading the files


@frozen
class Outcome:
    """One input file: its display path, its snapshot (None when it could not be read) and why
    it could not be read."""

    path: str
    snapshot: Snapshot | None
    reason: str | None = None

    @property
    def read(self) -> bool:
        return self.snapshot is not None


def snapshot_path(path: str | os.PathLike[str], shown: str | None = None, limits: Limits | None = None) -> Outcome:
    """Parse one file into its snapshot; never raises for a bad file (the reason is kept)."""
    from .parse import internal_error, parse_path

    shown = shown if shown is not None else str(path)
    try:
        report = parse_path(str(path), limits=limits)
    except Exception as exc:  # the parser promises not to raise; be safe for a batch
        return Outcome(shown, None, internal_error("无法解析文件", exc))
    unread = [p.message for p in report.problems if _code(p.rule) in NOT_READ]
    if unread:
        return Outcome(shown, None, "；".join(unread))
    try:
        data = Path(path).read_bytes()
        return Outcome(shown, Snapshot.of(report, sha256_hex(data), shown))
    except (OSError, ValueError) as exc:
        return Outcome(shown, None, f"无法读取文件：{exc}")


def _code(rule: str) -> str:
    c = get_code(rule)
    return c.id if c is not None else rule


def _one(job: tuple[str, str, Limits | None]) -> Outcome:
    return snapshot_path(job[0], job[1], job[2])


def snapshots(files: Sequence[tuple[Path, str]], *, jobs: int = 1, limits: Limits | None = None) -> Iterator[Outcome]:
    """The outcome of every (file, display path), in input order whatever ``jobs`` is, each
    yielded as soon as it and those before it are done (``jobs`` > 1: worker processes)."""
    work = [(str(f), shown, limits) for f, shown in files]
    if jobs > 1 and len(work) > 1:
        import multiprocessing

        # as the engine does: fork is fast, but forking a process that runs threads can deadlock
        method = "fork" if hasattr(os, "fork") and threading.active_count() == 1 else "spawn"
        with multiprocessing.get_context(method).Pool(min(jobs, len(work))) as pool:
            yield from pool.imap(_one, work, chunksize=max(1, min(16, len(work) // (jobs * 4))))
    else:
        for w in work:
            yield _one(w)


# --------------------------------------------------------------------------------------------
# writers: each returns the number of rows written


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_values(row: dict[str, Any]) -> list[Any]:
    """A row as CSV fields: None empty, the value as its decimal text, every other text field
    neutralised as in ``compliance check --format csv`` (a leading ``=``, ``+``, ``-``, ``@``,
    tab or carriage return gets an apostrophe)."""
    out: list[Any] = []
    for name in COLUMNS:
        v = row.get(name)
        if name == "value":
            out.append(_number_text(v))  # a number, never a formula (a negative one stays -5)
        elif isinstance(v, int) and not isinstance(v, bool):
            out.append(v)
        else:
            out.append(_safe(v))
    return out


class _Utf8:
    """A text sink over a binary stream, for :func:`csv.writer` (one write per row)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text.encode("utf-8"))
        return len(text)


def write_csv(rows: Iterable[dict[str, Any]], stream: IO[bytes]) -> int:
    """UTF-8 with BOM, CRLF, RFC 4180 quoting; a header row, then ``rows``."""
    sink = _Utf8(stream)
    sink.write("\ufeff")
    writer = csv.writer(sink, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        writer.writerow(csv_values(row))
        n += 1
    stream.flush()
    return n


def jsonl_line(row: dict[str, Any]) -> str:
    """One row as a JSON object on one line (numbers as in the JSON output, None as null)."""
    return json.dumps({k: json_number(row.get(k)) for k in COLUMNS}, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_jsonl(rows: Iterable[dict[str, Any]], stream: IO[bytes]) -> int:
    """One JSON object per line (UTF-8, ``\\n``), written row by row."""
    n = 0
    for row in rows:
        stream.write(jsonl_line(row).encode("utf-8"))
        n += 1
    stream.flush()
    return n


def have_parquet() -> bool:
    try:
        _pyarrow()
    except MissingDependency:
        return False
    return True


def _pyarrow() -> tuple[Any, Any]:
    try:
        return importlib.import_module("pyarrow"), importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise MissingDependency(f"Parquet 格式需要 pyarrow，请安装：{PARQUET_HINT}") from None


def parquet_schema() -> Any:
    """The Parquet columns: texts, ``year``/``line``/``column_no`` int32, ``value`` float64
    (null when the cell is not a number)."""
    pa, _pq = _pyarrow()
    ints = {"year", "line", "column_no"}
    return pa.schema([
        pa.field(name, pa.int32() if name in ints else (pa.float64() if name == "value" else pa.string()),
                 nullable=name not in ("path", "template", "table", "row", "column", "address", "kind", "raw", "line", "column_no"))
        for name in COLUMNS
    ])


def write_parquet(rows: Iterable[dict[str, Any]], stream: IO[bytes], *, row_group: int = _ROW_GROUP) -> int:
    """Parquet (zstd), in row groups of ``row_group`` rows.  Raises :class:`MissingDependency`
    without pyarrow."""
    pa, pq = _pyarrow()
    schema = parquet_schema()
    n = 0
    buffer: dict[str, list[Any]] = {k: [] for k in COLUMNS}
    with pq.ParquetWriter(stream, schema, compression="zstd") as writer:

        def flush() -> None:
            if buffer["path"]:
                writer.write_table(pa.Table.from_pydict(buffer, schema=schema))
                for v in buffer.values():
                    v.clear()

        for row in rows:
            for k in COLUMNS:
                v = row.get(k)
                buffer[k].append(float(v) if k == "value" and v is not None else v)
            n += 1
            if len(buffer["path"]) >= row_group:
                flush()
        flush()
    return n


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}


def write(fmt: str, rows: Iterable[dict[str, Any]], stream: IO[bytes]) -> int:
    """Write ``rows`` in ``fmt`` (one of :data:`FORMATS`) to ``stream``; the number written."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return writer(rows, stream)


__all__ = [
    "COLUMNS", "FORMATS", "MissingDependency", "Outcome", "PARQUET_HINT", "cell_rows", "csv_values", "have_parquet",
    "jsonl_line", "parquet_schema", "snapshot_path", "snapshots", "write", "write_csv", "write_jsonl", "write_parquet",
]
