"""One fact, one finding: the engine's last pass over a report's check findings.

Two folds, both generic over the findings the rules produce (no rule id is named here):

* **unreadable rows of one table** — several ``PRS-003`` findings (one per glued row, as the
  parser reports them in ``Report.problems``) become one finding for the table, naming the
  rows; every row address stays in ``evidence.rows`` and every row's own message in
  ``evidence.details``; the location is the first row's.
* **notes folded into their cause** — an info ``not-assessable`` note (a check that could not
  run because cells are unfilled: ``evidence.unfilled``) whose unfilled cells are all covered
  by one *cause* finding is not reported separately: it is added to the cause's
  ``evidence.undecided`` (``{"rule", "check", "cell"}`` per note) and the cause's message says
  how many checks it leaves undecided.  A cause is a finding that names the cells it is about:
  ``evidence.cells`` (cell addresses: blank cells, missing cells, non-numeric cells) or
  ``evidence.rows`` / a parse problem's ``evidence.row`` (whole rows: unreadable or missing).
  A note covered by no single cause stays as it is.
* **a row printed but not read** — a finding that says where a row the table lacks is printed
  (``evidence.printed_at``) takes in the parse problem of that line that could not fit the row
  (``PRS-005`` without a row): its message goes to ``evidence.parse_problem``.

``compliance parse`` keeps the parser's problems as they are (one per row); this pass works
on the findings of ``compliance check``.  docs/findings.md describes the grouped findings.
"""

from __future__ import annotations

from typing import Any, Iterable

from .checks.base import NOT_ASSESSABLE
from .codes import ROW_MISFIT, UNREADABLE_ROW
from .findings import Finding, Severity
from .template import current


