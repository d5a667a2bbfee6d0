"""What every check gets: the report, the facts, the rule set, and small lookups on them."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterator, Sequence, TypeVar

from attrs import define, field

from ..model import Report
from ..findings import Finding, Severity
from ..expr import Expr, Evaluation
from ..ruleset.model import Facts, Rule, Ruleset
from ..template import Template, current as current_template
from ..text import Span

KIND_ZH = {"blank": "空白", "placeholder": "占位符", "text": "文字", "unreadable": "无法识别", "missing": "缺失"}
NOT_ASSESSABLE = "not-assessable"
NOT_EVALUATED = "not-evaluated"
_T = TypeVar("_T")


@define
class Context:
    report: Report
    facts: Facts
    ruleset: Ruleset
    schema: Template
    # what the checks of one run share, computed once per report (the narrative scanned for
    # numbers per unit, the template version): see :meth:`memo`
    _memo: dict[Any, Any] = field(factory=dict, init=False, eq=False, repr=False)

    @classmethod
    def make(cls, report: Report, facts: Facts | None, ruleset: Ruleset) -> "Context":
        return cls(report, facts or Facts(), ruleset, current_template())

    def memo(self, key: Any, build: Callable[[], _T]) -> _T:
        """``build()``, computed once per context (one report under one rule set): what several
        rules read alike."""
        memo = self._memo
        if key not in memo:
            memo[key] = build()
        found: _T = memo[key]
        return found

    @property
    def template(self) -> str | None:
        return self.memo("template", self._template)

    def _template(self) -> str | None:
        t = self.report.template
        names = self.schema.version_names
        if t in names:
            return t
        own = [x for x in self.ruleset.templates if x in names]
        return own[0] if len(own) == 1 else None

    # ---- text
    def paragraphs(self, scope: Sequence[str]) -> Iterator[tuple[str | None, Any]]:
        """(section number, paragraph) for the scope: ``all``, ``preamble`` or section numbers."""
        everything = "all" in scope
        if everything or "preamble" in scope:
            for p in self.report.preamble:
                yield None, p
        for s in self.report.sections:
            if everything or (s.canonical is not None and s.canonical in scope):
                for p in s.paragraphs:
                    yield s.canonical, p

    def section(self, number: str) -> Any:
        return self.report.section(number)

    # ---- the narrative, once per report
    def narrative(self) -> str:
        """Every paragraph of the report (the preamble's and the sections'), one per line."""
        return self.memo("narrative", lambda: "\n".join(p.text for _s, p in self.paragraphs(("all",))))

    def may_find(self, rx: re.Pattern[str]) -> bool:
        """Whether a rule's pattern can match in some paragraph of the report: False when the
        report's text lacks what every match contains (:func:`may_match`).  Asked once per
        pattern and report: a pattern usually starts with optional words
        (``(?:本年度?|今年)?新收…``), which the regex engine tries at every position of every
        paragraph, and most of a rule set's patterns have nothing to find in a given report."""
        return self.memo(("may-find", rx), lambda: may_match(rx, self.narrative()))

    def needles(self, rx: re.Pattern[str]) -> tuple[str, ...] | None:
        """None when a pattern can match nowhere in the report (:meth:`may_find`); else the
        strings one of which a paragraph must contain for it to match there (empty: none
        known), for :func:`may_contain`."""
        if not self.may_find(rx):
            return None
        needed = required_strings(rx)
        return tuple(sorted(needed[0])) if needed else ()

    def live(self, patterns: Sequence[re.Pattern[str]]) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
        """The patterns that can match in the report, in order, each with its :meth:`needles`."""
        return [(rx, found) for rx in patterns if (found := self.needles(rx)) is not None]

    def first_span(self) -> Span:
        for p in self.report.preamble:
            return p.span
        for s in self.report.sections:
            return s.span
        return Span.point(1)

    # ---- cells
    def cell(self, table: str, row: str, column: str) -> Any:
        return self.report.cell_at(table, row, column)

    def resolver(self, table: str | None = None, *, row: str | None = None, column: str | None = None):
        """A resolver for expression references (see ``compliance.expr``): the addresses are
        resolved once per template version (:meth:`Template.addresses`), the cells read from
        the report's index."""
        addresses, template, cell_at = self.schema.addresses, self.template, self.report.cell_at

        def resolve(name: str) -> list[tuple[str, Any]]:
            return [(a, cell_at(t, r, c)) for a, t, r, c in addresses(table, name, template, row=row, column=column)]

        return resolve

    def evaluate(self, expr: Expr, **kw: Any) -> Evaluation:
        return expr.evaluate(self.resolver(kw.pop("table", None), **kw))

    def cell_label(self, address: str) -> str:
        return self.schema.label(address)

    def label(self, table: str, name: str, mode: str) -> str:
        """A row (mode column) or column (mode row) id, or an address, as a Chinese label."""
        if "/" in name:
            return self.cell_label(name)
        t = self.schema.get(table)
        if t is None:
            return name
        if "*" in name:
            return t.wildcard_label(name) if mode == "column" else name
        return t.row_label(name) if mode == "column" else t.column_label(name)

    def table_name(self, table: str) -> str:
        t = self.schema.get(table)
        return t.short if t else table

    def section_of_table(self, table: str) -> str | None:
        t = self.schema.get(table)
        return t.section if t else None


