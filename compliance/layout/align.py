"""Placing a table's number rows by the template's fixed row order, not by each label alone.

PDF-extracted markdown and page text put numbers where the layout engine dropped them: the
row labels in one block and the numbers in another (same order), labels wrapped over lines or
broken by the characters of a vertical group label (``（三）不`` … ``予公开``), page markers
and repeated headings between the rows.  A label alone cannot place such a row; the order of
the template's rows can.  The table builder records the table's rows in reading order (a
*stream* of label-only rows and number rows); this module

1. **reads the labels**: joins label fragments that only make a template row together
   (``2.其他法律行政法规禁`` + ``止公开``), drops the pieces of a vertical group label, and
   gives a run of unlabelled number rows the labels printed in a block before or after it
   (same count, same order; a block before and a block after together when their counts add
   up);
2. **aligns** the rows that still carry no label: rows whose labels name a template row are
   anchors; each run of unlabelled rows between two anchors is aligned monotonically (dynamic
   programming) to the free template rows between those anchors, rows named by an unpaired
   label nearby costing less;
3. lets the **identities judge**: when several alignments cost the same, the one under which
   the table's column identities hold is kept; when none or several remain, the rows are not
   placed and the caller reports them (never a guess).

Everything about the table (its rows in order, their labels, group labels, identities) comes
from the template (:mod:`compliance.template`); nothing here names a row.
"""

from __future__ import annotations

import itertools
import re
from typing import Callable, Iterable, Sequence

from attrs import define, field

from .. import ast
from ..template import Label, TableSpec, label_key

Match = Callable[[str, "str | None"], "tuple[Label | None, str]"]
Exact = Callable[[str, "str | None"], "Label | None"]

NOISE = 1.0  # a number row that is no template row (a page marker, a stray line)
MISS = 0.4  # a template row with no number row
UNLABELLED = 0.5  # an unlabelled row placed at a template row
HINTED = 0.2  # … at a row an unpaired label nearby names
MAX_ALIGNMENTS = 1_000

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


@define
class Fragment:
    """A label-only row of the table (a row label, a piece of one, a group label)."""

    text: str
    group: str | None
    item: ast.Row


@define
class NumberRow:
    """A row with cells after its label (numbers, placeholders or blanks)."""

    labels: list[str]  # its own label cells as printed
    label: Label | None  # the template row its own label names
    how: str
    printed: str
    values: list[ast.Entry]
    item: ast.Row
    group: str | None
    blank: bool = False  # every cell empty
    numeric: bool = True  # a cell holds a number (not only blanks and placeholders)
    hint: set[str] = field(factory=set)  # rows named by unpaired labels nearby
    paired: bool = False  # its label came from a block before or after it
    columns: tuple[str, ...] | None = None  # the columns a block header printed before it (表二)


Stream = list  # of Fragment | NumberRow, in reading order


def group_pieces(spec: TableSpec, version: str | None = None) -> tuple[frozenset[str], tuple[str, ...]]:
    """(keys of the group labels, the group labels' keys to find pieces in).  With a version,
    not the groups whose rows are all of other versions: such a group (2021's （六）其他处理) is
    no group of this one, where its words may be a row (2019's （六）其他处理)."""
    groups = spec.groups
    if version is not None:
        present = {r.group for r in spec.rows_for(version)}
        elsewhere = {r.group for r in spec.rows} - present  # groups of rows of other versions only
        groups = tuple(g for g in groups if g.id not in elsewhere)
    keys = {k for g in groups for k in g.keys}
    for g in groups:
        keys.add(label_key(g.display))
    return frozenset(keys), tuple(sorted(keys, key=len, reverse=True))


def group_of(text: str, spec: TableSpec) -> str | None:
    """The group a whole group label names (``（六）其他处理`` → its id), else None."""
    key = label_key(text)
    return next((g.id for g in spec.groups if key in g.keys or key == label_key(g.display)), None)