def group_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings with the folds above applied; order is kept (the engine sorts after)."""
    out = _group_unreadable_rows(list(findings))
    out = _fold_misfits(out)
    return _fold_notes(out)


# --------------------------------------------------------------------------------------------
# unreadable rows


def _row_of(f: Finding) -> str | None:
    for k, v in f.evidence:
        if k == "row" and isinstance(v, str):
            return v
    return None


def _group_unreadable_rows(findings: list[Finding]) -> list[Finding]:
    by_table: dict[str, list[Finding]] = {}
    for f in findings:
        row = _row_of(f)
        if f.rule == UNREADABLE_ROW.id and row is not None and "rows" not in dict(f.evidence):
            by_table.setdefault(row.split("/")[0], []).append(f)
    merged: dict[int, Finding] = {}
    dropped: set[int] = set()
    for table, members in by_table.items():
        if len(members) < 2:
            continue
        members.sort(key=Finding.sort_key)
        merged[id(members[0])] = _unreadable_group(table, members)
        dropped.update(id(m) for m in members[1:])
    return [merged.get(id(f), f) for f in findings if id(f) not in dropped]


def _unreadable_group(table: str, members: list[Finding]) -> Finding:
    schema = current()
    spec = schema.get(table)
    rows = [_row_of(m) or "" for m in members]
    names = []
    for r in rows:
        rid = r.split("/", 1)[1] if "/" in r else r
        names.append(f"“{spec.row_label(rid)}”" if spec is not None else f"“{rid}”")
    shown = "、".join(names[:8]) + (f" 等 {len(names)} 行" if len(names) > 8 else "行")
    table_name = spec.short if spec is not None else table
    first = members[0]
    message = (
        f"{table_name}有 {len(members)} 行的数字粘连在一起、无法唯一拆分：{shown}；"
        "这些行的单元格按“无法读取”处理（各行的数字与拆分情况见证据 details）"
    )
    return Finding(
        rule=first.rule,
        name=first.name,
        severity=max((m.severity for m in members), key=lambda s: s.rank),
        message=message,
        location=first.location,
        evidence=(("row", rows[0]), ("rows", rows), ("details", [m.message for m in members])),
        basis=first.basis,
    )


# --------------------------------------------------------------------------------------------
# a row printed but not read


def _fold_misfits(findings: list[Finding]) -> list[Finding]:
    printed: dict[int, int] = {}
    for i, f in enumerate(findings):
        line = dict(f.evidence).get("printed_at")
        if isinstance(line, int):
            printed.setdefault(line, i)
    if not printed:
        return findings
    taken: dict[int, list[str]] = {}
    dropped: set[int] = set()
    for j, f in enumerate(findings):
        s = f.location.span
        if f.rule == ROW_MISFIT.id and f.cell is None and s is not None and s.line in printed:
            taken.setdefault(printed[s.line], []).append(f.message)
            dropped.add(j)
    out = []
    for i, f in enumerate(findings):
        if i in dropped:
            continue
        if i in taken:
            f = Finding(rule=f.rule, name=f.name, severity=f.severity, message=f.message, location=f.location,
                        evidence=(*f.evidence, ("parse_problem", taken[i][0] if len(taken[i]) == 1 else taken[i])), basis=f.basis)
        out.append(f)
    return out


# --------------------------------------------------------------------------------------------
# notes folded into their cause


def _covers(f: Finding) -> tuple[frozenset[str], frozenset[str]]:
    """(cell addresses, row addresses) a cause finding is about; empty for other findings."""
    if f.severity == Severity.INFO and f.name == NOT_ASSESSABLE:
        return frozenset(), frozenset()
    ev = dict(f.evidence)
    cells = _addresses(ev.get("cells"), 3)
    rows = _addresses(ev.get("rows"), 2)
    if f.rule in (UNREADABLE_ROW.id, ROW_MISFIT.id):
        row = ev.get("row")
        if isinstance(row, str) and row.count("/") == 1:
            rows = rows | {row}
    return cells, rows


def _addresses(value: Any, parts: int) -> frozenset[str]:
    if not isinstance(value, (list, tuple)):
        return frozenset()
    return frozenset(v for v in value if isinstance(v, str) and v.count("/") == parts - 1)


def _unfilled(f: Finding) -> list[str] | None:
    if f.name != NOT_ASSESSABLE or f.severity != Severity.INFO:
        return None
    value = dict(f.evidence).get("unfilled")
    if not isinstance(value, (list, tuple)) or not value:
        return None
    return [v for v in value if isinstance(v, str)]


def _fold_notes(findings: list[Finding]) -> list[Finding]:
    causes = [(i, *_covers(f)) for i, f in enumerate(findings)]
    causes = [(i, cells, rows) for i, cells, rows in causes if cells or rows]
    if not causes:
        return findings
    order = sorted(causes, key=lambda c: findings[c[0]].sort_key())
    undecided: dict[int, list[dict[str, Any]]] = {}
    folded: set[int] = set()
    for j, f in enumerate(findings):
        unfilled = _unfilled(f)
        if unfilled is None:
            continue
        for i, cells, rows in order:
            if all(a in cells or a.rsplit("/", 1)[0] in rows for a in unfilled):
                ev = dict(f.evidence)
                undecided.setdefault(i, []).append({"rule": f.rule, "check": ev.get("check", f.message), "cell": unfilled[0]})
                folded.add(j)
                break
    out = []
    for i, f in enumerate(findings):
        if i in folded:
            continue
        if i in undecided:
            f = _with_undecided(f, undecided[i])
        out.append(f)
    return out


def _with_undecided(f: Finding, notes: list[dict[str, Any]]) -> Finding:
    evidence = [(k, v) for k, v in f.evidence if k != "undecided"]
    earlier = next((list(v) for k, v in f.evidence if k == "undecided"), [])
    merged = earlier + notes
    evidence.append(("undecided", merged))
    message = f.message
    if not earlier:
        message = f"{message}；因此有 {len(merged)} 项核对无法进行（见证据 undecided）"
    else:  # already folded once (a finding grouped again): restate the count
        message = message.rsplit("；因此有 ", 1)[0] + f"；因此有 {len(merged)} 项核对无法进行（见证据 undecided）"
    return Finding(
        rule=f.rule,
        name=f.name,
        severity=f.severity,
        message=message,
        location=f.location,
        evidence=tuple(evidence),
        basis=f.basis,
    )
