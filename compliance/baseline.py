"""Waivers: a baseline file of accepted findings, and fingerprints that survive re-publication.

A fingerprint names WHAT is wrong and WHERE in the report's structure, never where in the file:

    rule + report identity (agency, year, template) + cell address, else section,
    else a digest of the normalised message

so the same problem keeps its fingerprint when the report is re-run, moved to another path,
re-published with a fixed typo three lines higher, or converted from HTML to text.  Line
numbers and paths take no part.  When the report's agency is unknown its title, and failing
that the file name, stands in for it (documented in docs/baseline.md).

``create(run, reason)`` → the baseline as a JSON-able dict; ``load(path)`` reads one back;
``apply(run, baseline)`` moves matching findings to ``ReportResult.suppressed`` with the
waiver's reason, and adds a run-level note (code ``BSL-001`` stale-waiver, see
:mod:`compliance.codes`; ``BSL01`` before) for each waiver whose report was checked but which
matched nothing any more.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import MutableSequence
from pathlib import PurePath
from typing import Any, Iterable, Mapping

from attrs import evolve

from .codes import STALE_WAIVER
from .findings import Finding, ReportResult, RunResult

BASELINE_FORMAT = "compliance-baseline"
BASELINE_VERSION = 1
FINGERPRINT_KEY = "complianceFingerprint/v1"
STALE_RULE = STALE_WAIVER.id  # "BSL-001"
STALE_NAME = STALE_WAIVER.name


class BaselineError(ValueError):
    """The baseline file cannot be read or is not a baseline (a usage error: exit 2)."""


# --------------------------------------------------------------------------------------------
# fingerprints

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _norm(text: str | None) -> str:
    if not text:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def report_identity(result: ReportResult) -> dict[str, Any]:
    """Who published which report: agency, year, template (not the path, not line numbers)."""
    agency = _norm(result.agency)
    source = "agency"
    if not agency:
        title = result.report.title if result.report is not None else None
        agency, source = _norm(title), "title"
        if not agency:
            agency, source = _norm(PurePath(result.path.replace("\\", "/")).name), "file"
    return {"agency": agency, "year": result.year, "template": result.template, "identity_from": source}


def _identity_string(identity: Mapping[str, Any]) -> str:
    year = identity.get("year")
    return "\x1f".join((identity.get("agency") or "", "" if year is None else str(year), identity.get("template") or ""))


def locus(finding: Finding) -> str:
    """Where in the report's structure: cell address, else section, else a message digest."""
    loc = finding.location
    if loc.cell:
        return "cell:" + loc.cell
    if loc.section:
        return "section:" + _norm(loc.section)
    # numbers (line numbers, counts quoted in the text) change between versions: drop them
    message = _DIGITS.sub("#", _norm(finding.message))
    return "message:" + hashlib.sha256(message.encode("utf-8")).hexdigest()[:16]


def fingerprint(result: ReportResult, finding: Finding) -> str:
    """The stable fingerprint of one finding of one report (32 hex digits)."""
    return _fingerprint(finding.rule, _identity_string(report_identity(result)), locus(finding))


def _fingerprint(rule: str, identity: str, where: str) -> str:
    payload = "\x1e".join(("v1", rule, identity, where))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


# --------------------------------------------------------------------------------------------
# the file


def create(run: RunResult, reason: str, *, tool_version: str | None = None) -> dict[str, Any]:
    """A baseline waiving every (unsuppressed) finding of ``run`` with ``reason``.

    Deterministic: no timestamps; waivers sorted; one waiver per fingerprint (``count`` says
    how many findings it covered when it was made).  Findings already suppressed keep their
    existing waiver's reason, so re-creating a baseline does not lose reasons.
    """
    if not reason or not reason.strip():
        raise BaselineError("豁免必须写明原因（--reason）")
    waivers: dict[str, dict[str, Any]] = {}
    for result in run.reports:
        identity = report_identity(result)
        items = [(f, reason.strip()) for f in result.findings] + list(result.suppressed)
        for f, why in items:
            fp = fingerprint(result, f)
            if fp in waivers:
                waivers[fp]["count"] += 1
                continue
            waivers[fp] = {
                "fingerprint": fp,
                "rule": f.rule,
                "name": f.name,
                "severity": f.severity.value,
                "agency": identity["agency"],
                "year": identity["year"],
                "template": identity["template"],
                "identity_from": identity["identity_from"],
                "cell": f.location.cell,
                "section": f.location.section,
                "message": f.message,
                "path": result.path,
                "reason": why,
                "count": 1,
            }
    ordered = sorted(
        waivers.values(),
        key=lambda w: (w["agency"], str(w["year"]), w["template"], w["rule"], w["cell"] or "", w["section"] or "", w["fingerprint"]),
    )
    return {
        "format": BASELINE_FORMAT,
        "version": BASELINE_VERSION,
        "tool": {"name": "compliance", "version": tool_version or run.tool_version},
        "fingerprint": FINGERPRINT_KEY,
        "waivers": ordered,
    }