def is_group_piece(text: str, group: str | None, spec: TableSpec, exact: Exact, version: str | None = None,
                   pieces: tuple[frozenset[str], tuple[str, ...]] | None = None) -> bool:
    """A group label (``（三）不予公开``) or a piece of a vertical one (``（三）不``, ``予公开``):
    no row label and no part of one.  A text that is both a group's and a row's label is the
    row inside that row's group (``其他`` under （六）), or a row of no group that the version
    prints (2019: （六）其他处理 with numbers of its own), else the group."""
    key = label_key(text)
    if not key:
        return True
    whole, keys = pieces or group_pieces(spec, version)
    row = exact(text, group)
    if key in whole:
        if row is None:
            return True
        if row.group == group:
            return False
        return not (row.group is None and version is not None and version in row.templates)
    if row is not None:
        return False
    containing = [k for k in keys if key in k and key != k]
    if not containing:
        return False
    # a piece of a group label that is also a row this version prints (2019: （六）其他处 + 理)
    # is a piece of that row's label
    rows = [exact(k, group) for k in containing]
    return not any(r is not None and r.group is None and version is not None and version in r.templates for r in rows)


def read_labels(stream: Stream, spec: TableSpec, match: Match, exact: Exact, version: str | None = None) -> list[NumberRow]:
    """Step 1: the number rows, each with the label the stream gives it (its own, one wrapped
    over the lines before it, or one of a block of labels printed before or after a run of
    unlabelled rows)."""
    pieces = group_pieces(spec, version)
    stream = _wrapped_blank_rows(_continued_after(stream, exact, version, spec), exact)
    seq: list = []  # NumberRow | (text, group) label units, in reading order
    buf: list[Fragment] = []
    last: list[str | None] = []  # the group of the row last named (其他: row or group?)

    def context(group: str | None) -> str | None:
        return last[-1] if last else group

    def note(text: str, group: str | None) -> None:
        found = exact(text, group)
        if found is not None:
            last.append(found.group)

    def flush() -> None:
        nonlocal buf
        if buf:
            seq.append(("".join(f.text for f in buf), buf[0].group))
        buf = []

    for e in stream:
        if isinstance(e, Fragment):
            if buf and exact("".join(f.text for f in buf) + e.text, buf[0].group) is not None and exact(e.text, e.group) is None:
                buf.append(e)  # the end of a wrapped label, even one that alone is a group's word (（六）其他 + 处理)
                note("".join(f.text for f in buf), buf[0].group)
                continue
            if is_group_piece(e.text, context(e.group), spec, exact, version, pieces):
                gid = group_of(e.text, spec)
                if gid is not None:
                    last.append(gid)  # the rows after a group label are that group's
                continue  # 三、本年度办理结果 / （三）不 … 予公开: no row of its own
            note(e.text, e.group)
            if buf:
                head = "".join(f.text for f in buf)
                alone = match(e.text, e.group)[0] is not None
                whole = exact(head + e.text, buf[0].group) is not None
                # a label wrapped over two lines: the lines together name a row exactly and the
                # second alone does not (转政府信息公开申请数量 only resembles a row), or neither
                # the second nor the first names one alone
                if (whole and exact(e.text, e.group) is None) or (not alone and match(head, buf[0].group)[0] is None):
                    buf.append(e)  # a label wrapped over two lines
                    # the rows after it are its group's (3.其他 after a wrapped 2. of （六）)
                    note("".join(f.text for f in buf), buf[0].group)
                    continue
                flush()
            buf = [e]
            continue
        own = [t for t in e.labels if not is_group_piece(t, context(e.group), spec, exact, version, pieces)]
        if e.labels and not own and e.label is not None:
            # every label cell is a group label or a piece of one (``| 他处理 |  | …`` under
            # ``| （六）其 | 1.… |``): what it resembles is no row of it
            e.label, e.how, e.printed = None, "", ""
        if e.label is not None:
            last.append(e.label.group)
        if e.labels and buf and (e.label is None or e.how == "fuzzy"):
            # the row's own label ends a label wrapped over the lines before it; a tail that
            # only resembles a row (政府信息公开申请数量 after 二、上年结转) yields to the
            # joined label when that one names a row exactly, and so does a tail that alone
            # would be a piece of a group label (处理 after （六）其他, 2019)
            tail = "".join(f.text for f in buf[-3:])
            for cand, loose in ((own, e.label is None), (e.labels, False)):
                if not cand:
                    continue
                joined = tail + "".join(cand)
                found = match(joined, e.group)[0] if loose else exact(joined, e.group)
                if found is not None:
                    e.label, e.how, e.printed = found, "fuzzy", joined
                    own, buf = list(cand), []
                    break
        e.labels = own
        flush()
        seq.append(e)
    flush()

    # runs of label units and of unlabelled number rows
    runs: list[tuple[str, list]] = []
    for x in seq:
        kind = "label" if isinstance(x, tuple) else ("open" if x.label is None and not x.labels else "row")
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(x)
        else:
            runs.append((kind, [x]))
    anchored = {x.label.id for x in seq if isinstance(x, NumberRow) and x.label is not None}

    def named(labels: list) -> list:
        """The labels of a block that name a row no row's own label names."""
        out = []
        for lab in labels:
            found = match(*lab)[0]
            if found is not None and found.id not in anchored:
                out.append(lab)
        return out

    used: set[int] = set()  # label runs given to a run of number rows
    done: set[int] = set()  # open runs given their labels
    order = {r.id: i for i, r in enumerate(spec.rows)}
    # Between two anchors, several runs of unlabelled rows and blocks of labels interleaved
    # (numbers, then their labels and the next rows' labels, then those rows' numbers …): when
    # the labels there name as many rows as there are unlabelled rows, in the template's order,
    # they are those rows' labels in reading order.
    start = 0
    while start < len(runs):
        end = start
        while end < len(runs) and runs[end][0] != "row":
            end += 1
        opens = [k for k in range(start, end) if runs[k][0] == "open"]
        if len(opens) > 1:
            labels = named([lab for k in range(start, end) if runs[k][0] == "label" for lab in runs[k][1]])
            rows_in = [row for k in opens for row in runs[k][1]]
            ids = [order.get(found.id, -1) for found in (match(*lab)[0] for lab in labels) if found is not None]
            if len(labels) == len(rows_in) and len(ids) == len(labels) and all(a < b for a, b in zip(ids, ids[1:])):
                for (text, group), row in zip(labels, rows_in):
                    found, how = match(text, group)
                    row.label, row.how, row.printed, row.paired = found, how, text, True
                used.update(k for k in range(start, end) if runs[k][0] == "label")
                done.update(opens)
        start = end + 1
    for k, (kind, rows) in enumerate(runs):
        if kind != "open" or k in done:
            continue
        before = runs[k - 1][1] if k > 0 and runs[k - 1][0] == "label" and k - 1 not in used else []
        # a block after the run, unless another unlabelled run follows it (then it is that one's)
        after_free = k + 1 < len(runs) and runs[k + 1][0] == "label" and not (k + 2 < len(runs) and runs[k + 2][0] == "open")
        after = runs[k + 1][1] if after_free else []
        named_before, named_after = named(before), named(after)
        blocks: list[tuple[list, list]] = []
        if named_before and len(named_before) == len(rows):
            blocks = [(named_before, rows)]
            used.add(k - 1)
        elif named_after and len(named_after) == len(rows):
            blocks = [(named_after, rows)]
            used.add(k + 1)
        elif named_before and named_after and len(named_before) + len(named_after) == len(rows):
            blocks = [(named_before, rows[: len(named_before)]), (named_after, rows[len(named_before):])]
            used.update((k - 1, k + 1))
        for labels, targets in blocks:
            for (text, group), row in zip(labels, targets):
                found, how = match(text, group)
                row.label, row.how, row.printed, row.paired = found, how, text, True
        if not blocks:
            # labels nearby that could not be paired are evidence for the alignment
            for lab in (*named_before, *named_after):
                found = match(*lab)[0]
                if found is not None:
                    for row in rows:
                        row.hint.add(found.id)
    return [x for x in seq if isinstance(x, NumberRow)]


