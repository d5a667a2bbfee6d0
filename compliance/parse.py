"""The parsing pipeline: bytes/text → Report.  Never raises for bad input.

    bytes ─read─▶ SourceText ─normalise─▶ Frame ─adapt─▶ canonical lines
          ─split headings, rowify─▶ lines ─Lark LALR─▶ Document ─layout─▶ Report

Unreadable input becomes a Report with template ``unknown`` and a ``PRS-001`` problem.  So does
a bug: no exception of any kind (MemoryError and RecursionError included) escapes the
``parse_*`` functions; it becomes a ``PRS-001`` problem naming the exception type.  Only
KeyboardInterrupt and SystemExit (which are not ``Exception`` subclasses) propagate.
``strict=True`` re-raises unexpected exceptions instead, for tests and debugging.

Re-entrant and thread-safe: every stage keeps its per-document data in locals and in the
objects it returns; the shared parser (:mod:`compliance.build`) holds none.
"""

from __future__ import annotations

import os

from .adapters import flat
from attrs import evolve

from .adapters.base import Canon, Frame
from .documents import DocumentError, Limits, read_document, sniff
from .documents.base import assemble
from .findings import Finding
from .adapters.textual import adapt_text
from .build import BuildError, build_document
from .layout.report import layout
from .codes import UNREADABLE_INPUT, Code
from .model import Report
from .normalise import normalise
from .read import ReadError, decode, read_bytes
from .text import PlaceMap, SourceText, Span


def _adapt(source: SourceText):
    from .adapters import html as html_adapter

    if html_adapter.looks_like_html(source.text):
        return html_adapter.adapt_html(source)
    norm, omap = normalise(source.text)
    return adapt_text(Frame(source, norm, omap))


def parse_source(source: SourceText, *, strict: bool = False, canon: Canon | None = None) -> Report:
    """Parse decoded text (or, with ``canon``, a document's extracted text and its lines)."""
    try:
        if canon is None:
            canon = _adapt(source)
        lines = flat.rowify(flat.split_headings(list(canon.lines)))
        doc = build_document(canon.format, tuple(lines))
        report = layout(doc, source.path, source.encoding)
        if source.places:
            report = locate_report(report, source.places, source.text)
        return report
    except BuildError as exc:
        if strict:
            raise
        return unreadable(source.path, f"报告结构无法解析：{exc}", encoding=source.encoding)
    except Exception as exc:  # a bug (or MemoryError, RecursionError): report, never crash
        if strict:
            raise
        return unreadable(source.path, internal_error("报告结构无法解析", exc), encoding=source.encoding)


def internal_error(what: str, exc: BaseException, consequence: str = "") -> str:
    """``报告结构无法解析（内部错误 IndexError: …），请报告此问题``: the message of a finding that
    stands for an unexpected exception (a bug), naming its type."""
    try:
        detail = " ".join(str(exc).split())
    except Exception:  # an exception whose __str__ fails
        detail = ""
    if len(detail) > 200:
        detail = detail[:199] + "…"
    name = type(exc).__name__
    cause = f"内部错误 {name}: {detail}" if detail else f"内部错误 {name}"
    return f"{what}（{cause}），{consequence + '；' if consequence else ''}请报告此问题"


def unreadable(path: str, message: str, encoding: str = "unknown", code: Code = UNREADABLE_INPUT, fmt: str = "unknown") -> Report:
    """A report of which nothing was read: its one problem (``PRS-001`` unless ``code`` says
    what kept the file from being read: a scanned PDF, a password, a limit …)."""
    problem = code.finding(message, span=Span.point(1))
    return Report(path, fmt, encoding, "unknown", None, None, None, (), (), (problem,))


def locate_report(report: Report, places: PlaceMap, text: str) -> Report:
    """``report`` knowing where its extracted text stands in the document (page, paragraph,
    table cell): its problems located, its map kept for the findings of the rules."""
    problems = tuple(locate(p, places) for p in report.problems)
    return evolve(report, problems=problems, places=places, extracted=text)


def locate(finding: Finding, places: PlaceMap | None) -> Finding:
    """``finding`` with the document place of its span filled in."""
    span = finding.location.span
    if not places or span is None or span.place is not None:
        return finding
    located = places.locate(span)
    if located is span:
        return finding
    return evolve(finding, location=evolve(finding.location, span=located))


def _document(data: bytes, path: str, limits: Limits | None, strict: bool) -> Report | None:
    """The report of a PDF or Word file (None: the bytes are text, read them as text)."""
    kind = sniff(data)
    if kind is None:
        return None
    try:
        extracted = read_document(data, path, kind, limits)
        source, canon = assemble(path, extracted)
    except DocumentError as exc:
        return unreadable(path, exc.message, encoding="binary", code=exc.code, fmt=kind)
    except Exception as exc:
        if strict:
            raise
        return unreadable(path, internal_error("无法读取文档", exc), encoding=kind)
    if not source.text.strip():
        return unreadable(path, "文档中没有可读取的文字", encoding=kind)
    return parse_source(source, strict=strict, canon=canon)


def parse_bytes(data: bytes, path: str = "<bytes>", *, strict: bool = False, limits: Limits | None = None) -> Report:
    try:
        report = _document(data, path, limits, strict)
        if report is not None:
            return report
        source = decode(data, path)
    except ReadError as exc:
        return unreadable(path, exc.message)
    except Exception as exc:
        if strict:
            raise
        return unreadable(path, internal_error("无法读取内容", exc))
    return parse_source(source, strict=strict)


def parse_text(text: str, path: str = "<text>", *, strict: bool = False) -> Report:
    try:
        source = SourceText(path, text, "utf-8")
    except Exception as exc:  # e.g. not a str
        if strict:
            raise
        return unreadable(path, internal_error("无法读取内容", exc))
    return parse_source(source, strict=strict)


def parse_path(path: str | os.PathLike[str], *, strict: bool = False, limits: Limits | None = None) -> Report:
    try:
        data = read_bytes(path)
        report = _document(data, str(path), limits, strict)
        if report is not None:
            return report
        source = decode(data, str(path))
    except ReadError as exc:
        return unreadable(str(path), exc.message)
    except Exception as exc:
        if strict:
            raise
        return unreadable(str(path), internal_error("无法读取文件", exc))
    return parse_source(source, strict=strict)