def not_assessable(rule: Rule, ctx: Context, ev: Evaluation, what: str, *, section: str | None) -> Finding:
    """The info finding for a rule that met blank/placeholder cells: never read as 0."""
    addresses = [a for a, _k in ev.unfilled]
    kinds = {a: k for a, k in ev.unfilled}
    first = addresses[0]
    t, r, c = first.split("/")
    cell = ctx.cell(t, r, c)
    names = "、".join(f"{ctx.cell_label(a)}（{KIND_ZH.get(kinds[a], kinds[a])}）" for a in addresses[:4])
    if len(addresses) > 4:
        names += f" 等 {len(addresses)} 个单元格"
    return rule.finding(
        {},
        message=f"{names}未填写数字，无法核对“{what}”（空白或占位符不按 0 计算）",
        severity=Severity.INFO,
        name=NOT_ASSESSABLE,
        span=cell.span if cell is not None else None,
        section=section,
        cell=first,
        evidence={"unfilled": [a for a in addresses], "check": what},
    )


# --------------------------------------------------------------------------------------------
# regexes of the rule files: a paragraph that lacks a string every match contains is not searched


def may_match(rx: re.Pattern[str], text: str) -> bool:
    """False only when ``rx`` cannot match anywhere in ``text``: every match of it contains one
    string of each of its :func:`required_strings`, and for some of them none is in ``text``."""
    return all(any(s in text for s in strings) for strings in required_strings(rx))


def may_contain(needles: tuple[str, ...], text: str) -> bool:
    """False when ``text`` has none of ``needles`` (a pattern's most telling required strings,
    :meth:`Context.live`): the pattern cannot match there.  A substring test is much cheaper
    than the regex engine trying every position of the paragraph."""
    if not needles:
        return True
    if len(needles) == 1:
        return needles[0] in text
    return any(n in text for n in needles)


@lru_cache(maxsize=1024)
def required_strings(rx: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of strings such that every match of ``rx`` contains one string of each set (the most
    telling first; none known: empty), read from the pattern's parse: the runs of literal characters of its
    sequence, what a group or a repetition of at least once requires, an alternation whose
    every branch requires something (one string of any branch), a class of a few literal
    characters.  Case-insensitive patterns require nothing here."""
    if not isinstance(rx.pattern, str) or rx.flags & re.IGNORECASE:
        return ()
    try:
        from re import _constants as sre, _parser as parser

        parsed = parser.parse(rx.pattern, rx.flags)
        return tuple(sorted(set(_required(list(parsed), sre)), key=_strength, reverse=True))
    except Exception:  # another Python's parser: no prefilter, every paragraph is searched
        return ()


def _required(items: list[tuple[Any, Any]], sre: Any) -> list[frozenset[str]]:
    """What the sequence ``items`` requires: sets of which a match contains one string each."""
    out: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset({"".join(run)}))
            run = []
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.IGNORECASE:
                out.extend(_required(list(sub), sre))
        elif op is sre.BRANCH:
            branches = [_required(list(b), sre) for b in av[1]]
            if all(branches):
                out.append(frozenset().union(*(max(b, key=_strength) for b in branches)))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)):
            low, _high, sub = av
            if low >= 1:
                out.extend(_required(list(sub), sre))
        elif op is sre.IN:
            if av and len(av) <= 8 and all(k is sre.LITERAL for k, _v in av):
                out.append(frozenset(chr(v) for _k, v in av))
        # anything else (any character, classes, anchors, look-arounds, back-references)
        # requires no particular string
    if run:
        out.append(frozenset({"".join(run)}))
    return out


def _strength(strings: frozenset[str]) -> tuple[int, int]:
    """Longer strings first, then fewer of them."""
    return min(len(s) for s in strings), -len(strings)