def _of(label: Label | None, version: str | None) -> bool:
    """A row the version prints (a row of another version names none of this one)."""
    return label is not None and (version is None or not label.templates or version in label.templates)


def _continued_after(stream: Stream, exact: Exact, version: str | None, spec: TableSpec) -> Stream:
    """A row whose label names no row (or only resembles one) followed by a line of text, or a
    row of blank cells, that completes it (``8.属于 0 0 …`` then ``行政查询事项``: together they
    name a row exactly, the second alone does not): the label wrapped with the numbers on its
    first line.  A row of another version is no row here (2019: ``（六）其他 0 …`` then ``处理``);
    a first line that names a row alone yields to the two lines only when the template's order
    puts their row, not the first line's, between the labelled rows around it (``2.其他`` names
    3.其他 of （六）, ``2.其他`` + ``法律行政法规禁止公开`` the row between 1. and 3. of （三））."""
    out: Stream = []
    skip = False
    order = {r.id: i for i, r in enumerate(spec.rows)}
    # column headings between the rows (a block header of 表二) are no line of a label
    headings = {label_key(w) for w in spec.header_words} | {k for c in spec.columns for k in c.keys}

    def around(k: int) -> tuple[int, int]:
        lo = next((order.get(x.label.id, -1) for x in reversed(out) if isinstance(x, NumberRow) and x.label is not None and _of(x.label, version)), -1)
        hi = next((order.get(x.label.id, len(order)) for x in stream[k + 2:] if isinstance(x, NumberRow) and x.label is not None and _of(x.label, version)), len(order))
        return lo, hi

    for k, e in enumerate(stream):
        if skip:
            skip = False
            continue
        nxt = stream[k + 1] if k + 1 < len(stream) else None
        tail = nxt.text if isinstance(nxt, Fragment) else (
            "".join(nxt.labels) if isinstance(nxt, NumberRow) and nxt.blank and nxt.labels else None)
        if (isinstance(e, NumberRow) and not e.blank and e.labels and tail and label_key(tail) not in headings
                and not _of(exact(tail, e.group), version)):
            head = "".join(e.labels)
            found = exact(head + tail, e.group)
            if found is not None and _of(found, version):
                alone = exact(head, e.group)
                # (the same row alone and together, the second line naming none of any version:
                # it is the label's rest)
                weak = e.how == "fuzzy" or not _of(e.label, version) or (
                    alone is not None and alone.id == found.id and exact(tail, e.group) is None)
                if alone is not None and _of(alone, version) and alone.id != found.id:
                    lo, hi = around(k)
                    between = lambda r: lo < order.get(r.id, -1) < hi  # noqa: E731
                    weak = between(found) and not between(alone)
                if weak:
                    e.label, e.how, e.printed, e.labels = found, "fuzzy", head + tail, [head + tail]
                    skip = True
        out.append(e)
    return out


