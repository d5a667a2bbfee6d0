"""Reading a table's glued rows jointly: the column identities choose among the rows' readings.

Each glued row of a grid table (表三) comes out of :mod:`compliance.layout.split` with its own
readings — the splits under which its row identity holds.  A row with one reading is read; a
row with none is inconsistent under every reading and stays *unknown* here (its cells are
``None`` in the column identities, which leaves every identity it takes part in undecided, so
one faulty row never makes its neighbours unreadable).  The rows with several readings are
combined: :func:`combine` keeps the combinations under which no column identity fails, by
backtracking row by row (an identity is tested as soon as the rows it names are chosen), with a
bound on the work.

An identity that already fails on the rows read without doubt says nothing about the doubtful
rows (the table-identity rules report it); it is left out.  When no combination remains, the
result names an identity instance (identity, column) that fails under every combination if
there is one, and the combination nearest to consistent (fewest failing instances, then the
smallest total difference) — evidence for an error finding, never values.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Mapping, Sequence

from attrs import frozen

#: Combinations (partial or complete) :func:`combine` examines before it gives up.
MAX_COMBINATIONS = 100_000
#: Complete combinations compared when none holds, to find the nearest (the first ones in order).
MAX_NEAREST = 20_000

Check = Callable[[Mapping[str, Any]], "bool | None"]
Side = Callable[[Mapping[str, Any]], Any]


@frozen
class Joint:
    """What :func:`combine` found.

    ``status``: ``unique`` (``choice``: the reading index of each doubtful row), ``ambiguous``
    (several combinations hold), ``inconsistent`` (none does) or ``undecided`` (the work bound
    was reached).  For ``inconsistent``: ``failing`` — (identity index, column index) of the
    instance reported; ``every`` — whether it fails under every combination; ``closest`` — the
    nearest combination; ``difference`` — |left − right| of the reported instance under it;
    ``row`` — the index of the doubtful row the reported instance is anchored on.
    """

    status: str
    choice: tuple[int, ...] | None = None
    failing: tuple[int, int] | None = None
    every: bool = False
    closest: tuple[int, ...] | None = None
    difference: Any = None
    row: int | None = None


def combine(
    base: Mapping[str, Sequence[Any]],
    doubtful: Sequence[str],
    options: Sequence[Sequence[Sequence[Any]]],
    checks: Sequence[Check],
    ncols: int,
    *,
    sides: Sequence[tuple[Side, Side] | None] = (),
    max_work: int | None = None,
) -> Joint:
    """Choose one reading for each doubtful row so that the column identities hold.

    ``base``: every row's values (None where unknown; the doubtful rows' entries are ignored);
    ``doubtful[j]`` has the readings ``options[j]`` (each a list of ``ncols`` values).
    ``sides[i]``: the two sides of identity i as functions (for the difference), if known.
    """
    if max_work is None:
        max_work = MAX_COMBINATIONS  # read at each call: configurable
    vals: dict[str, list[Any]] = {rid: list(v) for rid, v in base.items()}
    unknown = [None] * ncols
    for rid in doubtful:
        vals[rid] = list(unknown)

    def column(c: int) -> dict[str, Any]:
        return {rid: v[c] for rid, v in vals.items()}

    # instances decided (false) without the doubtful rows are not evidence about them
    excluded = {(i, c) for c in range(ncols) for i, chk in enumerate(checks) if chk(column(c)) is False}
    instances = [(i, c) for c in range(ncols) for i in range(len(checks)) if (i, c) not in excluded]

    def failures() -> list[tuple[int, int]]:
        cols: dict[int, dict[str, Any]] = {}
        out = []
        for i, c in instances:
            col = cols.get(c)
            if col is None:
                col = cols[c] = column(c)
            if checks[i](col) is False:
                out.append((i, c))
        return out

    work = 0
    good: list[tuple[int, ...]] = []
    choice: list[int] = []

    def rec(j: int) -> bool:
        """True to stop (two combinations found)."""
        nonlocal work
        if j == len(doubtful):
            good.append(tuple(choice))
            return len(good) > 1
        for idx, reading in enumerate(options[j]):
            work += 1
            if work > max_work:
                raise _Bound()
            vals[doubtful[j]] = list(reading)
            if not failures():
                choice.append(idx)
                if rec(j + 1):
                    return True
                choice.pop()
        vals[doubtful[j]] = list(unknown)
        return False

    try:
        rec(0)
    except _Bound:
        return Joint("undecided")
    if len(good) == 1:
        return Joint("unique", choice=good[0])
    if good:
        return Joint("ambiguous")
    return _nearest(vals, doubtful, options, checks, instances, column, failures, sides, min(max_work, MAX_NEAREST))


class _Bound(Exception):
    pass


def _nearest(vals, doubtful, options, checks, instances, column, failures, sides, max_work) -> Joint:
    """No combination holds: the instance that fails under every combination, the nearest one."""
    held: set[tuple[int, int]] = set()  # instances that hold (or stay undecided) somewhere
    best: tuple[tuple[int, Any], tuple[int, ...], list[tuple[int, int]]] | None = None
    complete = True
    for n, combo in enumerate(itertools.product(*(range(len(o)) for o in options))):
        if n >= max_work:
            complete = False
            break
        for rid, opts, idx in zip(doubtful, options, combo):
            vals[rid] = list(opts[idx])
        failed = failures()
        held.update(x for x in instances if x not in failed)
        diff: Any = 0
        for i, c in failed:
            d = _difference(sides, i, column(c))
            diff += d if d is not None else 0
        cost = (len(failed), diff)
        if best is None or cost < best[0]:
            best = (cost, combo, failed)
    assert best is not None  # every doubtful row has at least two readings
    _, combo, failed = best
    everywhere = [x for x in instances if x not in held] if complete else []
    failing = everywhere[0] if everywhere else failed[0]
    for rid, opts, idx in zip(doubtful, options, combo):
        vals[rid] = list(opts[idx])
    i, c = failing
    difference = _difference(sides, i, column(c))
    row = 0
    for j, rid in enumerate(doubtful):  # the first doubtful row the instance depends on
        keep = vals[rid]
        vals[rid] = [None] * len(keep)
        depends = checks[i](column(c)) is None
        vals[rid] = keep
        if depends:
            row = j
            break
    return Joint("inconsistent", failing=failing, every=bool(everywhere), closest=tuple(combo),
                 difference=difference, row=row)


def _difference(sides: Sequence[tuple[Side, Side] | None], i: int, col: Mapping[str, Any]) -> Any:
    if i >= len(sides) or sides[i] is None:
        return None
    left, right = sides[i]  # type: ignore[misc]
    a, b = left(col), right(col)
    return None if a is None or b is None else abs(a - b)
