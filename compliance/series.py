"""The rules over several reports, run after every report of a batch is checked.

    results = run_series(results, manifest=m, aliases=a, history=h, pool=previous_snapshots)

Pairing (:meth:`Batch.pair`): a report's previous report is the same agency's report of the year
before, found — in this order — in the manifest's ``previous`` column, in the batch (or the
reports given with ``--previous``), in the history database.  Agencies are compared by
:func:`compliance.agency.agency_key` after the alias file; the manifest's ``agency`` column
names a file's agency when given.  Several different candidates are one ``SER-001`` note and
no pairing; a similar but different name is one ``SER-002`` note and no pairing — never a silent
guess.  The lower bodies of a report are the manifest rows whose ``parent`` is its agency.

Every cross-report rule's findings say which report they rest on (``evidence.previous``,
``evidence.paired_by``).  The rules that ran for a report are kept in
``ReportResult.cross_ran`` (the batch summary counts the others as "could not run").
"""

from __future__ import annotations

import sys
from collections import Counter
from difflib import SequenceMatcher
from collections.abc import MutableSequence
from typing import Any, Iterable, Iterator, Protocol, Sequence

from attrs import define, evolve, frozen

from .agency import Aliases
from .codes import AGENCY_NAME_UNMATCHED, PREVIOUS_REPORT_AMBIGUOUS
from .findings import Finding, ReportResult
from .manifest import Entry, Manifest
from .ruleset import Ruleset, load_ruleset
from .snapshot import Snapshot

SCOPES_HERE = ("previous", "children", "batch")
_NAME_RATIO = 0.8


class HistoryLike(Protocol):
    def find(self, agency_key: str, year: int) -> Snapshot | None: ...


@define
class Member:
    """One report of the run, as the pairing needs it: its place in the run, manifest entry,
    agency key, and what its snapshot says (the snapshot itself stays in the results, which
    may be on disk: :class:`compliance.spool.Spool`).  A batch builds its members as the
    results arrive (:meth:`of_info`); the DUP-002 signature is dropped once used."""

    index: int
    entry: Entry | None
    key: str | None
    ruleset: str | None
    has_snap: bool
    year: int | None
    agency: str | None
    path: str
    signature: bytes | None = None  # DUP-002's, when the batch computed it

    @classmethod
    def of_info(cls, index: int, info: Sequence[Any], entry: Entry | None, aliases: Aliases, path: str | None = None) -> "Member":
        """From :func:`compliance.engine.report_info` of the result (a batch worker sent it);
        ``path``: the report's display path when the caller holds it already (one string per
        report in a batch of 100,000, not two)."""
        ruleset, has_snap, year, agency, shown, signature = info
        name = (entry.agency if entry is not None and entry.agency else None) or agency
        return cls(index, entry, aliases.key(name), sys.intern(ruleset) if ruleset else ruleset, bool(has_snap), year,
                   agency, path if path is not None and path == shown else shown, signature)

    @classmethod
    def of(cls, index: int, result: ReportResult, entry: Entry | None, aliases: Aliases) -> "Member":
        from .engine import report_info

        return cls.of_info(index, report_info(result), entry, aliases)


def _snap(result: ReportResult) -> Snapshot | None:
    s = result.snapshot
    return s if isinstance(s, Snapshot) else None


@frozen
class Pairing:
    previous: Snapshot | None
    paired_by: str = ""
    note: Finding | None = None


def _distinct(snaps: Iterable[tuple[Snapshot, str]]) -> list[tuple[Snapshot, str]]:
    seen: dict[str, tuple[Snapshot, str]] = {}
    for s, how in snaps:
        seen.setdefault(s.source_hash, (s, how))
    return list(seen.values())


