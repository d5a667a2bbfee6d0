"""The parsing pipeline: bytes/text → Report.  Never raises for bad input.

    bytes ─read─▶ SourceText ─normalise─▶ Frame ─adapt─▶ canonical lines
          ─split headings, rowify─▶ lines ─Lark LALR─▶ Document ─layout─▶ Report

Unreadable input becomes a Report with template ``unknown`` and a ``PRS-001`` problem.
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


def parse_source(source: SourceText) -> Report:
    try:
        canon = _adapt(source)
        lines = flat.rowify(flat.split_headings(list(canon.lines)))
        doc = build_document(canon.format, tuple(lines))
        return layout(doc, source.path, source.encoding)
    except (BuildError, RecursionError, ValueError) as exc:  # defensive: report, never crash
        return unreadable(source.path, f"报告结构无法解析：{exc}", encoding=source.encoding)


def unreadable(path: str, message: str, encoding: str = "unknown") -> Report:
    problem = UNREADABLE_INPUT.finding(message, span=Span.point(1))
    return Report(path, "unknown", encoding, "unknown", None, None, None, (), (), (problem,))


def parse_bytes(data: bytes, path: str = "<bytes>") -> Report:
    try:
        source = decode(data, path)
    except ReadError as exc:
        return unreadable(path, exc.message)
    return parse_source(source)


def parse_text(text: str, path: str = "<text>") -> Report:
    return parse_source(SourceText(path, text, "utf-8"))


def parse_path(path: str | os.PathLike[str]) -> Report:
    try:
        source = read_path(path)
    except ReadError as exc:
        return unreadable(str(path), exc.message)
    return parse_source(source)