def dumps(baseline: Mapping[str, Any]) -> str:
    return json.dumps(baseline, ensure_ascii=False, indent=2) + "\n"


def save(baseline: Mapping[str, Any], path: str | os.PathLike[str]) -> None:
    parent = os.path.dirname(os.fspath(path))
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(dumps(baseline))


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"基线文件不存在：{os.fspath(path)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"无法读取基线文件 {os.fspath(path)}：{exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"基线文件不是合法的 JSON（第 {exc.lineno} 行）：{os.fspath(path)}") from None
    return validate(data, os.fspath(path))


def validate(data: Any, where: str = "<baseline>") -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT:
        raise BaselineError(f"{where} 不是 compliance 基线文件（缺少 \"format\": \"{BASELINE_FORMAT}\"）")
    version = data.get("version")
    if not isinstance(version, int) or version > BASELINE_VERSION or version < 1:
        raise BaselineError(f"{where}：不支持的基线版本 {version!r}（本程序支持 1–{BASELINE_VERSION}）")
    waivers = data.get("waivers")
    if not isinstance(waivers, list):
        raise BaselineError(f"{where}：缺少 waivers 列表")
    for i, w in enumerate(waivers):
        if not isinstance(w, dict) or not isinstance(w.get("fingerprint"), str):
            raise BaselineError(f"{where}：第 {i + 1} 条豁免缺少 fingerprint")
        if not isinstance(w.get("reason"), str) or not w["reason"].strip():
            raise BaselineError(f"{where}：第 {i + 1} 条豁免（{w.get('rule', '?')}）没有写明原因 reason")
    return data


# --------------------------------------------------------------------------------------------
# applying


def apply(run: RunResult, baseline: Mapping[str, Any]) -> RunResult:
    """Suppress the findings ``baseline`` waives; report the waivers that matched nothing.

    A waiver is *stale* when the report it was made for (same agency, year and template) was
    checked in this run but no finding has its fingerprint any more.  Waivers for reports not
    checked in this run are left alone (checking one file of a batch is not a reason to nag).
    """
    waivers: dict[str, Mapping[str, Any]] = {}
    for w in baseline.get("waivers", ()):
        waivers.setdefault(w["fingerprint"], w)
    used: set[str] = set()
    seen_identities: set[str] = set()
    # a batch on disk (compliance.spool.Spool) is updated in place, one report at a time
    in_place = isinstance(run.reports, MutableSequence) and not isinstance(run.reports, list)
    reports: list[ReportResult] = []
    for i, result in enumerate(run.reports):
        seen_identities.add(_identity_string(report_identity(result)))
        keep: list[Finding] = []
        suppressed = list(result.suppressed)
        for f in result.findings:
            fp = fingerprint(result, f)
            w = waivers.get(fp)
            if w is None:
                keep.append(f)
            else:
                used.add(fp)
                suppressed.append((f, str(w.get("reason", ""))))
        for f, _ in result.suppressed:
            fp = fingerprint(result, f)
            if fp in waivers:
                used.add(fp)
        suppressed.sort(key=lambda fr: (fr[0].sort_key(), fr[1]))
        new = evolve(result, findings=tuple(keep), suppressed=tuple(suppressed))
        if in_place:
            run.reports[i] = new  # type: ignore[index]
        else:
            reports.append(new)
    notes = list(run.notes)
    for fp, w in sorted(waivers.items(), key=lambda kv: _waiver_sort(kv[1])):
        if fp in used:
            continue
        identity = _identity_string({"agency": w.get("agency"), "year": w.get("year"), "template": w.get("template")})
        if identity not in seen_identities:
            continue
        notes.append(stale_note(w))
    return evolve(run, reports=run.reports if in_place else tuple(reports), notes=tuple(notes))


def _waiver_sort(w: Mapping[str, Any]) -> tuple:
    return (str(w.get("agency") or ""), str(w.get("year")), str(w.get("rule") or ""), str(w.get("cell") or ""), str(w.get("fingerprint")))


def stale_note(w: Mapping[str, Any]) -> Finding:
    where = w.get("cell") or (f"第{w['section']}部分" if w.get("section") else "全文")
    year = w.get("year")
    message = (
        f"基线豁免已不再匹配任何问题：{w.get('agency') or '（未知机关）'} "
        f"{year if year is not None else '（未知年度）'} 年度报告 {w.get('rule')} {where}"
        f"（豁免原因：{w.get('reason')}）。问题可能已修正，请从基线文件中删除该豁免。"
    )
    return STALE_WAIVER.finding(
        message,
        section=w.get("section"),
        cell=w.get("cell"),
        evidence={
            "fingerprint": w.get("fingerprint"),
            "waived_rule": w.get("rule"),
            "agency": w.get("agency"),
            "year": w.get("year"),
            "template": w.get("template"),
            "path": w.get("path"),
        },
    )


def matched(run: RunResult) -> Iterable[tuple[ReportResult, Finding, str]]:
    """Every suppressed finding of a run with its report and reason (for listings)."""
    for result in run.reports:
        for f, reason in result.suppressed:
            yield result, f, reason
