"""Splitting glued digits into cells — only where the template's identities make it unique.

Flattened page text loses the boundaries between cells: ``713000074`` is the 7 cells
``71|3|0|0|0|0|74`` of a table-三 row only because the seven numbers must satisfy
*total = sum of the other six*.  A split cuts a row's tokens into ``n`` well-formed numbers
(no leading zeros, a decimal point never cut, a minus sign only at the start of a part and only
in a cell that may be negative); tokens that are not digit strings stay whole.  Nothing here
guesses: the caller reads a row only when exactly one consistent split remains.

With ``sum_group=k`` every k-th cell must equal the sum of the k−1 cells before it (table 三:
k = 7, one group; table 四: k = 5, three groups).  Those cells are not enumerated but forced —
the digits must spell the sum.

:func:`solve` is a dynamic programme over digit positions: a state is (token, offset, cell,
running sum of the cell's group); the number of consistent ways to finish from a state is
memoised, saturated at ``limit`` (2 when only uniqueness matters), so the cost grows with the
number of distinct states, not with the number of splits.  Every cut examined counts as one
unit of work; past ``max_work`` (:data:`MAX_WORK`) the search stops and says so
(:attr:`Solution.exhausted`) — a clear result, never a hang.

:func:`closest` answers the other question, asked when no split is consistent: which split of
the digits comes nearest to satisfying the sums (fewest failing groups, then the smallest total
difference) — evidence for the report, never a value.

:func:`candidates` is the plain enumerator the programme replaced, kept as a reference (tests
compare the two) and for callers that filter every split with their own predicate.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Collection, Iterable, Iterator, Sequence

from attrs import frozen

#: Splits :func:`candidates` enumerates before raising :class:`TooMany`.
MAX_CANDIDATES = 200_000
#: Cuts :func:`solve` and :func:`closest` examine before they give up (``exhausted``).
MAX_WORK = 300_000
#: Cuts tried without the residue pre-pass before paying for it (a typical row needs far fewer).
QUICK_WORK = 2_000
#: Group sums are first checked modulo 10^3 (:meth:`_Space.residue_filter`).
_RESIDUE_DIGITS = 3
RESIDUE = 10 ** _RESIDUE_DIGITS

_SPLITTABLE = re.compile(r"^-?\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)*$")

Cut = tuple[int, int, int]  # (token index, start, end) of one cell


class TooMany(Exception):
    """The number of ways to split a row exceeds :data:`MAX_CANDIDATES`."""


class _Exhausted(Exception):
    """The work bound was reached (``readings``: the splits found before it)."""

    readings: list = []


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


#: Longer parts are never a sum's operand (Python converts at most 4300 digits to an int).
MAX_SUM_DIGITS = 4000


def _int_or_none(part: str) -> int | None:
    if len(part) > MAX_SUM_DIGITS:
        return None
    try:
        return int(part)
    except ValueError:
        return None


@frozen
class Solution:
    """What :func:`solve` found: ``count`` consistent splits (saturated at its ``limit``), the
    first ``keep`` of them in ``readings``, and whether the work bound stopped it
    (``exhausted``: then ``count`` is only a lower bound)."""

    count: int
    readings: tuple[tuple[Cut, ...], ...]
    exhausted: bool = False
    work: int = 0


@frozen
class Closest:
    """The split nearest to consistent: ``failing`` — the indices of the groups whose sum cell
    is not the sum of the others under it — and ``difference``, the total of |sum − printed|."""

    reading: tuple[Cut, ...]
    failing: tuple[int, ...]
    difference: int


class _Space:
    """The splits of ``tokens`` into ``n`` well-formed cells: the moves from one cut to the next."""

    def __init__(self, tokens: Sequence[str], n: int, decimal: bool, signed: bool | Collection[int],
                 sum_group: int | None, max_work: int | None = None) -> None:
        self.work = 0  # cuts examined
        self._moves: dict[tuple[int, int, int, str | None], tuple[list[tuple[int, str, int, int]], int]] = {}
        self.max_work = max_work
        self.tokens = list(tokens)
        self.n = n
        self.m = m = len(self.tokens)
        self.decimal = decimal
        if isinstance(signed, bool):
            self.signed_cells: frozenset[int] = frozenset(range(n)) if signed else frozenset()
        else:
            self.signed_cells = frozenset(signed)
        self.k = sum_group
        self.can_split = [splittable(t) for t in self.tokens]
        # digits only (no sign, no decimal point): a part is well-formed unless it is longer
        # than one digit and starts with 0 (see :meth:`parts`)
        self.plain = [ok and "-" not in t and "." not in t for ok, t in zip(self.can_split, self.tokens)]
        self.min_after = [0] * (m + 1)
        self.max_after = [0] * (m + 1)
        self.digits_after = [0] * (m + 1)
        for i in range(m - 1, -1, -1):
            self.min_after[i] = self.min_after[i + 1] + 1
            self.max_after[i] = self.max_after[i + 1] + (len(self.tokens[i]) if self.can_split[i] else 1)
            self.digits_after[i] = self.digits_after[i + 1] + len(self.tokens[i])
        self.pow_count = min(self.digits_after[0], MAX_SUM_DIGITS) + 2
        self.pow10 = _powers_of_ten(self.pow_count)  # at least pow_count powers
        self.too_big = _power_of_ten(MAX_SUM_DIGITS)  # a sum no part can spell

    def residue_filter(self) -> list[dict[tuple[int, int], int]] | None:
        """For each cell and cut, the running group sums (mod :data:`RESIDUE`, as a bit mask)
        from which the rest can still be split consistently *modulo* RESIDUE: a necessary
        condition, computed backwards over digit positions in O(digits × cells × log RESIDUE).

        A part's value mod 10^j depends only on its last j digits, so the parts that end at one
        position contribute one rotation of the mask whatever their start: suffix unions over
        the end positions replace the enumeration of starts.  None when the tokens are not all
        plain digit strings (signs, decimals) or there is no sum group.
        """
        if self.k is None or not all(t.isdigit() and t.isascii() for t in self.tokens):
            return None
        M, j = RESIDUE, _RESIDUE_DIGITS
        full = (1 << M) - 1

        def down(mask: int, v: int) -> int:  # {r : (r + v) mod M in mask}
            v %= M
            return ((mask >> v) | (mask << (M - v))) & full if v else mask

        def nxt(i: int, e: int) -> tuple[int, int]:
            return (i + 1, 0) if e == len(self.tokens[i]) else (i, e)

        layers: list[dict[tuple[int, int], int]] = [{} for _ in range(self.n + 1)]
        layers[self.n][(self.m, 0)] = full
        for c in range(self.n - 1, -1, -1):
            after, here = layers[c + 1], layers[c]
            forced = self.forced(c)
            for i, tok in enumerate(self.tokens):
                L = len(tok)
                # contribution of the parts of length >= j ending at e: depends on e only
                tail = [0] * (L + 2)
                for e in range(L, 0, -1):
                    bit = 0
                    if e >= j:
                        nm = after.get(nxt(i, e), 0)
                        w = int(tok[e - j:e])
                        if forced:
                            bit = (1 << (w % M)) if nm & 1 else 0
                        else:
                            bit = down(nm, w) if nm else 0
                    tail[e] = tail[e + 1] | bit
                for off in range(L):
                    if tok[off] == "0":
                        ends: range = range(off + 1, off + 2)
                        mask = 0
                    else:
                        ends = range(off + 1, min(off + j, L + 1))
                        mask = tail[off + j] if off + j <= L else 0
                    for e in ends:
                        if e - off >= j and tok[off] != "0":
                            continue  # counted in tail
                        nm = after.get(nxt(i, e), 0)
                        if not nm:
                            continue
                        v = int(tok[off:e])
                        if forced:
                            mask |= (1 << (v % M)) if nm & 1 else 0
                        else:
                            mask |= down(nm, v)
                    if mask:
                        here[(i, off)] = mask
        return layers

    def possible(self) -> bool:
        return 0 < self.m <= self.n and self.min_after[0] <= self.n <= self.max_after[0]

    def forced(self, c: int) -> bool:
        return self.k is not None and c % self.k == self.k - 1

    def feasible(self, i: int, off: int, left: int) -> bool:
        """Can tokens i… (token i from offset off) still give exactly ``left`` parts?"""
        if i == self.m:
            return left == 0
        rest_here = len(self.tokens[i]) - off
        lo = 1 + self.min_after[i + 1]
        hi = (rest_here if self.can_split[i] else 1) + self.max_after[i + 1]
        return lo <= left <= hi

    def parts(self, i: int, off: int, c: int, want: str | None) -> list[tuple[int, str, int, int]]:
        """(end, part, next token, next offset) for cell ``c`` starting at (i, off); ``want``:
        the digits a forced cell must spell (None: any well-formed part).  The list is shared:
        read it, never change it.

        The moves do not depend on the group's running sum, which the search's states carry:
        they are computed once per (i, off, c, want) and their cuts counted again each time
        they are asked for, so the work (and where the work bound stops a search) is what
        computing them again would count."""
        key = (i, off, c, want)
        hit = self._moves.get(key)
        if hit is None:
            before = self.work
            out = self._parts(i, off, c, want)  # raises _Exhausted past the bound: nothing kept
            self._moves[key] = (out, self.work - before)
            return out
        out, work = hit
        self.work += work
        if self.can_split[i] and self.max_work is not None and self.work > self.max_work:
            raise _Exhausted()  # where _parts checks the bound
        return out

    def _parts(self, i: int, off: int, c: int, want: str | None) -> list[tuple[int, str, int, int]]:
        tok = self.tokens[i]
        out: list[tuple[int, str, int, int]] = []
        left = self.n - c - 1
        self.work += 1
        if not self.can_split[i]:
            if off != 0 or (want is not None and tok != want):
                return out
            if self.feasible(i + 1, 0, left):
                out.append((len(tok), tok, i + 1, 0))
            return out
        signed = c in self.signed_cells
        ends: Iterable[int]
        if want is not None:
            end = off + len(want)
            ends = (end,) if tok.startswith(want, off) else ()
        else:
            # only the ends after which the cells left can still be made: inside the token
            # while the tokens after it can take ``left`` cells less the rest of this one …
            last_inner = len(tok) - 1
            if left < 1 + self.min_after[i + 1]:
                last_inner = off  # … none inside: this cell must take the token's rest
            else:
                last_inner = min(last_inner, len(tok) + self.max_after[i + 1] - left)
            inner = range(off + 1, max(off + 1, last_inner + 1))
            whole = (len(tok),) if self.feasible(i + 1, 0, left) else ()
            if self.plain[i]:
                return self._plain_parts(tok, i, off, inner, whole, out)
            ends = [*inner, *whole] if len(inner) < 64 else _Ends(inner, whole)
        for end in ends:
            self.work += 1
            part = tok[off:end]
            if end < len(tok) and tok[end] == ".":
                continue  # never cut just before a decimal point
            if not _well_formed(part, self.decimal, signed):
                if part.lstrip("-").startswith("0") and "." not in part and len(part.lstrip("-")) > 1:
                    break  # a longer part starting with 0 is never a number
                continue
            ni, noff = (i + 1, 0) if end == len(tok) else (i, end)
            if self.feasible(ni, noff, left):
                out.append((end, part, ni, noff))
        if self.max_work is not None and self.work > self.max_work:
            raise _Exhausted()
        return out

    def _plain_parts(self, tok: str, i: int, off: int, inner: range, whole: tuple[int, ...],
                     out: list[tuple[int, str, int, int]]) -> list[tuple[int, str, int, int]]:
        """:meth:`parts` of a token of digits only, with the same result and the same work
        counted: every end is a well-formed part (the cells after it can still be made: the
        range of ends was cut to that) unless the part starts with 0, where only the one-digit
        part is, and the first longer one ends the loop."""
        if tok[off] == "0":
            ends = [*inner[:2], *whole][:2]
            if ends and ends[0] == off + 1:
                self.work += len(ends)  # the one-digit part, then the longer one that stops it
                out.append((off + 1, "0", i + 1, 0) if off + 1 == len(tok) else (off + 1, "0", i, off + 1))
            elif ends:
                self.work += 1  # a longer part starting with 0 stops it at once
        else:
            self.work += len(inner) + len(whole)
            out.extend([(end, tok[off:end], i, end) for end in inner])
            if whole:
                out.append((len(tok), tok[off:], i + 1, 0))
        if self.max_work is not None and self.work > self.max_work:
            raise _Exhausted()
        return out

    def room(self, i: int, off: int) -> int:
        """Digits left from (i, off) on."""
        return (len(self.tokens[i]) - off if i < self.m else 0) + self.digits_after[min(i + 1, self.m)]

    def next_sum(self, c: int, s: int | None, part: str, i: int, off: int) -> tuple[bool, int | None]:
        """(still possible, the group's running sum after cell ``c`` took ``part``)."""
        if self.k is None:
            return True, None
        if self.forced(c):
            return True, 0
        v = _int_or_none(part)
        if s is None or v is None:
            return True, None
        ns = s + v
        # the group's sum cell must still spell at least ns: as many digits as ns has, after
        # one digit for each cell of the group still to come
        to_come = self.k - 2 - (c % self.k)
        have = self.room(i, off) - to_come
        if have < 1 or (have < self.pow_count and ns >= self.pow10[have]):
            return False, None
        return True, ns


_POW10: tuple[int, ...] = tuple(10 ** e for e in range(64))


@lru_cache(maxsize=4)
def _power_of_ten(e: int) -> int:
    """``10**e`` for a large ``e``, computed once (10**4000 costs more than a whole easy split)."""
    return 10 ** e


def _powers_of_ten(count: int) -> tuple[int, ...]:
    """``10**0, 10**1, …``: at least ``count`` of them, computed once (a longer table replaces
    the shared one whole, so a thread never sees it half built)."""
    global _POW10
    table = _POW10
    if len(table) < count:
        table = _POW10 = (*table, *(10 ** e for e in range(len(table), count)))
    return table


class _Ends:
    """A range of ends followed by a few more, without building the list."""

    def __init__(self, inner: range, whole: tuple[int, ...]) -> None:
        self.inner, self.whole = inner, whole

    def __iter__(self) -> Iterator[int]:
        yield from self.inner
        yield from self.whole


def solve(
    tokens: Sequence[str],
    n: int,
    *,
    decimal: bool = False,
    signed: bool | Collection[int] = False,
    sum_group: int | None = None,
    limit: int = 2,
    keep: int = 2,
    max_work: int | None = None,
) -> Solution:
    """The consistent splits of ``tokens`` into ``n`` cells, counted up to ``limit``.

    ``signed``: True (any cell) or the cell positions that may be negative.  Tokens already
    ``n``: the printed cells stand, whatever they add up to (count 1).  A result with
    ``exhausted`` stopped at ``max_work`` cuts (default :data:`MAX_WORK`, read at each call):
    ``count`` is then what was found so far.
    """
    budget = MAX_WORK if max_work is None else max_work
    quick = budget > QUICK_WORK
    space = _Space(tokens, n, decimal, signed, sum_group, QUICK_WORK if quick else budget)
    if space.m == n:
        return Solution(1, (tuple((i, 0, len(t)) for i, t in enumerate(space.tokens)),))
    if not space.possible():
        return Solution(0, ())
    if quick:
        # most rows settle in a few hundred cuts: try without the residue pre-pass first (it
        # only prunes, so the answer is the same), and pay for it only when the row is hard
        try:
            return _search(space, None, limit, keep, sum_group)
        except _Exhausted:
            space = _Space(tokens, n, decimal, signed, sum_group, budget)
    residues = space.residue_filter()
    if residues is not None and not (residues[0].get((0, 0), 0) & 1):
        return Solution(0, (), work=space.work)  # not even the sums' last digits can agree
    try:
        return _search(space, residues, limit, keep, sum_group)
    except _Exhausted as stop:
        return Solution(len(stop.readings), tuple(stop.readings), exhausted=True, work=space.work)


def _search(space: "_Space", residues: list[dict[tuple[int, int], int]] | None, limit: int, keep: int,
            sum_group: int | None) -> Solution:
    """Count the consistent splits (up to ``limit``) and keep the first ``keep``; raises
    :class:`_Exhausted` (carrying the readings found) past the space's work budget."""
    n = space.n
    memo: dict[tuple[int, int, int, int | None], int] = {}

    def moves(i: int, off: int, c: int, s: int | None):
        want = None
        if space.forced(c):
            if s is None or s >= space.too_big:
                return
            want = str(s)
        for end, part, ni, noff in space.parts(i, off, c, want):
            ok, ns = space.next_sum(c, s, part, ni, noff)
            if ok:
                yield end, ni, noff, ns

    def count(i: int, off: int, c: int, s: int | None) -> int:
        if c == n:
            return 1 if i == space.m else 0
        if residues is not None and s is not None and not (residues[c].get((i, off), 0) >> (s % RESIDUE)) & 1:
            return 0
        key = (i, off, c, s)
        hit = memo.get(key)
        if hit is not None:
            return hit
        total = 0
        for _end, ni, noff, ns in moves(i, off, c, s):
            total += count(ni, noff, c + 1, ns)
            if total >= limit:
                total = limit
                break
        memo[key] = total
        return total

    readings: list[tuple[Cut, ...]] = []
    acc: list[Cut] = []

    def walk(i: int, off: int, c: int, s: int | None) -> None:
        if len(readings) >= keep:
            return
        if c == n:
            if i == space.m:
                readings.append(tuple(acc))
            return
        for end, ni, noff, ns in moves(i, off, c, s):
            if len(readings) >= keep:
                return
            if count(ni, noff, c + 1, ns) > 0:
                acc.append((i, off, end))
                walk(ni, noff, c + 1, ns)
                acc.pop()

    start_sum = 0 if sum_group else None
    try:
        found = count(0, 0, 0, start_sum)
        if found and keep:
            walk(0, 0, 0, start_sum)
    except _Exhausted as stop:
        stop.readings = list(readings)
        raise
    return Solution(found, tuple(readings), work=space.work)


def closest(
    tokens: Sequence[str],
    n: int,
    *,
    sum_group: int,
    decimal: bool = False,
    signed: bool | Collection[int] = False,
    max_work: int | None = None,
) -> Closest | None:
    """The well-formed split of ``tokens`` into ``n`` cells nearest to satisfying the sums of
    ``sum_group``: fewest groups whose sum cell differs from the sum of the others, then the
    smallest total difference (ties: the first in reading order).  None when no split is
    well-formed, a part is not an integer, or ``max_work`` cuts did not suffice."""
    space = _Space(tokens, n, decimal, signed, sum_group, MAX_WORK if max_work is None else max_work)
    if not space.possible():
        return None
    k = sum_group
    Cost = tuple[int, int]
    memo: dict[tuple[int, int, int, int], tuple[Cost, tuple[int, int, int, int, int] | None] | None] = {}

    def best(i: int, off: int, c: int, s: int) -> tuple[Cost, tuple[int, int, int, int, int] | None] | None:
        """Min cost to finish from a state, with the move that achieves it."""
        if c == n:
            return ((0, 0), None) if i == space.m else None
        key = (i, off, c, s)
        if key in memo:
            return memo[key]
        found: tuple[Cost, tuple[int, int, int, int, int] | None] | None = None
        for end, part, ni, noff in space.parts(i, off, c, None):
            v = _int_or_none(part)
            if v is None:
                continue
            if c % k == k - 1:
                here = (0, 0) if v == s else (1, abs(v - s))
                ns = 0
            else:
                here, ns = (0, 0), s + v
            rest = best(ni, noff, c + 1, ns)
            if rest is None:
                continue
            cost = (here[0] + rest[0][0], here[1] + rest[0][1])
            if found is None or cost < found[0]:
                found = (cost, (end, ni, noff, ns, 0))
        memo[key] = found
        return found

    try:
        root = best(0, 0, 0, 0)
    except _Exhausted:
        return None
    if root is None:
        return None
    reading: list[Cut] = []
    failing: list[int] = []
    i, off, c, s = 0, 0, 0, 0
    node: tuple[Cost, tuple[int, int, int, int, int] | None] | None = root
    while c < n and node is not None and node[1] is not None:
        end, ni, noff, ns, _ = node[1]
        v = int(space.tokens[i][off:end])
        if c % k == k - 1 and v != s:
            failing.append(c // k)
        reading.append((i, off, end))
        i, off, c, s = ni, noff, c + 1, ns
        node = best(i, off, c, s) if c < n else None
    return Closest(tuple(reading), tuple(failing), root[0][1])


def le_pairs(digits: str, limit: int = 2) -> list[int]:
    """Where one digit string can be cut into two well-formed numbers a | b with a ≤ b (the
    legacy table's this year ≤ cumulative): the cut positions, at most ``limit`` of them.
    Linear in the string: numbers without leading zeros compare by length, then by digits."""
    cuts: list[int] = []
    for cut in range(1, len(digits)):
        la, lb = cut, len(digits) - cut
        if la > lb:
            break  # a is longer than b from here on
        if (digits[0] == "0" and la > 1) or (digits[cut] == "0" and lb > 1):
            continue
        if la < lb or digits[:cut] <= digits[cut:]:
            cuts.append(cut)
            if len(cuts) >= limit:
                break
    return cuts


def candidates(
    tokens: Sequence[str],
    n: int,
    *,
    decimal: bool = False,
    signed: bool = False,
    sum_group: int | None = None,
    accept: Callable[[list[str]], bool] | None = None,
) -> list[list[tuple[int, int, int]]]:
    """Every way of turning ``tokens`` into ``n`` cells that the constraints allow (the plain
    enumeration; :func:`solve` counts without enumerating).

    Returns a list of candidates; each candidate is a list of ``(token_index, start, end)``
    triples, one per cell.  Raises :class:`TooMany` past :data:`MAX_CANDIDATES` enumerated
    splits.
    """
    space = _Space(tokens, n, decimal, signed, sum_group)
    if space.m == n and space.m:
        return [[(i, 0, len(t)) for i, t in enumerate(space.tokens)]]
    if not space.possible():
        return []
    out: list[list[tuple[int, int, int]]] = []
    seen = 0
    acc: list[tuple[int, int, int]] = []
    values: list[str] = []

    def rec(i: int, off: int, c: int, s: int | None) -> None:
        nonlocal seen
        if c == n:
            if i == space.m:
                seen += 1
                if seen > MAX_CANDIDATES:
                    raise TooMany()
                if accept is None or accept(values):
                    out.append(list(acc))
            return
        want = None
        if space.forced(c):
            if s is None or s >= space.too_big:
                return
            want = str(s)
        for end, part, ni, noff in space.parts(i, off, c, want):
            if space.k is None:
                ns = None
            elif space.forced(c):
                ns = 0
            else:
                v = _int_or_none(part)
                ns = None if (s is None or v is None) else s + v
            acc.append((i, off, end))
            values.append(part)
            rec(ni, noff, c + 1, ns)
            acc.pop()
            values.pop()

    rec(0, 0, 0, 0 if sum_group else None)
    return out