def _wrapped_blank_rows(stream: Stream, exact: Exact) -> Stream:
    """A row of blank cells whose label is the first line of the next row's label
    (``| 5.属于三类内部事 |  | … |`` then ``| 务信息 | 0 | … |``: together they name a row exactly,
    the second alone names none or only resembles one) is a label fragment, not a blank row."""
    out: Stream = []
    for k, e in enumerate(stream):
        nxt = stream[k + 1] if k + 1 < len(stream) else None
        if (isinstance(e, NumberRow) and e.blank and e.labels and isinstance(nxt, NumberRow) and not nxt.blank
                and nxt.labels and (nxt.label is None or nxt.how == "fuzzy")
                and exact("".join(e.labels) + "".join(nxt.labels), e.group) is not None):
            out.append(Fragment("".join(e.labels), e.group, e.item))
            continue
        out.append(e)
    return out


@define
class Placement:
    """Step 2–3: which number row goes to which template row."""

    rows: dict[int, str]  # index into the number rows → template row id
    undecided: list[list[int]]  # runs of unlabelled rows no alignment places uniquely


def _alignments(units: Sequence[NumberRow], slots: Sequence[str],
                fits: Callable[[NumberRow, str], bool] | None = None) -> tuple[float, list[tuple[int | None, ...]]]:
    """Every cheapest monotone alignment of ``units`` to ``slots``: per unit, the slot index or
    None (noise).  A row that does not fit a slot (another number of cells) is never put there."""
    m, n = len(units), len(slots)
    inf = float("inf")

    def cost(i: int, j: int) -> float:
        u = units[i]
        if fits is not None and not fits(u, slots[j]):
            return inf
        return HINTED if slots[j] in u.hint else UNLABELLED

    best = [[inf] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(m + 1):
        for j in range(n + 1):
            if i == 0 and j == 0:
                continue
            c = inf
            if i > 0 and j > 0:
                c = min(c, best[i - 1][j - 1] + cost(i - 1, j - 1))
            if i > 0:
                c = min(c, best[i - 1][j] + NOISE)
            if j > 0:
                c = min(c, best[i][j - 1] + MISS)
            best[i][j] = c
    total = best[m][n]
    found: list[tuple[int | None, ...]] = []
    eps = 1e-9

    def back(i: int, j: int, acc: list[int | None]) -> None:
        if len(found) > MAX_ALIGNMENTS:
            return
        if i == 0 and j == 0:
            found.append(tuple(reversed(acc)))
            return
        here = best[i][j]
        if i > 0 and j > 0 and cost(i - 1, j - 1) < inf and abs(best[i - 1][j - 1] + cost(i - 1, j - 1) - here) < eps:
            back(i - 1, j - 1, acc + [j - 1])
        if i > 0 and abs(best[i - 1][j] + NOISE - here) < eps:
            back(i - 1, j, acc + [None])
        if j > 0 and abs(best[i][j - 1] + MISS - here) < eps:
            back(i, j - 1, acc)

    back(m, n, [])
    return total, list(dict.fromkeys(found))


def place(
    numbers: Sequence[NumberRow],
    spec: TableSpec,
    version: str,
    checks: Iterable[Callable[[dict], bool | None]],
    values_of: Callable[[NumberRow], list | None],
    fits: Callable[[NumberRow, str], bool] | None = None,
) -> Placement:
    """Anchors by label, the unlabelled runs between them aligned, identities as the judge."""
    order = [r.id for r in spec.rows]
    own = {r.id for r in spec.rows_for(version)}
    index = {rid: i for i, rid in enumerate(order)}
    placed: dict[int, str] = {}
    taken: set[str] = set()
    for i, u in enumerate(numbers):
        if u.label is not None and u.label.id not in taken:
            placed[i] = u.label.id
            taken.add(u.label.id)
    # runs of unlabelled rows (not blank, no printed label) with the anchors around them
    free = [i for i, u in enumerate(numbers) if u.label is None and not u.labels and u.numeric]
    gaps: list[tuple[list[int], list[str]]] = []
    for members in _runs(free, numbers):
        first, last = members[0], members[-1]
        lo = next((index[u.label.id] for u in reversed(numbers[:first]) if u.label is not None), -1)
        hi = next((index[u.label.id] for u in numbers[last + 1:] if u.label is not None), len(order))
        slots = [rid for rid in order[lo + 1:hi] if rid in own and rid not in taken] if lo < hi else []
        gaps.append((members, slots))
    options: list[list[dict[int, str]]] = []
    for members, slots in gaps:
        units = [numbers[k] for k in members]
        if not slots:
            options.append([{}])
            continue
        _, found = _alignments(units, slots, fits)
        alts = [{members[u]: slots[s] for u, s in enumerate(a) if s is not None} for a in found]
        options.append(alts or [{}])
    ambiguous = [k for k, alts in enumerate(options) if len(alts) > 1]
    undecided: list[list[int]] = []
    if ambiguous:
        checks = tuple(checks)
        fixed = dict(placed)
        for k, alts in enumerate(options):
            if k not in ambiguous:
                fixed.update(alts[0])
        count = 1
        for k in ambiguous:
            count *= len(options[k])
        good: list = []
        if count <= MAX_ALIGNMENTS:  # more: too many readings to weigh, none is chosen
            known = {i: values_of(u) for i, u in enumerate(numbers)}
            scored = []
            for combo in itertools.product(*(options[k] for k in ambiguous)):
                trial = dict(fixed)
                for alt in combo:
                    trial.update(alt)
                held = _held(trial, known, checks)
                if held is not None:
                    scored.append((held, combo))
            top = max((h for h, _ in scored), default=-1)
            good = [c for h, c in scored if h == top]
        if len(good) == 1:
            for k, alt in zip(ambiguous, good[0]):
                options[k] = [alt]
        else:
            for k in ambiguous:
                undecided.append(gaps[k][0])
                options[k] = [{}]
    for alts in options:
        placed.update(alts[0])
    return Placement(placed, undecided)


def _runs(free: list[int], numbers: Sequence[NumberRow]) -> list[list[int]]:
    """Maximal runs of the free rows not separated by an anchor."""
    runs: list[list[int]] = []
    for i in free:
        if runs and all(numbers[k].label is None for k in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _held(trial: dict[int, str], known: dict[int, list | None], checks) -> int | None:
    """How many column identities hold under this placement; None when one is false
    (undecided ones neither count nor reject)."""
    by_row: dict[str, list] = {}
    width = 0
    for i, rid in trial.items():
        vals = known[i]
        if vals is None:
            continue
        by_row[rid] = vals
        width = max(width, len(vals))
    held = 0
    for c in range(width):
        column = {rid: (v[c] if c < len(v) else None) for rid, v in by_row.items()}
        for check in checks:
            ok = check(column)
            if ok is False:
                return None
            held += ok is True
    return held


_WELL_FORMED = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?$")


def short_row(values: Sequence[ast.Entry], width: int, from_text: bool) -> bool:
    """Page text with several numbers, each well formed, but fewer than the row's columns: a
    column was lost (or the digits are glued — the two cannot be told apart without an
    identity).  Runs that can only be glued digits (``00 0``) are not short rows."""
    filled = [v for v in values if v.text]
    texts = [v.text.replace(" ", "") for v in filled]
    if not (from_text and 1 < len(texts) < width and all(_WELL_FORMED.match(t) for t in texts)):
        return False
    # printed apart (white space between them): "0-1" is one glued run, "0 15" two numbers
    return all(getattr(a, "end", 0) < getattr(b, "start", 0) for a, b in zip(filled, filled[1:]))


def fits(values: Sequence[ast.Entry], width: int) -> bool:
    """A row with ``width`` filled cells (trailing padding of a wider grid ignored)."""
    return len([v for v in values if v.text]) == width or len(values) == width


def numbers_of(values: Sequence[ast.Entry], width: int) -> list | None:
    """The row's numbers when it has exactly ``width`` numeric cells (empty cells dropped)."""
    texts = [v.text.replace(",", "").strip() for v in values]
    if len(texts) > width:
        texts = [t for t in texts if t]
    if len(texts) != width or not all(_NUMBER.match(t) for t in texts):
        return None
    return [float(t) if "." in t else int(t) for t in texts]


__all__ = ["Fragment", "NumberRow", "Placement", "is_group_piece", "numbers_of", "place", "fits", "read_labels", "short_row"]
