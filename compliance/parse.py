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
from .adapters.base import Frame
from .adapters.textual import adapt_text
from .build import BuildError, build_document
from .layout.report import layout
from .codes import UNREADABLE_INPUT
from .model import Report
from .normalise import normalise
from .read import ReadError, decode, read_path
from .text import SourceText, Span


def _adapt(source: SourceText):
    from .adapters import html as html_adapter

    if html_adapter.looks_like_html(source.text):
        return html_adapter.adapt_html(source)
    norm, omap = normalise(source.text)
    return adapt_text(Frame(source, norm, omap))


def parse_source(source: SourceText, *, strict: bool = False) -> Report:
    try:
        canon = _adapt(source)
        lines = flat.rowify(flat.split_headings(list(canon.lines)))
        doc = build_document(canon.format, tuple(lines))
        return layout(doc, source.path, source.encoding)
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


def unreadable(path: str, message: str, encoding: str = "unknown") -> Report:
    problem = UNREADABLE_INPUT.finding(message, span=Span.point(1))
    return Report(path, "unknown", encoding, "unknown", None, None, None, (), (), (problem,))


def parse_bytes(data: bytes, path: str = "<bytes>", *, strict: bool = False) -> Report:
    try:
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


def parse_path(path: str | os.PathLike[str], *, strict: bool = False) -> Report:
    try:
        source = read_path(path)
    except ReadError as exc:
        return unreadable(str(path), exc.message)
    except Exception as exc:
        if strict:
            raise
        return unreadable(str(path), internal_error("无法读取文件", exc))
    return parse_source(source, strict=strict)
