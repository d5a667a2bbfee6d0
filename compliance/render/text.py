"""``--format text`` (default): findings grouped by report and section, aligned for Chinese.

One finding per line, ``file:line:col RULE severity message``, so editors and ``grep`` can
jump to it; columns are padded by terminal cell width (a Chinese character is two cells,
rich's ``cell_len``), lines are never wrapped.  ``explain=True`` adds the evidence arithmetic,
the legal basis and the rule's summary under each finding.  Colour only when ``color=True``.
A batch of two or more reports gets, before the last line, the summary per rule and the reports
with the most errors (:mod:`compliance.render.summary`).
"""

from __future__ import annotations

import io
from typing import Any, Mapping, Protocol, Sequence, IO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..findings import Finding, ReportResult, RunResult
from ._common import (
    SEVERITY_ZH,
    basis_list,
    counts,
    evidence_lines,
    group_by_section,
    normalised_reports,
    rule_index,
    run_counts,
    section_title,
    severity_of,
    sorted_findings,
    summary_zh,
)
from .summary import shown_for, text_lines as batch_lines

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
DEFAULT_WIDTH = 100


# control characters (an ESC could drive the terminal) and bidi overrides (could reorder what
# the reader sees) from a report are shown as visible escapes, never emitted raw
_UNSAFE = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]}
_UNSAFE.update({c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]})
_UNSAFE[0x09] = " "


class _Line(Protocol):
    """Prints one line made of ``(text, style)`` chunks (``None``: no style)."""

    def __call__(self, *parts: tuple[str, str | None]) -> None: ...


def safe(text: str) -> str:
    """Report text made safe to print on a terminal, on one line."""
    return text.translate(_UNSAFE)


def location_text(path: str, f: Finding) -> str:
    s = f.location.span
    if not s:
        return path
    where = f"{path}:{s.line}:{s.column}"
    return f"{where}（{s.place.label()}）" if s.place is not None else where


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(safe(text)))


def render_text(
    run: RunResult,
    *,
    color: bool = False,
    explain: bool = False,
    rules_catalog: Sequence[Mapping[str, Any]] | None = None,
    width: int | None = None,
) -> str:
    out = io.StringIO()
    write_text(run, out, color=color, explain=explain, rules_catalog=rules_catalog, width=width)
    return out.getvalue()


def write_text(
    run: RunResult,
    out: IO[str],
    *,
    color: bool = False,
    explain: bool = False,
    rules_catalog: Sequence[Mapping[str, Any]] | None = None,
    width: int | None = None,
) -> None:
    """The text output written report by report (``run.reports`` may be a batch on disk)."""
    console = Console(
        file=out,
        width=width or DEFAULT_WIDTH,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
        _environ={},
    )
    rules = rule_index(rules_catalog)

    def line(*parts: tuple[str, str | None]) -> None:
        text = Text()
        for chunk, style in parts:
            text.append(safe(chunk), style=style or "")
        console.print(text)

    for n, result in enumerate(normalised_reports(run)):
        if n:
            line(("", None))
        _report(result, line, explain, rules)
    if run.notes:
        line(("", None))
        line(("运行提示（run notes）", "bold"))
        for f in sorted_findings(run.notes):
            sev = severity_of(f)
            line(("  ", None), (f.rule, "bold"), (" ", None), (sev, SEVERITY_STYLE.get(sev)), (" ", None), (f.message, None))
            if explain:
                for ev in evidence_lines(f):
                    line(("      证据：", "dim"), (ev, "dim"))
    if shown_for(run):  # a batch: the summary per rule and the reports with the most errors
        line(("", None))
        for parts in batch_lines(run, rules_catalog):
            line(*parts)
    c = run_counts(run)
    line(("", None))
    total = f"共检查 {len(run.reports)} 份报告：{summary_zh(c)}"
    if c["notes"]:
        total += f"；运行提示 {c['notes']} 条"
    style = "bold red" if c["error"] else ("bold yellow" if c["warning"] else "bold green")
    line((total, style))


def _report(result: ReportResult, line: _Line, explain: bool, rules: dict[str, Mapping[str, Any]]) -> None:
    line(("══ ", "bold"), (result.path, "bold underline"))
    meta = [
        result.agency or "（未识别机关）",
        f"{result.year} 年度" if result.year is not None else "（未识别年度）",
        f"模板 {result.template}",
        f"规则集 {result.ruleset or '（未选定）'}",
    ]
    line(("   " + " · ".join(meta), "dim"))
    findings = list(result.findings)
    all_for_width = findings + [f for f, _ in result.suppressed]
    loc_w = max((cell_len(safe(location_text(result.path, f))) for f in all_for_width), default=0)
    rule_w = max((cell_len(safe(f.rule)) for f in all_for_width), default=0)
    sev_w = max(cell_len(s) for s in SEVERITY_ZH)

    def finding_line(f: Finding, suffix: str = "", dim: bool = False) -> None:
        sev = severity_of(f)
        base = "dim" if dim else None
        line(
            ("    ", None),
            (_pad(location_text(result.path, f), loc_w), base),
            ("  ", None),
            (_pad(f.rule, rule_w), "dim" if dim else "bold"),
            ("  ", None),
            (_pad(sev, sev_w), "dim" if dim else SEVERITY_STYLE.get(sev)),
            ("  ", None),
            (f.message + suffix, base),
        )
        if explain:
            _explain(f, line, rules)

    if not findings:
        line(("   未发现问题", "green"))
    for section, group in group_by_section(findings):
        line(("  ", None), (section_title(result, section), "bold"))
        for f in group:
            finding_line(f)
    if result.suppressed:
        line(("  ", None), (f"已豁免（基线）{len(result.suppressed)} 条", "bold dim"))
        for f, reason in result.suppressed:
            finding_line(f, suffix=f"  ［豁免原因：{reason}］", dim=True)
    line(("  小计：", "bold"), (summary_zh(counts(result)), None))


def _explain(f: Finding, line: _Line, rules: dict[str, Mapping[str, Any]]) -> None:
    pad = "        "
    ev = evidence_lines(f)
    if ev:
        line((pad + "证据：", "dim"), ("；".join(ev), None))
    basis = list(f.basis) or basis_list(rules.get(f.rule, {}).get("basis"))
    if basis:
        line((pad + "依据：", "dim"), ("；".join(basis), None))
    meta = rules.get(f.rule)
    if meta and meta.get("summary"):
        line((pad + "规则：", "dim"), (f"{f.rule} {meta.get('name') or f.name}：{meta['summary']}", None))
    if f.location.cell:
        line((pad + "单元格：", "dim"), (f.location.cell, None))
