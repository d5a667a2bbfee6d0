"""Kinds that read the report's prose: numbers stated in the text against the tables
(``narrative_agreement``), "none" claims against zero cells (``zero_implication``), and the
prose's own arithmetic (``narrative_arithmetic``)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Iterator

from ..findings import Finding, json_number
from ..expr import fmt_number
from ..ruleset.model import Rule
from ..ruleset.params import implements
from .base import Context, may_contain, not_assessable

_QUOTE_MAX = 40


def _quote(text: str, m: re.Match) -> str:
    q = m.group(0).strip()
    return q if len(q) <= _QUOTE_MAX else q[: _QUOTE_MAX - 1] + "…"


def _num(s: str | None) -> Decimal | None:
    if s is None:
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def _pct_agrees(stated: Decimal, expected: Decimal, pct_text: str, override: float | None) -> bool:
    """Rounded to the printed decimals, or truncated to them (both are seen in reports)."""
    if abs(expected - stated) <= _pct_tolerance(pct_text, override):
        return True
    if override is None:
        decimals = len(pct_text.split(".", 1)[1]) if "." in pct_text else 0
        unit = Decimal(10) ** -decimals
        return stated <= expected < stated + unit
    return False


def _pct_tolerance(pct_text: str, override: float | None) -> Decimal:
    if override is not None:
        return Decimal(str(override))
    decimals = len(pct_text.split(".", 1)[1]) if "." in pct_text else 0
    return Decimal("0.5") * Decimal(10) ** -decimals + Decimal("0.0001")


def _overlaps(ranges: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(a < e and s < b for s, e in ranges)


# --------------------------------------------------------------------------------------------
# narrative_agreement


@implements("narrative_agreement")
def check_narrative_agreement(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    resolve = ctx.resolver()
    # the claims whose pattern can match in the report (the others match nowhere), with what a
    # paragraph must contain for it to match there
    claims = [(c, found) for c in p.claims if (found := ctx.needles(c.pattern)) is not None]
    if not claims:
        return
    for section, para in ctx.paragraphs(p.sections):
        text = para.text
        used: list[tuple[int, int]] = []
        for claim, needles in claims:
            if not may_contain(needles, text):
                continue
            for m in claim.pattern.finditer(text):
                if _overlaps(used, m.start(), m.end()):
                    continue
                used.append((m.start(), m.end()))
                yield from _check_claim(rule, ctx, claim, m, text, para, section, resolve, p.percent_tolerance)


def _check_claim(rule, ctx, claim, m, text, para, section, resolve, tol_override) -> Iterator[Finding]:
    group = "pct" if claim.percent_of is not None else "n"
    stated = _num(m.group(group))
    if stated is None:
        return
    span = para.locate(m.start(group), m.end(group))
    evs = [e.evaluate(resolve) for e in claim.values]
    live = [(e, ev) for e, ev in zip(claim.values, evs) if not ev.missing]
    if not live:
        return  # the table or row is missing: the structure rule's finding
    first_expr, first_ev = live[0]
    cells = _cells_text(ctx, first_expr)
    if claim.percent_of is None:
        filled = [(e, ev) for e, ev in live if not ev.unfilled]
        if not filled:
            yield not_assessable(rule, ctx, first_ev, f"正文“{_quote(text, m)}”与{cells}", section=section)
            return
        if any(ev.value == stated for _e, ev in filled):
            return
        expected = filled[0][1].value
        yield rule.finding(
            {
                "quote": _quote(text, m),
                "label": claim.label,
                "stated": fmt_number(stated),
                "expected": fmt_number(expected),
                "cells": _cells_text(ctx, filled[0][0]),
                "diff": fmt_number(stated - expected),
            },
            span=span,
            section=section,
            cell=_single_cell(filled[0][0]),
            evidence={"left": json_number(stated), "right": json_number(expected), "expression": filled[0][0].source},
        )
        return
    # a percent claim: the count too when the pattern captures it, then the percentage
    num_ev = first_ev
    if "n" in m.re.groupindex and m.group("n") is not None and not num_ev.unfilled:
        n = _num(m.group("n"))
        if n is not None and not any(ev.value == n for _e, ev in live if not ev.unfilled):
            yield rule.finding(
                {"quote": _quote(text, m), "label": claim.label, "stated": fmt_number(n), "expected": fmt_number(num_ev.value),
                 "cells": cells, "diff": fmt_number(n - num_ev.value)},
                span=para.locate(m.start("n"), m.end("n")),
                section=section,
                cell=_single_cell(first_expr),
                evidence={"left": json_number(n), "right": json_number(num_ev.value), "expression": first_expr.source},
            )
    den_ev = claim.percent_of.evaluate(resolve)
    if den_ev.missing:
        return
    if num_ev.unfilled or den_ev.unfilled:
        ev = num_ev if num_ev.unfilled else den_ev
        yield not_assessable(rule, ctx, ev, f"正文“{_quote(text, m)}”中的百分比", section=section)
        return
    if not den_ev.value:
        return
    expected = (Decimal(num_ev.value) * 100 / Decimal(den_ev.value)).quantize(Decimal("0.01"))
    if _pct_agrees(stated, expected, m.group("pct"), tol_override):
        return
    yield rule.finding(
        {
            "quote": _quote(text, m),
            "label": claim.label + "占比",
            "stated": fmt_number(stated) + "%",
            "expected": fmt_number(expected) + "%",
            "cells": f"{cells}÷{_cells_text(ctx, claim.percent_of)}（{fmt_number(num_ev.value)}÷{fmt_number(den_ev.value)}）",
            "diff": fmt_number(stated - expected),
        },
        span=span,
        section=section,
        cell=_single_cell(first_expr),
        evidence={"left": json_number(stated), "right": json_number(expected), "numerator": json_number(num_ev.value), "denominator": json_number(den_ev.value)},
    )


def _cells_text(ctx: Context, expr) -> str:
    return expr.text(ctx.cell_label)


def _single_cell(expr) -> str | None:
    refs = expr.refs()
    if len(refs) == 1 and "*" not in refs[0]:
        return refs[0]
    return None


# --------------------------------------------------------------------------------------------
# zero_implication


@implements("zero_implication")
def check_zero_implication(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    resolve = ctx.resolver()
    paragraphs = list(ctx.paragraphs(p.sections))
    for case in p.cases:
        if case.when_text:
            when_text = ctx.live(case.when_text)  # the others match nowhere
            for section, para in paragraphs if when_text else ():
                used: list[tuple[int, int]] = []
                for rx, needles in when_text:
                    if not may_contain(needles, para.text):
                        continue
                    for m in rx.finditer(para.text):
                        if _overlaps(used, m.start(), m.end()):
                            continue
                        used.append((m.start(), m.end()))
                        yield from _text_implies_zero(rule, ctx, case, m, para, section, resolve)
        else:
            ev = case.when_zero.evaluate(resolve)
            if ev.missing or ev.unfilled or ev.value != 0:
                continue  # the condition does not hold (or cannot be read): nothing to say
            cond = _cells_text(ctx, case.when_zero)
            then_no_text = ctx.live(case.then_no_text)
            for section, para in paragraphs if then_no_text else ():
                for rx, needles in then_no_text:
                    if not may_contain(needles, para.text):
                        continue
                    for m in rx.finditer(para.text):
                        n = _num(m.group("n"))
                        if n is None or n == 0:
                            continue
                        unit = (m.groupdict().get("unit") or "")
                        yield rule.finding(
                            {"quote": _quote(para.text, m), "stated": fmt_number(n) + unit, "condition": cond, "cell": cond, "value": "0"},
                            span=para.locate(m.start("n"), m.end("n")),
                            section=section,
                            evidence={"stated": json_number(n), "condition": case.when_zero.source, "operands": {a: json_number(v) for a, v in ev.operands}},
                        )


def _text_implies_zero(rule, ctx, case, m, para, section, resolve) -> Iterator[Finding]:
    cells: list[tuple[str, Any]] = []
    for addr in case.then_zero:
        cells.extend(resolve(addr))
    present = [(a, c) for a, c in cells if c is not None]
    if not present:
        return
    unfilled = [(a, c) for a, c in present if c.kind != "number"]
    nonzero = [(a, c) for a, c in present if c.kind == "number" and c.value != 0]
    if nonzero:
        a0 = nonzero[0][0]
        values = "、".join(f"{ctx.cell_label(a)}为 {fmt_number(c.value)}" for a, c in nonzero)
        yield rule.finding(
            {"quote": _quote(para.text, m), "cell": ctx.cell_label(a0), "value": fmt_number(nonzero[0][1].value), "stated": "0", "condition": values},
            span=para.locate(m.start(), m.end()),
            section=section,
            cell=a0,
            evidence={"left": 0, "right": json_number(sum(Decimal(c.value) for _a, c in nonzero)), "cells": {a: json_number(c.value) for a, c in nonzero}},
        )
    elif unfilled:
        from ..expr import Evaluation

        ev = Evaluation()
        ev.unfilled = [(a, c.kind) for a, c in unfilled]
        yield not_assessable(rule, ctx, ev, f"正文“{_quote(para.text, m)}”", section=section)


# --------------------------------------------------------------------------------------------
# narrative_arithmetic

_HEADING = re.compile(r"[(（][一二三四五六七八九十]+[)）]|(?<![\d.])[一二三四五六七八九十]+、|(?<![\d.])\d+[、.](?!\d)")
_VERBS = re.compile(r"办结|答复|受理|结转|办理|处理|完成|回复|收到|接收|上升|增长|下降|减少|同比|较上年|累计|历年")
_NUMBER = r"(?<![\d.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)"


class _Mention:
    __slots__ = ("n", "start", "end", "pct", "pct_start", "pct_end", "tail")

    def __init__(self, n, start, end, pct=None, pct_start=0, pct_end=0):
        self.n, self.start, self.end = n, start, end
        self.pct, self.pct_start, self.pct_end = pct, pct_start, pct_end
        self.tail = pct_end if pct is not None else end


_PCT_AFTER = re.compile(r"\s*[,，、]?\s*(?:约)?占[^\d%。;；,，]{0,12}?(?P<pct>\d+(?:\.\d+)?)\s*%")
_ANCHOR_QIZHONG = re.compile(r"[\s,，。;；:：]*[（(]?\s*其中")
_ANCHOR_ZHONG = re.compile(r"[^,，。;；\d]{0,15}?中\s*[,，:：]")


@lru_cache(maxsize=64)
def _mention_pattern(unit: str) -> re.Pattern:
    # "310条次" (a count of times) is not a count of the same unit as "168条"
    return re.compile(_NUMBER + r"\s*" + re.escape(unit) + r"(?![次人])")


def _in_number(c: str) -> bool:
    """Whether ``c`` may stand between the start of a mention and its unit (``\\d``, ``\\s``, ``,``)."""
    return c.isdecimal() or c.isspace() or c == ","


def _unit_matches(text: str, unit: str) -> Iterator[re.Match]:
    """``_mention_pattern(unit).finditer(text)``, searched only where the unit is printed.

    A mention is digits, commas and spaces, then the unit: when the unit's first character is
    none of those, a mention ending at an occurrence of the unit starts in the run of such
    characters just before it, and no mention spans an occurrence.  So each occurrence (left to
    right, from the end of the last mention) is tried with one search over that run, the unit
    and the one character the look-ahead reads, instead of the regex trying every position of
    the paragraph.  The matches are the same, in the same order."""
    rx = _mention_pattern(unit)
    if not unit or _in_number(unit[0]):
        yield from rx.finditer(text)
        return
    end, k = len(text), len(unit)
    pos = 0  # where finditer would search from: the end of the last mention
    scan = 0  # where the next occurrence of the unit is looked for
    while True:
        u = text.find(unit, scan)
        if u < 0:
            return
        start = u
        while start > pos and _in_number(text[start - 1]):
            start -= 1
        m = rx.search(text, start, min(end, u + k + 1))
        if m is None:
            scan = u + 1
            continue
        yield m
        pos = scan = m.end()


def _mentions(text: str, unit: str) -> list[_Mention]:
    if unit not in text:
        return []  # every mention is a number followed by the unit
    out = []
    for m in _unit_matches(text, unit):
        if m.start() > 0 and text[m.start() - 1] == "第":
            continue
        n = _num(m.group("n"))
        pm = _PCT_AFTER.match(text, m.end())
        if pm:
            out.append(_Mention(n, m.start("n"), m.end(), pm.group("pct"), pm.start("pct"), pm.end()))
        else:
            out.append(_Mention(n, m.start("n"), m.end()))
    return out


def _groups_of(ctx: Context, text: str, unit: str) -> list[tuple[_Mention, list[_Mention], list[str]]]:
    """:func:`_groups`, found once per report for every rule that reads them (``parts_sum`` and
    ``part_percent`` scan the same paragraphs for the same units)."""
    return ctx.memo(("narrative.groups", text, unit), lambda: list(_groups(text, unit)))


def _groups(text: str, unit: str) -> Iterator[tuple[_Mention, list[_Mention], list[str]]]:
    """(total, parts, gap texts before each part) for every "N条，其中 a条…b条…" list."""
    ms = _mentions(text, unit)
    if not ms:
        return
    for i, total in enumerate(ms):
        if total.pct is not None:
            continue
        if not (_ANCHOR_QIZHONG.match(text, total.end) or _ANCHOR_ZHONG.match(text, total.end)):
            continue
        parts: list[_Mention] = []
        gaps: list[str] = []
        prev_end = total.end
        with_pct = None
        running = Decimal(0)
        for m in ms[i + 1:]:
            gap = text[prev_end:m.start]
            if len(gap) > 80 or _HEADING.search(gap) or (parts and "其中" in gap) or _VERBS.search(gap):
                break
            if parts and re.search(r"[)）]", gap) and not re.search(r"[(（]", gap):
                break
            has_pct = m.pct is not None
            if with_pct is None:
                with_pct = has_pct
            elif has_pct != with_pct:
                break
            if not with_pct and "。" in gap:
                break
            if parts and running == total.n:
                break  # the list already adds up: what follows is a new clause
            parts.append(m)
            gaps.append(gap)
            running += m.n
            prev_end = m.tail
        if len(parts) >= 2:
            yield total, parts, gaps
    yield from _category_lists(text, ms)


_CATEGORY_ANCHOR = re.compile(r"主要类别(?:有|包括|为|是)\s*[:：]")
_TOTAL_CUE = re.compile(r"(?:主动)?公开[^。,，;；\d]{0,12}$")


def _category_lists(text: str, ms: list) -> Iterator[tuple]:
    """“…主动公开政府信息 N条。……主要类别有：a类x条，b类y条，……其他z条。”: the category list
    of a sub-heading refers to the total stated just before it (legacy reports print it so)."""
    for a in _CATEGORY_ANCHOR.finditer(text):
        end = text.find("。", a.end())
        end = len(text) if end < 0 else end
        parts = [m for m in ms if a.end() <= m.start and m.end <= end and m.pct is None]
        before = [m for m in ms if m.end <= a.start() and a.start() - m.end <= 600 and m.pct is None]
        totals = [m for m in before if _TOTAL_CUE.search(text[max(0, m.start - 20):m.start])]
        if len(parts) < 3 or not totals:
            continue
        total = totals[-1]
        gaps = [text[(parts[i - 1].tail if i else a.end()):m.start] for i, m in enumerate(parts)]
        if any(_VERBS.search(g) or len(g) > 80 for g in gaps):
            continue
        yield total, parts, gaps


@implements("narrative_arithmetic")
def check_narrative_arithmetic(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    if p.check == "ratio":
        patterns = ctx.live(p.patterns)  # the others match nowhere
        for section, para in ctx.paragraphs(p.sections) if patterns else ():
            yield from _ratios(rule, patterns, para.text, para, section)
        return
    for section, para, unit, lists in _lists(ctx, p.sections, p.units):
        text = para.text
        for total, parts, gaps in lists:
            if p.check == "parts_sum":
                yield from _parts_sum(rule, p, text, para, section, unit, total, parts, gaps)
            else:
                yield from _part_percent(rule, text, para, section, unit, total, parts)


_Lists = list[tuple[_Mention, list[_Mention], list[str]]]


def _lists(ctx: Context, sections: tuple[str, ...], units: tuple[str, ...]) -> list[tuple[str | None, Any, str, _Lists]]:
    """(section, paragraph, unit, its "N条，其中 a条…" lists) for the paragraphs of the scope
    that have any, in order: found once per report for every rule that reads them
    (``parts_sum`` and ``part_percent`` scan the same paragraphs for the same units)."""

    def scan() -> list[tuple[str | None, Any, str, _Lists]]:
        out = []
        for section, para in ctx.paragraphs(sections):
            for unit in units:
                found = _groups_of(ctx, para.text, unit)
                if found:
                    out.append((section, para, unit, found))
        return out

    return ctx.memo(("narrative.lists", tuple(sections), tuple(units)), scan)


def _parts_sum(rule, p, text, para, section, unit, total, parts, gaps) -> Iterator[Finding]:
    s = sum((m.n for m in parts), Decimal(0))
    if s == total.n:
        return
    if s < total.n:
        pct_sum = sum((Decimal(m.pct) for m in parts if m.pct is not None), Decimal(0))
        exhaustive = (
            all(m.pct is not None for m in parts) and abs(pct_sum - 100) <= Decimal("1.5")
        ) or re.search(r"其他|其它", gaps[-1]) is not None or (len(parts) >= 3 and s / total.n >= Decimal(str(p.near_miss)))
        if not exhaustive:
            return
    quote = text[total.start:parts[-1].end]
    if len(quote) > _QUOTE_MAX:
        quote = text[total.start:total.end] + "……" + text[parts[-1].start:parts[-1].end]
    yield rule.finding(
        {
            "quote": quote,
            "total": f"{fmt_number(total.n)}{unit}",
            "parts": " + ".join(fmt_number(m.n) for m in parts),
            "sum": f"{fmt_number(s)}{unit}",
            "diff": fmt_number(s - total.n),
        },
        span=para.locate(total.start, total.end),
        section=section,
        evidence={"left": json_number(s), "right": json_number(total.n), "parts": [json_number(m.n) for m in parts]},
    )


def _part_percent(rule, text, para, section, unit, total, parts) -> Iterator[Finding]:
    if not total.n:
        return
    for m in parts:
        if m.pct is None:
            continue
        stated = Decimal(m.pct)
        expected = (m.n * 100 / total.n).quantize(Decimal("0.01"))
        if _pct_agrees(stated, expected, m.pct, None):
            continue
        yield rule.finding(
            {
                "quote": text[m.start:m.pct_end].strip(),
                "n": f"{fmt_number(m.n)}{unit}",
                "total": f"{fmt_number(total.n)}{unit}",
                "pct": f"{m.pct}%",
                "expected_pct": f"{fmt_number(expected)}%",
            },
            span=para.locate(m.pct_start, m.pct_end),
            section=section,
            evidence={"left": json_number(stated), "right": json_number(expected), "part": json_number(m.n), "total": json_number(total.n)},
        )


def _ratios(rule, patterns, text, para, section) -> Iterator[Finding]:
    for rx, needles in patterns:
        if not may_contain(needles, text):
            continue
        for m in rx.finditer(text):
            a, b, pct = _num(m.group("a")), _num(m.group("b")), _num(m.group("pct"))
            if a is None or b is None or pct is None or a == 0:
                continue
            expected = (b * 100 / a).quantize(Decimal("0.01"))
            if _pct_agrees(pct, expected, m.group("pct"), None):
                continue
            yield rule.finding(
                {
                    "quote": _quote(text, m),
                    "a": fmt_number(a),
                    "b": fmt_number(b),
                    "pct": f"{fmt_number(pct)}%",
                    "expected_pct": f"{fmt_number(expected)}%",
                },
                span=para.locate(m.start("pct"), m.end("pct")),
                section=section,
                evidence={"left": json_number(pct), "right": json_number(expected), "a": json_number(a), "b": json_number(b)},
            )
