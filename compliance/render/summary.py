"""The summary of a batch per rule, for the text and HTML output of a run of two or more reports.

    for t in rule_summary(run, catalog):   # one RuleTally per rule id that ran in the batch
        print(t.rule, t.passed, t.failed, t.not_run)
    most_errors(run)                        # the (at most) 10 reports with the most errors

Per report and rule (the rules of the report's rule set that apply to its year, loaded with
:func:`~compliance.ruleset.load_ruleset`, and any other rule a finding names):

* **failed** — the rule has an open finding of severity warning or error for the report;
* **could not run** — otherwise, when the rule has only findings that are notes (named
  ``not-assessable`` / ``not-evaluated``, or of severity info), or a note of it was folded
  into another finding (``evidence.undecided``), or it is in an ``ENG-001`` finding's
  ``evidence.skipped``, or it crashed (``ENG-002``), or the whole check crashed or timed out
  (``ENG-003``/``ENG-004``), or the file was not read (a finding of
  :data:`compliance.codes.NOT_READ`), or it is a rule over several reports that did not run for
  this report (not in ``ReportResult.cross_ran``);
* **passed** — otherwise.

Waived (suppressed) findings do not make a rule fail; a waived note still means its rule could
not run.  A report whose rule set is unknown (``ruleset`` None) counts for no rule; the parse,
engine and baseline codes (:mod:`compliance.codes`) are not rules and are not counted.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from attrs import frozen

from .. import codes
from ..findings import Finding, ReportResult, RunResult, Severity
from ._common import rule_index

PASSED = "passed"
FAILED = "failed"
NOT_RUN = "not-run"
TOP_REPORTS = 10
MIN_REPORTS = 2  # the summary is shown for batches of at least this many reports

# the codes whose finding means no rule's result is there for the report
_NOTHING_RAN = frozenset({*codes.NOT_READ, codes.ENGINE_CRASHED.id, codes.CHECK_TIMED_OUT.id})


@frozen
class RuleTally:
    """One rule over a batch: how many reports it passed, failed and could not run for."""

    rule: str
    name: str  # the rule's kebab-case name
    summary: str  # what it checks (Chinese), from the catalogue
    passed: int = 0
    failed: int = 0
    not_run: int = 0

    @property
    def reports(self) -> int:
        return self.passed + self.failed + self.not_run


@frozen
class ReportTally:
    """A report of the batch with its counts; ``index`` is its 0-based place in the run."""

    index: int
    path: str
    agency: str | None
    errors: int
    warnings: int


def _code_id(rule: str) -> str | None:
    c = codes.get(rule)
    return c.id if c is not None else None


def _is_code(rule: str) -> bool:
    return codes.is_reserved(rule)


def _ruleset_rules(name: str, year: int | None) -> list[Any] | None:
    """The rules of set ``name`` that apply to ``year`` (None when the set cannot be loaded)."""
    from ..ruleset import load_ruleset

    try:
        rs = load_ruleset(name)
    except Exception:  # noqa: BLE001 - a set that cannot be loaded any more: count what the findings say
        return None
    return [r for r in rs.rules if r.applies_to_year(year)]


def _scope(kind: str) -> str:
    from ..checks import KINDS  # every kind registered

    k = KINDS.get(kind)
    return k.scope if k is not None else "report"


def _is_note(f: Finding) -> bool:
    """A finding saying the rule could not decide (a blank cell, a template change, missing
    lower bodies): the rule did not run on that report."""
    from ..checks.base import NOT_ASSESSABLE, NOT_EVALUATED
    from ..checks.series import NOT_RUN_NAMES

    return f.name in (NOT_ASSESSABLE, NOT_EVALUATED) or f.name in NOT_RUN_NAMES


def _is_neutral(f: Finding) -> bool:
    """A finding saying how the rule read the report (a glued row it split): neither a failure
    nor a reason it did not run."""
    from ..checks.series import GLUED_ROW_DECIDED

    return f.name == GLUED_ROW_DECIDED


def _evidence(f: Finding) -> dict[str, Any]:
    return dict(f.evidence)


def report_outcomes(result: ReportResult) -> dict[str, str]:
    """Rule id → ``passed`` | ``failed`` | ``not-run`` for one report (empty when its rule set
    is unknown)."""
    if result.ruleset is None:
        return {}
    rules = _ruleset_rules(result.ruleset, result.year)
    universe: list[str] = [r.id for r in rules] if rules is not None else []
    open_findings = list(result.findings)
    every = open_findings + [f for f, _reason in result.suppressed]
    for f in every:
        if not _is_code(f.rule) and f.rule not in universe:
            universe.append(f.rule)
    # any open finding of a rule fails it (an info-level rule's finding too), except the notes
    # that it could not decide and the neutral ones; a waived finding fails nothing
    failed = {f.rule for f in open_findings if not _is_note(f) and not _is_neutral(f)}
    noted = {f.rule for f in every if _is_note(f)}
    not_run: set[str] = set()
    nothing_ran = False
    for f in every:
        code = _code_id(f.rule)
        ev = _evidence(f)
        if code in _NOTHING_RAN:
            nothing_ran = True
        elif code == codes.RULESET_TEMPLATE_MISMATCH.id:
            not_run.update(str(r) for r in _items(ev.get("skipped")))
        elif code == codes.RULE_CRASHED.id and ev.get("rule"):
            not_run.add(str(ev["rule"]))
        for u in _items(ev.get("undecided")):
            if isinstance(u, Mapping) and u.get("rule"):
                not_run.add(str(u["rule"]))
    if rules is not None:
        ran = set(result.cross_ran)
        not_run.update(r.id for r in rules if _scope(r.kind) != "report" and r.id not in ran)
    out: dict[str, str] = {}
    for rid in universe:
        if rid in failed:
            out[rid] = FAILED
        elif nothing_ran or rid in noted or rid in not_run:
            out[rid] = NOT_RUN
        else:
            out[rid] = PASSED
    return out


def _items(value: Any) -> Iterable[Any]:
    if isinstance(value, (list, tuple)):
        return value
    return ()


def rule_summary(run: RunResult, catalog: Sequence[Mapping[str, Any]] | None = None) -> list[RuleTally]:
    """One tally per rule id that ran for some report of ``run``, in rule id order; names and
    summaries from ``catalog`` (rule metadata dicts, see :func:`compliance.render.catalog_for`)."""
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, tuple[str, str]] = {}
    for result in run.reports:
        outcomes = report_outcomes(result)
        for rid, outcome in outcomes.items():
            counts.setdefault(rid, {PASSED: 0, FAILED: 0, NOT_RUN: 0})[outcome] += 1
        if result.ruleset is not None and any(rid not in names for rid in outcomes):
            names.update(_names(result.ruleset, [rid for rid in outcomes if rid not in names]))
        for f in result.findings:  # a rule the set does not name (any more): the finding's name
            if f.rule in outcomes and f.rule not in names:
                names[f.rule] = (f.name, "")
    meta = rule_index(catalog)
    out: list[RuleTally] = []
    for rid in sorted(counts):
        m = meta.get(rid, {})
        own_name, own_summary = names.get(rid, ("", ""))
        c = counts[rid]
        out.append(RuleTally(rid, str(m.get("name") or own_name), str(m.get("summary") or own_summary),
                             c[PASSED], c[FAILED], c[NOT_RUN]))
    return out


def _names(ruleset: str, wanted: Iterable[str]) -> dict[str, tuple[str, str]]:
    from ..ruleset import load_ruleset

    try:
        rules = {r.id: r for r in load_ruleset(ruleset).rules}
    except Exception:  # noqa: BLE001
        return {}
    return {rid: (rules[rid].name, rules[rid].summary) for rid in wanted if rid in rules}


def most_errors(run: RunResult, limit: int = TOP_REPORTS) -> list[ReportTally]:
    """The reports with at least one (open) error, most errors first (then most warnings, then
    input order), at most ``limit``."""
    tallies = []
    for i, r in enumerate(run.reports):
        s = r.summary()
        if s["error"]:
            tallies.append(ReportTally(i, r.path, r.agency, s["error"], s["warning"]))
    tallies.sort(key=lambda t: (-t.errors, -t.warnings, t.index))
    return tallies[:limit]


def shown_for(run: RunResult) -> bool:
    """Whether a run gets the summary: a batch of at least :data:`MIN_REPORTS` reports."""
    return len(run.reports) >= MIN_REPORTS


# --------------------------------------------------------------------------------------------
# the text output's lines (the HTML page builds its own view)

Chunk = tuple[str, "str | None"]


def text_lines(run: RunResult, catalog: Sequence[Mapping[str, Any]] | None = None) -> list[tuple[Chunk, ...]]:
    """The summary as lines of ``(text, style)`` chunks, for :func:`compliance.render.text.render_text`."""
    from rich.cells import cell_len

    def pad(text: str, width: int, right: bool = False) -> str:
        fill = " " * max(0, width - cell_len(text))
        return fill + text if right else text + fill

    tallies = rule_summary(run, catalog)
    heads = ("通过", "未通过", "无法核对")
    rule_w = max([cell_len("规则"), *(cell_len(t.rule) for t in tallies)])
    widths = [max(cell_len(h), *(len(str(n)) for t in tallies for n in (t.passed, t.failed, t.not_run))) for h in heads]
    out: list[tuple[Chunk, ...]] = [
        ((f"按规则统计（{len(run.reports)} 份报告；每条规则通过、未通过（该规则报告了问题）、无法核对的报告数）", "bold"),),
    ]
    if not tallies:
        out.append((("  （没有运行任何规则）", "dim"),))
    else:
        out.append((("  " + pad("规则", rule_w) + "  " + "  ".join(pad(h, w, True) for h, w in zip(heads, widths)) + "  说明", "dim"),))
    for t in tallies:
        nums = (t.passed, t.failed, t.not_run)
        chunks: list[Chunk] = [("  ", None), (pad(t.rule, rule_w), "bold")]
        for n, w, style in zip(nums, widths, (None, "red", "yellow")):
            chunks.append(("  ", None))
            chunks.append((pad(str(n), w, True), style if n else None))
        if t.summary or t.name:
            chunks.append(("  " + (t.summary or t.name), None))
        out.append(tuple(chunks))
    out.append((("", None),))
    out.append((("错误最多的报告", "bold"),))
    worst = most_errors(run)
    if not worst:
        out.append((("  （没有报告有错误）", "green"),))
    n_w = len(str(len(worst)))
    for k, r in enumerate(worst, 1):
        out.append((
            ("  " + pad(f"{k}.", n_w + 1, True) + " ", None),
            (r.path, None),
            (f"  {r.agency or '（未识别机关）'}  ", "dim"),
            (f"{r.errors} 个错误，{r.warnings} 个警告", "red"),
        ))
    return out


__all__ = [
    "FAILED", "MIN_REPORTS", "NOT_RUN", "PASSED", "ReportTally", "RuleTally", "TOP_REPORTS",
    "most_errors", "report_outcomes", "rule_summary", "shown_for", "text_lines",
]