class Batch:
    """The reports of a run indexed for pairing: by agency key and year, by manifest file, by
    parent body; and the names of each year for the similar-name notes.  ``members`` is updated
    as reports are processed (a glued row decided in one year is seen decided the next)."""

    def __init__(self, members: list[Member], results: Sequence[ReportResult], pool: Sequence[tuple[Snapshot, str | None]],
                 manifest: Manifest | None, aliases: Aliases, history: HistoryLike | None, history_keys: Sequence[str]) -> None:
        self.members = members
        self.results = results  # read live: a report decided earlier in the run is seen decided
        self.pool = pool
        self.manifest = manifest
        self.aliases = aliases
        self.history = history
        self.pool_by_path: dict[str, Snapshot] = {s.path: s for s, _key in pool}
        self.by_key: dict[tuple[str, int], list[int]] = {}
        self.names: dict[int | None, dict[str, str]] = {}  # year → key → name shown (None: any year)
        for m in members:
            if m.key is not None and m.year is not None:
                self.by_key.setdefault((m.key, m.year), []).append(m.index)
                self.names.setdefault(m.year, {}).setdefault(m.key, m.agency or m.key)
        self.pool_by_key: dict[tuple[str, int], list[Snapshot]] = {}
        for o, key in pool:
            if key is not None and o.year is not None:
                self.pool_by_key.setdefault((key, o.year), []).append(o)
                self.names.setdefault(o.year, {}).setdefault(key, o.agency or key)
        for key in history_keys:
            self.names.setdefault(None, {}).setdefault(key, key)
        self.member_of_file = {str(m.entry.file): m.index for m in members if m.entry is not None}
        self.children: dict[str, list[Entry]] = {}
        for e in manifest.entries if manifest is not None else ():
            parent = aliases.key(e.parent) if e.parent else None
            if parent is not None:
                self.children.setdefault(parent, []).append(e)
        self._prefixes: dict[int | None, dict[str, list[str]]] = {}

    def snap_of(self, index: int) -> Snapshot | None:
        return _snap(self.results[index]) if self.members[index].has_snap else None

    def pair(self, member: Member, snap: Snapshot) -> Pairing:
        """The previous report of ``member`` (whose snapshot is ``snap``), or a note saying why
        none was paired."""
        if snap.year is None:
            return Pairing(None)
        entry = member.entry
        if entry is not None and entry.previous is not None:
            where = str(entry.previous)
            i = self.member_of_file.get(where)
            found = self.snap_of(i) if i is not None else self.pool_by_path.get(where)
            if found is not None:
                return Pairing(found, "manifest")
        if member.key is None:
            return Pairing(None)
        want = snap.year - 1
        candidates: list[tuple[Snapshot, str]] = []
        for i in self.by_key.get((member.key, want), ()):
            o = self.snap_of(i) if i != member.index else None
            if o is not None:
                candidates.append((o, "batch"))
        candidates.extend((o, "--previous") for o in self.pool_by_key.get((member.key, want), ()))
        distinct = _distinct(candidates)
        if len(distinct) == 1:
            return Pairing(distinct[0][0], distinct[0][1])
        if len(distinct) > 1:
            paths = sorted(s.path for s, _h in distinct)
            return Pairing(None, note=PREVIOUS_REPORT_AMBIGUOUS.finding(
                f"找到 {len(paths)} 份可能是本机关上一年度（{want}年）的报告（{'、'.join(paths)}），内容不同，未作配对；"
                "请在批次清单的 previous 列指定其中一份",
                evidence={"candidates": paths, "year": want},
            ))
        if self.history is not None:
            found = self.history.find(member.key, want)
            if found is not None:
                return Pairing(found, "history")
        # no report under this name: one of a similar name is a note, never a pairing
        similar = sorted({self.names[y][k] for y in (want, None) for k in self._similar_keys(member.key, y)})
        if similar:
            return Pairing(None, note=AGENCY_NAME_UNMATCHED.finding(
                f"没有找到“{snap.agency or member.key}”上一年度（{want}年）的报告；名称相近的有：{'、'.join(similar)}。"
                "名称不同，未作配对；如为同一机关，请在别名文件（--aliases）中登记",
                evidence={"agency": snap.agency, "similar": similar, "year": want},
            ))
        return Pairing(None)

    def _similar_keys(self, key: str, year: int | None) -> list[str]:
        """Keys of ``year`` similar to ``key``: compared only with keys that share its first two
        characters (the place name), so a batch of thousands stays linear in practice."""
        if year not in self._prefixes:
            index: dict[str, list[str]] = {}
            for k in self.names.get(year, {}):
                index.setdefault(k[:2], []).append(k)
            self._prefixes[year] = index
        return [k for k in self._prefixes[year].get(key[:2], ()) if _similar(key, k)]

    def children_of(self, member: Member, snap: Snapshot) -> tuple[tuple[Snapshot, ...], tuple[str, ...]]:
        """The reports of the bodies the manifest lists under ``member``'s agency (same year),
        and the names of those without a report (in the batch or the history)."""
        if member.key is None:
            return (), ()
        found: list[Snapshot] = []
        missing: list[str] = []
        for e in self.children.get(member.key, ()):
            name = e.agency or e.file.name
            i = self.member_of_file.get(str(e.file))
            child = self.snap_of(i) if i is not None else None
            if child is None and self.history is not None and snap.year is not None:
                key = self.aliases.key(e.agency)
                child = self.history.find(key, snap.year) if key else None
            if child is None or child.year != snap.year:
                missing.append(name)
            else:
                found.append(child)
        return tuple(found), tuple(missing)


def _similar(a: str, b: str) -> bool:
    if a == b:
        return False
    if a in b or b in a:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= _NAME_RATIO and matcher.quick_ratio() >= _NAME_RATIO and matcher.ratio() >= _NAME_RATIO


