"""Rule sets and rules as frozen values (what ``load.py`` builds from the TOML files)."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, Mapping

from attrs import field, frozen

from ..findings import Finding, Location, Severity
from ..text import Span

ISSUER_KINDS = ("department", "government", "township", "other")
ISSUER_KIND_ZH = {
    "department": "县级以上人民政府部门",
    "government": "县级以上地方人民政府",
    "township": "乡镇人民政府、街道办事处",
    "other": "其他机关或法律法规授权组织",
}


class RulesetError(Exception):
    """An invalid rule set or rule file: the CLI prints ``file:line: message`` and exits 2."""

    def __init__(self, path: str | Path | None, line: int | None, message: str) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(self.where() + message)

    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}: " if self.line else f"{self.path}: "


@frozen
class Facts:
    """What the report itself does not say: supplied on the command line."""

    published_on: Any = None  # datetime.date | None
    issuer_kind: str | None = None


def message_fields(template: str) -> tuple[str, ...]:
    """The placeholders of a message template; raises ValueError for anything but ``{name}``."""
    out: list[str] = []
    for _literal, name, spec, conv in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conv:
            raise ValueError(f"占位符 {{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}} 无效：只允许 {{名称}} 形式")
        out.append(name)
    return tuple(out)


def fill_message(template: str, values: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders without ``str.format`` (no attribute/index access)."""
    parts: list[str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(str(values.get(name, "{" + name + "}")))
    return "".join(parts)


@frozen
class Rule:
    id: str
    name: str
    kind: str
    severity: Severity
    summary: str
    message: str
    basis: tuple[str, ...]
    rationale: str
    limitations: str
    params: Mapping[str, Any] = field(eq=False, repr=False)
    evidence_tag: str = "P"  # V | P | G (regulation.md §0)
    requires: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    years: tuple[int | None, int | None] = (None, None)
    source: str = ""  # the rule file
    defined_in: str = ""  # set whose folder holds the file
    overridden_in: tuple[str, ...] = ()  # sets whose ruleset.toml changed it
    compiled: Any = field(default=None, eq=False, repr=False)  # kind-specific validated params
    raw: Any = field(default=None, eq=False, repr=False)  # the rule's data after overrides

    def applies_to_year(self, year: int | None) -> bool:
        lo, hi = self.years
        if year is None:
            return True
        return (lo is None or year >= lo) and (hi is None or year <= hi)

    def finding(
        self,
        values: Mapping[str, Any],
        *,
        span: Span | None = None,
        section: str | None = None,
        cell: str | None = None,
        evidence: Mapping[str, Any] | None = None,
        message: str | None = None,
        severity: Severity | None = None,
        name: str | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            name=name or self.name,
            severity=severity or self.severity,
            message=message if message is not None else fill_message(self.message, values),
            location=Location(span=span, section=section, cell=cell),
            evidence=tuple((evidence or {}).items()),
            basis=self.basis,
        )

    def to_catalog(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "severity": self.severity.value,
            "summary": self.summary,
            "basis": list(self.basis),
            "rationale": self.rationale,
            "limitations": self.limitations,
            "evidence_tag": self.evidence_tag,
        }


@frozen
class Ruleset:
    id: str
    title: str
    path: str  # folder
    templates: tuple[str, ...]
    chain: tuple[str, ...]  # this set, then its ancestors
    rules: tuple[Rule, ...]
    extends: str | None = None
    years: tuple[int | None, int | None] = (None, None)
    description: str = ""
    basis: tuple[str, ...] = ()
    abstract: bool = False
    disabled: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id or rule_id in r.aliases:
                return r
        return None

    def catalog(self) -> list[dict[str, Any]]:
        return [r.to_catalog() for r in self.rules]
