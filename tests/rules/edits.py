"""Edits on report text: one vocabulary shared by the per-rule cases (tests/rules/**.toml) and
the property tests' mutations (tests/properties/).

Edits are applied to the ORIGINAL text, using the parser's own spans to find cells and
sections, so they work for any input format the parser reads:

    { set_cell = "applications/new_received/natural_person", to = "13" }   # "" blanks it
    { delete_section = "六" }                        # heading line up to the next section
    { replace = "未收取信息处理费", with = "" }         # exactly once unless count = N
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from compliance.parse import parse_text


class EditError(AssertionError):
    pass


def _offset(text: str, line: int, column: int) -> int:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts[line - 1] + column - 1


def set_cell(text: str, address: str, value: str) -> str:
    report = parse_text(text)
    cell = report.cell(address)
    if cell is None:
        raise EditError(f"set_cell: no cell {address} in the report")
    s = cell.span
    a, b = _offset(text, s.line, s.column), _offset(text, s.end_line, s.end_column)
    if text[a:b].strip() != cell.raw.strip():
        raise EditError(f"set_cell: span of {address} holds {text[a:b]!r}, not the cell's raw {cell.raw!r}")
    return text[:a] + value + text[b:]


def delete_section(text: str, number: str) -> str:
    report = parse_text(text)
    section = report.section(number)
    if section is None:
        raise EditError(f"delete_section: no section {number}")
    lines = text.split("\n")
    start = section.span.line - 1
    later = [s.span.line - 1 for s in report.sections if s.span.line - 1 > start]
    end = min(later) if later else len(lines)
    return "\n".join(lines[:start] + lines[end:])


def replace(text: str, old: str, new: str, count: int = 1) -> str:
    found = text.count(old)
    if found != count:
        raise EditError(f"replace: {old!r} occurs {found} times, expected {count}")
    return text.replace(old, new)


def apply_edits(text: str, edits: Sequence[Mapping[str, Any]]) -> str:
    for e in edits:
        if "set_cell" in e:
            text = set_cell(text, e["set_cell"], str(e["to"]))
        elif "delete_section" in e:
            text = delete_section(text, e["delete_section"])
        elif "replace" in e:
            text = replace(text, e["replace"], e["with"], e.get("count", 1))
        else:
            raise EditError(f"unknown edit {dict(e)!r}")
    return text
