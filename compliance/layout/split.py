"""Splitting glued digits into cells — only where the template's identities make it unique.

Flattened page text loses the boundaries between cells: ``713000074`` is the 7 cells
``71|3|0|0|0|0|74`` of a table-三 row only because the seven numbers must satisfy
*total = sum of the other six*.  :func:`candidates` enumerates every way of cutting a row's
tokens into ``n`` well-formed numbers (no leading zeros, a decimal point never cut, signs only
in signed columns); the caller filters them with the identities it knows.  Nothing here
guesses: when more than one candidate survives, the row is reported as unreadable.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Sequence

MAX_CANDIDATES = 200_000

_SPLITTABLE = re.compile(r"^\d+(?:\.\d+)?$")


class TooMany(Exception):
    """The number of ways to split a row exceeds :data:`MAX_CANDIDATES`."""


def _parts_ok(part: str, decimal: bool) -> bool:
    if not part:
        return False
    if "." in part:
        if not decimal:
            return False
        head = part.split(".", 1)[0]
        return bool(head) and (head == "0" or not head.startswith("0")) and not part.endswith(".")
    return part == "0" or not part.startswith("0")


def _cuts(token: str, k: int, decimal: bool) -> Iterator[tuple[tuple[int, int], ...]]:
    """All ways to cut ``token`` into ``k`` well-formed numbers, as (start, end) offsets."""
    n = len(token)
    if k == 1:
        if _parts_ok(token, decimal):
            yield ((0, n),)
        return
    dot = token.find(".")

    def rec(start: int, left: int) -> Iterator[tuple[tuple[int, int], ...]]:
        if left == 1:
            part = token[start:]
            if _parts_ok(part, decimal):
                yield ((start, n),)
            return
        # leave at least one character for each remaining part
        for end in range(start + 1, n - left + 2):
            if dot >= 0 and end in (dot, dot + 1):
                continue  # never cut next to the decimal point
            part = token[start:end]
            if not _parts_ok(part, decimal):
                if token[start] == "0" and "." not in part:
                    break  # a part starting with 0 can only be "0"
                continue
            for rest in rec(end, left - 1):
                yield ((start, end), *rest)

    yield from rec(0, k)


def splittable(token: str) -> bool:
    return bool(_SPLITTABLE.match(token))


def candidates(
    tokens: Sequence[str],
    n: int,
    *,
    decimal: bool = False,
    accept: Callable[[list[str]], bool] | None = None,
) -> list[list[tuple[int, int, int]]]:
    """Every way of turning ``tokens`` into ``n`` cells that ``accept`` allows.

    Returns a list of candidates; each candidate is a list of ``(token_index, start, end)``
    triples, one per cell.  Tokens that are not plain digit strings stay whole.
    Raises :class:`TooMany` past :data:`MAX_CANDIDATES` enumerated splits.
    """
    m = len(tokens)
    if m == n:
        cells = [(i, 0, len(t)) for i, t in enumerate(tokens)]
        if accept is None or accept([t for t in tokens]):
            return [cells]
        return []
    if m > n or m == 0:
        return []
    max_parts = [len(t) if splittable(t) else 1 for t in tokens]
    out: list[list[tuple[int, int, int]]] = []
    seen = 0

    def rec(i: int, left: int, acc: list[tuple[int, int, int]]) -> None:
        nonlocal seen
        if i == m:
            if left == 0:
                seen += 1
                if seen > MAX_CANDIDATES:
                    raise TooMany()
                values = [tokens[t][s:e] for t, s, e in acc]
                if accept is None or accept(values):
                    out.append(list(acc))
            return
        remaining_min = m - i - 1
        remaining_max = sum(max_parts[i + 1:])
        for k in range(1, max_parts[i] + 1):
            if left - k < remaining_min:
                break
            if left - k > remaining_max:
                continue
            tok = tokens[i]
            if k == 1 and not splittable(tok):
                acc.append((i, 0, len(tok)))
                rec(i + 1, left - 1, acc)
                acc.pop()
                continue
            for cut in _cuts(tok, k, decimal):
                acc.extend((i, s, e) for s, e in cut)
                rec(i + 1, left - k, acc)
                del acc[len(acc) - k:]

    rec(0, n, [])
    return out


def as_number(text: str):
    """Value of a split part (int, or Decimal for a decimal part)."""
    from decimal import Decimal

    return Decimal(text) if "." in text else int(text)