def near_duplicates_by_year(members: Sequence[Member], threshold: float,
                            results: Sequence[ReportResult]) -> dict[int, list[tuple[str, str | None, float]]]:
    """For each member index: the other reports of the same year and another agency whose
    narrative is at least ``threshold`` similar (exact Jaccard after MinHash candidates).
    The texts are read from ``results`` one at a time (not all kept)."""
    from .similarity import near_duplicates

    def text(index: str) -> str:
        snap = _snap(results[int(index)])
        return snap.text if snap is not None else ""

    out: dict[int, list[tuple[str, str | None, float]]] = {}
    by_year: dict[int, list[Member]] = {}
    for m in members:
        if m.has_snap and m.year is not None:
            by_year.setdefault(m.year, []).append(m)
    for _year, group in sorted(by_year.items()):
        if len(group) < 2:
            continue
        ids = {str(m.index): m for m in group}
        same = {i: m.key for i, m in ids.items() if m.key is not None}
        known = {i: m.signature for i, m in ids.items() if m.signature is not None}
        # a text is read here only when its signature was not computed with the check
        pairs = near_duplicates(((i, "" if i in known else text(i)) for i in ids), threshold=threshold, text_of=text,
                                groups=same, signatures=known)
        for a, b, score in pairs:
            ma, mb = ids[a], ids[b]
            if ma.key is not None and ma.key == mb.key:
                continue  # the same agency twice is the pairing's business, not a copy
            out.setdefault(ma.index, []).append((mb.path, mb.agency, score))
            out.setdefault(mb.index, []).append((ma.path, ma.agency, score))
    return out


def _ruleset_of(used: str | None, rules: Any, cache: dict[str, Ruleset | None]) -> Ruleset | None:
    if isinstance(rules, Ruleset):
        return rules
    name = str(rules) if rules is not None else used
    if name is None:
        return None
    if name not in cache:
        try:
            cache[name] = load_ruleset(name)
        except Exception:  # noqa: BLE001 - a set the per-report phase loaded; be safe
            cache[name] = None
    return cache[name]


def run_series(
    results: Sequence[ReportResult] | MutableSequence[ReportResult],
    *,
    rules: Any = None,
    manifest: Manifest | None = None,
    entries: Sequence[Entry | None] | None = None,
    aliases: Aliases | None = None,
    history: HistoryLike | None = None,
    history_keys: Sequence[str] = (),
    pool: Sequence[Snapshot] = (),
    only: Iterable[str] | None = None,
    strict: bool = False,
    members: list[Member] | None = None,
) -> MutableSequence[ReportResult]:
    """``results`` (in order) with the findings of the rules over several reports added.

    ``entries``: each result's manifest entry (None: none); ``pool``: reports that are
    candidates for pairing only (``--previous``, the manifest's ``previous`` files not in the
    batch); ``history``: a :class:`compliance.history.History` (or anything with ``find``);
    ``only``: run only these rules.

    ``results`` may be a :class:`compliance.spool.Spool` (a batch on disk): then the results
    are updated in it, in place, and it is returned; snapshots are read from it when needed,
    so memory does not grow with the batch (but for the pairing index).  ``members``: each
    result's :class:`Member`, when the caller built them as the results arrived
    (:meth:`Member.of_info`; then ``entries`` and ``aliases`` were used there, and the results
    are not read to build the index)."""
    from .checks import KINDS
    from .checks.series import SeriesContext
    from .engine import rule_crash

    al = aliases or Aliases()
    ents = list(entries) if entries is not None else [None] * len(results)
    out: MutableSequence[ReportResult] = results if isinstance(results, MutableSequence) and not isinstance(results, list) else list(results)
    if members is not None:
        if len(members) != len(out):
            raise ValueError("run_series: one member per result")
    else:
        members = [Member.of(i, r, ents[i], al) for i, r in enumerate(out)]
    keyed_pool = [(s, al.key(s.agency)) for s in pool]
    cache: dict[str, Ruleset | None] = {}
    wanted_ids = set(only) if only is not None else None
    wanted: list[tuple[Member, Ruleset]] = []
    thresholds: list[float] = []
    for m in members:
        rs = _ruleset_of(m.ruleset, rules, cache) if m.has_snap else None
        if rs is None:
            continue
        mine = [r for r in rs.rules if KINDS[r.kind].scope in SCOPES_HERE and r.applies_to_year(m.year)
                and (wanted_ids is None or r.id in wanted_ids)]
        if mine:
            wanted.append((m, rs))
            thresholds.extend(r.compiled.threshold for r in mine if r.kind == "near_duplicate")
    dups = near_duplicates_by_year([m for m, _rs in wanted], min(thresholds), out) if thresholds else {}
    for m in members:
        m.signature = None  # used: 512 bytes a report less for the rest of the run
    # DUP-002 ran for a report only when another report of its year was there to compare with
    years = Counter(m.year for m, _rs in wanted if m.year is not None)
    batch = Batch(members, out, keyed_pool, manifest, al, history, history_keys)
    on_disk = not isinstance(out, list)
    marks: list[tuple[str, ...] | None] = [None] * len(out) if on_disk else []
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    # oldest first: a glued row decided in one year's report is read decided by the next year's
    for m, rs in sorted(wanted, key=lambda w: (w[0].year or 0, w[0].index)):
        result = out[m.index]
        snap = _snap(result)
        assert snap is not None
        pairing = batch.pair(m, snap)
        kids, missing = batch.children_of(m, snap)
        ctx = SeriesContext(snap, pairing.previous, pairing.paired_by, kids, missing, tuple(dups.get(m.index, ())))
        found: list[Finding] = [pairing.note] if pairing.note is not None else []
        ran: list[str] = []
        table_ok = snap.template in rs.templates or snap.template == "unknown"
        for rule in rs.rules:
            kind = KINDS[rule.kind]
            if kind.scope not in SCOPES_HERE or not rule.applies_to_year(snap.year):
                continue
            if wanted_ids is not None and rule.id not in wanted_ids:
                continue
            if kind.uses_tables and not table_ok:
                continue
            if kind.scope == "children" and not (kids or missing):
                continue
            try:
                # a "previous" check without a previous report only does what needs none
                # (stock_continuity splits a glued row by the report's own text)
                found.extend(kind.check(rule, ctx))
            except Exception as exc:  # a broken check must not end the batch
                if strict:
                    raise
                found.append(rule_crash(rule, exc, None))
            if kind.scope == "batch" and (snap.year is None or years[snap.year] < 2):
                continue
            if kind.scope != "previous" or ctx.previous is not None:
                ran.append(rule.id)
        if found:
            out[m.index] = _merge(result, found, tuple(ran))
        elif ran:
            if on_disk:
                # nothing found, only which rules ran: noted beside the results, not written back
                marks[m.index] = _shared(tuple(ran), shared)
            else:
                out[m.index] = evolve(result, cross_ran=tuple(ran))
    if on_disk and any(x is not None for x in marks):
        return WithCrossRan(out, marks)
    return out


