"""The rule sets a server offers, by name only: the built-in sets and, when the operator gives
``--rules-dir``, the sets in that folder (which come first, so an office may replace a built-in
set with its own version of the same name).

A client names a set; it never names a path.  Every set is loaded (and so validated) when the
server starts: a broken operator set stops the server with the file and line, not a request.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import codes
from ..ruleset import Rule, Ruleset, builtin_sets, load_ruleset
from ..ruleset.load import SET_ID_RE
from ..resources import rules_dir

DEFAULT_SET = "cn-national-2021"
_NAME_RE = re.compile(SET_ID_RE.pattern)


class Catalogue:
    """Set name → folder, for the built-in sets and an operator's folder."""

    def __init__(self, extra: Path | None = None) -> None:
        self.folders: dict[str, Path] = {}
        self.origin: dict[str, str] = {}
        if extra is not None:
            if not extra.is_dir():
                raise NotADirectoryError(f"规则目录不存在或不是目录：{extra}")
            for sub in sorted(extra.iterdir()):
                if (sub / "ruleset.toml").is_file() and _NAME_RE.match(sub.name):
                    self.folders[sub.name] = sub.resolve()
                    self.origin[sub.name] = "rules-dir"
        for name in builtin_sets():
            if name not in self.folders:
                self.folders[name] = (rules_dir() / name).resolve()
                self.origin[name] = "builtin"
        self.sets: dict[str, Ruleset] = {name: load_ruleset(str(folder)) for name, folder in sorted(self.folders.items())}

    def names(self) -> list[str]:
        return sorted(self.folders)

    def folder(self, name: str) -> str | None:
        """The folder of a set a client named (None: no such set; a path is never a name)."""
        if not isinstance(name, str) or not _NAME_RE.match(name):
            return None
        folder = self.folders.get(name)
        return str(folder) if folder is not None else None

    def get(self, name: str) -> Ruleset | None:
        return self.sets.get(name) if self.folder(name) is not None else None

    def overrides(self) -> dict[str, str]:
        """Operator sets that replace a built-in set of the same name (used when the set is
        chosen per report)."""
        builtin = set(builtin_sets())
        return {n: str(f) for n, f in self.folders.items() if self.origin[n] == "rules-dir" and n in builtin}

    def checkable(self) -> list[str]:
        """Sets a report can be checked against (the abstract ones only exist to be extended)."""
        return [n for n in self.names() if not self.sets[n].abstract]

    def catalog(self, names: set[str]) -> list[dict[str, Any]]:
        """The rule catalogue of the named sets (as :func:`compliance.render.catalog_for`, but
        from this server's folders)."""
        merged: dict[str, dict[str, Any]] = {}
        for name in sorted(n for n in names if n in self.sets):
            for entry in self.sets[name].catalog():
                merged.setdefault(str(entry.get("id")), dict(entry))
        return [merged[k] for k in sorted(merged)]

    # ------------------------------------------------------------------ views for the API

    def set_view(self, name: str) -> dict[str, Any]:
        rs = self.sets[name]
        lo, hi = rs.years
        return {
            "id": rs.id,
            "title": rs.title,
            "extends": list(rs.chain[1:]),
            "templates": list(rs.templates),
            "years": {"from": lo, "to": hi},
            "abstract": rs.abstract,
            "rules": len(rs.rules),
            "origin": self.origin[name],
        }


def rule_view(rule: Rule, ruleset: Ruleset) -> dict[str, Any]:
    """A rule as ``GET /v1/rules/{id}`` shows it (the catalogue entry and what explains it)."""
    lo, hi = rule.years
    return {
        **rule.to_catalog(),
        "type": "rule",
        "ruleset": ruleset.id,
        "defined_in": rule.defined_in,
        "overridden_in": list(rule.overridden_in),
        "message": rule.message,
        "requires": list(rule.requires),
        "years": {"from": lo, "to": hi},
    }


def code_view(code: codes.Code) -> dict[str, Any]:
    """A catalogue code (``PRS-001``, ``ENG-004`` …) in the same shape as a rule."""
    return {
        "id": code.id,
        "name": code.name,
        "kind": code.group,
        "severity": code.severity.value,
        "summary": code.summary,
        "basis": list(code.basis),
        "rationale": code.rationale,
        "limitations": "",
        "evidence_tag": None,
        "type": "code",
        "ruleset": None,
        "defined_in": None,
        "overridden_in": [],
        "message": None,
        "requires": [],
        "years": {"from": None, "to": None},
    }
