"""Fault injection for Word and PDF reports: one table-三/四 number changed, in the document.

A Word or PDF file cannot be edited at a printed position the way a text file can, so the
variant is generated: the example's parsed report with the one cell changed by +1..+3 (and, for
the blank-heavy variants, the cells of :func:`support.faults.blank_sets` printed blank) is
written as a document by a generator (``support.docx_gen.report_to_docx``,
``support.pdf_gen.report_to_pdf``), read back and checked.  A variant counts as detected when an
**error** names a cell of the changed table, as for the text formats.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from attrs import evolve

from compliance.engine import check_report
from compliance.model import Cell, Report
from compliance.parse import parse_bytes, parse_path

from .faults import blank_sets, detected, qualifying_cells, sliced

Generator = Callable[[Report], bytes]


def with_cells(report: Report, changes: dict[str, Cell]) -> Report:
    """``report`` with the cells at the given addresses replaced."""
    tables = []
    for t in report.tables:
        rows = []
        for r in t.rows:
            cells = tuple((c, changes.get(f"{t.id}/{r.id}/{c}", cell)) for c, cell in r.cells)
            rows.append(evolve(r, cells=cells) if cells != r.cells else r)
        tables.append(evolve(t, rows=tuple(rows)))
    return evolve(report, tables=tuple(tables))


def changed(cell: Cell, delta: int) -> Cell:
    value = cell.value + delta  # type: ignore[operator]
    return evolve(cell, raw=str(value), value=value)


def blanked(cell: Cell) -> Cell:
    return evolve(cell, raw="", value=None, kind="blank")


def variants(path: Path, blanks: bool = True) -> Iterator[tuple[str, str, int, Report]]:
    """(variant, address, delta, changed report) for every qualifying cell of one example, as
    published and in its blank-heavy variants."""
    report = parse_path(path)
    cells = qualifying_cells(report)
    for i, address in enumerate(cells):
        delta = 1 + i % 3
        yield "published", address, delta, with_cells(report, {address: changed(report.cell(address), delta)})
    if not blanks:
        return
    for name, addresses in blank_sets(report).items():
        if not addresses:
            continue
        base = with_cells(report, {a: blanked(report.cell(a)) for a in addresses})
        hiding = any(report.cell(a).value != 0 for a in addresses)
        left = qualifying_cells(base) if hiding else [a for a in cells if a not in addresses]
        for i, address in enumerate(left):
            delta = 1 + i % 3
            yield name, address, delta, with_cells(base, {address: changed(base.cell(address), delta)})


class DocxStamp:
    """A generator that writes a Word document once per base report and stamps each variant's
    numbers into it: the base is written with a unique token in every table-三/四 number cell
    (``Qab``), and a variant replaces the tokens in ``word/document.xml`` — the same document
    the generator would write for that report, at a fraction of the cost (python-docx builds
    tables slowly)."""

    def __init__(self, generate: Generator) -> None:
        self.generate = generate
        self.cache: dict[int, tuple[bytes, dict[str, str]]] = {}

    def __call__(self, report: Report) -> bytes:
        import zipfile
        from io import BytesIO

        numbers = [(a, c) for a, c in report.cells() if a.split("/")[0] in ("applications", "appeals") and c.kind == "number"]
        key = hash(tuple(a for a, _ in numbers))
        if key not in self.cache:
            letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            # three characters: the generator writes shorter texts in one run
            tokens = {a: "Q" + letters[i // 52] + letters[i % 52] for i, (a, _) in enumerate(numbers)}
            stamped = with_cells(report, {a: evolve(c, raw=tokens[a]) for a, c in numbers})
            self.cache[key] = (self.generate(stamped), tokens)
        base, tokens = self.cache[key]
        raw = {a: c.raw for a, c in numbers}
        src = zipfile.ZipFile(BytesIO(base))
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "word/document.xml":
                    text = data.decode("utf-8")
                    for a, token in tokens.items():
                        text = text.replace(f">{token}<", f">{raw[a]}<")
                    data = text.encode("utf-8")
                dst.writestr(info, data)
        return out.getvalue()


def run(path: Path, generate: Generator, suffix: str, blanks: bool = True, stride: int = 1) -> tuple[int, int, list[str]]:
    """(variants, detected, undetected descriptions) for one example written by ``generate``."""
    total = hits = 0
    missed: list[str] = []
    for variant, address, delta, report in sliced(variants(path, blanks), stride):
        total += 1
        data = generate(report)
        result = check_report(parse_bytes(data, path=path.stem + suffix))
        if detected(result.findings, address.split("/")[0]):
            hits += 1
        else:
            missed.append(f"{variant} {address}+{delta}")
    return total, hits, missed
