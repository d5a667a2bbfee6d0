"""Splitting glued digits into cells — only where the template's identities make it unique.

Flattened page text loses the boundaries between cells: ``713000074`` is the 7 cells
``71|3|0|0|0|0|74`` of a table-三 row only because the seven numbers must satisfy
*total = sum of the other six*.  :func:`candidates` enumerates every way of cutting a row's
tokens into ``n`` well-formed numbers (no leading zeros, a decimal point never cut, a minus
sign only at the start of a part and only where allowed); the caller filters them with the
identities it knows.  Nothing here guesses: when more than one candidate survives, the row is
reported as unreadable.

With ``sum_group=k`` every k-th cell must equal the sum of the k−1 cells before it (table 三:
k = 7, one group; table 四: k = 5, three groups).  Those cells are not enumerated but forced —
the digits must spell the sum — which keeps even 24-digit runs fast.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Sequence

MAX_CANDIDATES = 200_000

_SPLITTABLE = re.compile(r"^-?\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)*$")


class TooMany(Exception):
    """The number of ways to split a row exceeds :data:`MAX_CANDIDATES`."""


def splittable(token: str) -> bool:
    return bool(_SPLITTABLE.match(token))


def _well_formed(part: str, decimal: bool, signed: bool) -> bool:
    if part.startswith("-"):
        if not signed:
            return False
        part = part[1:]
    if not part or "-" in part:
        return False
    if "." in part:
        if not decimal:
            return False
        head, _, tail = part.partition(".")
        return bool(head) and bool(tail) and (head == "0" or not head.startswith("0"))
    return part == "0" or not part.startswith("0")


def as_number(text: str) -> int | Decimal:
    """Value of a split part (int, or Decimal for a decimal part)."""
    return Decimal(text) if "." in text else int(text)


def candidates(
    tokens: Sequence[str],
    n: int,
    *,
    decimal: bool = False,
    signed: bool = False,
    sum_group: int | None = None,
    accept: Callable[[list[str]], bool] | None = None,
) -> list[list[tuple[int, int, int]]]:
    """Every way of turning ``tokens`` into ``n`` cells that the constraints allow.

    Returns a list of candidates; each candidate is a list of ``(token_index, start, end)``
    triples, one per cell.  Tokens that are not digit strings stay whole.  Raises
    :class:`TooMany` past :data:`MAX_CANDIDATES` enumerated splits.
    """
    m = len(tokens)
    if m == 0 or m > n:
        return []
    if m == n:  # nothing to split: the printed cells stand, whatever they add up to
        return [[(i, 0, len(t)) for i, t in enumerate(tokens)]]
    can_split = [splittable(t) for t in tokens]
    # minimum and maximum number of parts the tokens from i on can give
    min_after = [0] * (m + 1)
    max_after = [0] * (m + 1)
    for i in range(m - 1, -1, -1):
        min_after[i] = min_after[i + 1] + 1
        max_after[i] = max_after[i + 1] + (len(tokens[i]) if can_split[i] else 1)
    if not (min_after[0] <= n <= max_after[0]):
        return []
    out: list[list[tuple[int, int, int]]] = []
    seen = 0
    acc: list[tuple[int, int, int]] = []
    values: list[str] = []

    def feasible(i: int, off: int, left: int) -> bool:
        """Can tokens i… (token i from offset off) still give exactly ``left`` parts?"""
        if i == m:
            return left == 0
        rest_here = len(tokens[i]) - off
        lo = 1 + min_after[i + 1]
        hi = (rest_here if can_split[i] else 1) + max_after[i + 1]
        return lo <= left <= hi

    def emit() -> None:
        nonlocal seen
        seen += 1
        if seen > MAX_CANDIDATES:
            raise TooMany()
        if accept is None or accept(values):
            out.append(list(acc))

    def rec(i: int, off: int, left: int, group_sum: int | None) -> None:
        if i == m:
            if left == 0:
                emit()
            return
        tok = tokens[i]
        pos = n - left  # index of the cell being made
        forced = sum_group is not None and (pos % sum_group) == sum_group - 1
        if not can_split[i]:
            if off != 0:
                return
            if forced and (group_sum is None or tok != str(group_sum)):
                return
            _take(i, 0, len(tok), left, group_sum, forced)
            return
        ends: Sequence[int] = range(off + 1, len(tok) + 1)
        if forced:
            if group_sum is None:
                return
            want = str(group_sum)
            end = off + len(want)
            ends = (end,) if tok.startswith(want, off) else ()
        for end in ends:
            part = tok[off:end]
            if end < len(tok) and tok[end] in ".":
                continue  # never cut just before a decimal point
            if not _well_formed(part, decimal, signed):
                if part.lstrip("-").startswith("0") and "." not in part and len(part.lstrip("-")) > 1:
                    break  # a longer part starting with 0 is never a number
                continue
            _take(i, off, end, left, group_sum, forced)

    def _take(i: int, off: int, end: int, left: int, group_sum: int | None, forced: bool) -> None:
        tok = tokens[i]
        part = tok[off:end]
        ni, noff = (i + 1, 0) if end == len(tok) else (i, end)
        if not feasible(ni, noff, left - 1):
            return
        if sum_group is not None:
            if forced:
                next_sum: int | None = 0
            else:
                try:
                    v = int(part)
                except ValueError:
                    v = None
                next_sum = None if (group_sum is None or v is None) else group_sum + v
        else:
            next_sum = None
        acc.append((i, off, end))
        values.append(part)
        rec(ni, noff, left - 1, next_sum)
        acc.pop()
        values.pop()

    rec(0, 0, n, 0 if sum_group else None)
    return out