def _shared(ran: tuple[str, ...], pool: dict[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...]:
    return pool.setdefault(ran, ran)


class WithCrossRan(MutableSequence[ReportResult]):
    """Results on disk, each read back with the rules over several reports that ran for it
    (``ReportResult.cross_ran``) when that is all :func:`run_series` had to add: a result
    without a finding of those rules is not written back to the spool (one pointer a report,
    the same tuple for all reports of one kind)."""

    def __init__(self, results: MutableSequence[ReportResult], marks: list[tuple[str, ...] | None]) -> None:
        self.results = results
        self.marks = marks

    def __len__(self) -> int:
        return len(self.results)

    def _marked(self, i: int, r: ReportResult) -> ReportResult:
        mark = self.marks[i]
        return evolve(r, cross_ran=mark) if mark is not None and r.cross_ran != mark else r

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        j = i + len(self) if i < 0 else i
        return self._marked(j, self.results[j])

    def __setitem__(self, i: Any, value: Any) -> None:
        self.results[i] = value

    def __delitem__(self, i: Any) -> None:
        raise TypeError("results of a run are not deleted")

    def insert(self, index: int, value: ReportResult) -> None:
        raise TypeError("results of a run are not inserted")

    def __iter__(self) -> Iterator[ReportResult]:
        for i, r in enumerate(self.results):
            yield self._marked(i, r)

    def close(self) -> None:
        close = getattr(self.results, "close", None)
        if close is not None:
            close()


def _merge(result: ReportResult, found: list[Finding], ran: tuple[str, ...]) -> ReportResult:
    """The result with the cross-report findings; a glued row they decided replaces the
    parser's unreadable-row finding for that row, and its cells in the snapshot."""
    from .checks.series import GLUED_ROW_DECIDED
    from .codes import ROW_MISFIT, UNREADABLE_ROW

    decided_rows: set[str] = set()
    values: dict[str, int] = {}
    for f in found:
        if f.name == GLUED_ROW_DECIDED:
            ev = dict(f.evidence)
            decided_rows.add(str(ev["row"]))
            values.update(ev["decided"])
    unread = (UNREADABLE_ROW.id, ROW_MISFIT.id)
    kept = [f for f in result.findings if not (f.rule in unread and f.cell in decided_rows)]
    findings = tuple(sorted((*kept, *found), key=Finding.sort_key))
    snap = result.snapshot
    if values and isinstance(snap, Snapshot):
        cells = tuple(evolve(c, kind="number", value=str(values[c.address])) if c.address in values else c for c in snap.cells)
        snap = evolve(snap, cells=cells)
    return evolve(result, findings=findings, cross_ran=ran, snapshot=snap)
