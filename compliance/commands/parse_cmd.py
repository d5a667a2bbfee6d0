"""``compliance parse PATH [--format json|tree|text]``: show what the parser read.

``text`` prints the text the line and column numbers of findings index: the decoded file for
text formats, the extracted text for PDF and Word documents (with each line's page/paragraph)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..findings import Severity
from ..model import Report
from ..template import current as current_template, table_heading
from ..documents import LIMIT_HELP
from ..parse import parse_path
from ..read import ReadError, read_path
from .check import read_limits



def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "parse",
        help="parse one report and print what was read (JSON or a tree)",
        description="解析一份年度报告，输出识别出的模板、年度、机关、章节和表格单元格。",
    )
    p.add_argument("path", metavar="PATH", help="report file (txt, md, html, tsv …)")
    p.add_argument("--format", choices=("json", "tree", "text"), default="json")
    p.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE", help=f"PDF/Word 读取上限（可重复）：{LIMIT_HELP}")
    p.set_defaults(handler=run)
    return p


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.exists():
        print(f"compliance parse: 文件不存在：{args.path}", file=sys.stderr)
        return 2
    if path.is_dir():
        print(f"compliance parse: 需要一个文件，而不是文件夹：{args.path}（批量检查请用 compliance check）", file=sys.stderr)
        return 2
    limits = read_limits(args.limit, "parse")
    if limits is None:
        return 2
    report = parse_path(path, limits=limits)
    if args.format == "text":
        sys.stdout.write(render_text(report, path))
    elif args.format == "json":
        sys.stdout.write(json.dumps(report.to_parse_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_tree(report))
    return 1 if any(p.severity is Severity.ERROR for p in report.problems) else 0


def render_text(report: Report, path: Path) -> str:
    """The text findings' lines index, numbered; for a document each line with its place."""
    if report.extracted is None:
        try:
            text = read_path(path).text
        except ReadError as exc:
            return f"{exc.message}\n"
        return "".join(f"{n:>5}  {line}\n" for n, line in enumerate(text.split("\n"), 1))
    out = []
    places = report.places
    for n, line in enumerate(report.extracted.split("\n"), 1):
        place = places.lookup(n) if places else None
        label = place.label() if place is not None else ""
        out.append(f"{n:>5}  {label:<14}  {line}\n")
    return "".join(out)


def render_tree(report: Report) -> str:
    out = [
        f"Report {report.path}",
        f"  format={report.format} encoding={report.encoding} template={report.template} "
        f"year={report.year} agency={report.agency}",
    ]
    if report.title:
        out.append(f"  title={report.title}")
    out.append("├─ sections")
    for s in report.sections:
        where = "cell" if s.from_cell else "heading"
        out.append(f"│  ├─ {s.canonical} {s.number}、{s.title}  (line {s.span.line}, {where}, {len(s.paragraphs)} paragraphs)")
    for t in report.tables:
        out.append(f"├─ table {t.id}  {table_heading(t.id) if current_template().get(t.id) else ''}")
        for r in t.rows:
            out.append(f"│  ├─ {r.id}  “{r.label}” [{r.match}] line {r.span.line}")
            for c, cell in r.cells:
                shown = cell.value if cell.kind == "number" else repr(cell.raw)
                out.append(f"│  │  ├─ {c} = {shown} ({cell.kind}) @{cell.span.line}:{cell.span.column}")
    if report.problems:
        out.append("└─ problems")
        for p in report.problems:
            span = p.location.span
            loc = f"{span.line}:{span.column}" if span else "-"
            out.append(f"   ├─ {loc} {p.rule} {p.severity.value} {p.message}")
    return "\n".join(out) + "\n"
