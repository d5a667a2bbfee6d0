"""The rule-expression mini-language: parse with ``grammars/expr.lark`` (LALR), evaluate by
walking our own node classes.  No ``eval``/``exec``: an expression can only add, subtract and
compare numbers read from table cells.

    >>> e = parse_expr("new_received + carried_in == total + carried_out")
    >>> e.refs()
    ('new_received', 'carried_in', 'total', 'carried_out')

Evaluation takes a *resolver*: a function from a reference (``"denied.*"``, ``"total"``,
``"applications/new_received/total"``) to the cells it names, as ``(address, Cell | None)``
pairs (``None``: the row or column is absent from the report).  A blank, placeholder, text or
unreadable cell is never read as 0: :meth:`Expr.evaluate` records it (``Evaluation.unfilled``).
An identity (a comparison of sums and differences) is decided over such cells instead of given
up: :func:`linearize` reads it as ``const + Σ coef·x  op  0`` and :func:`decide` says whether it
holds with the unknowns 0, holds only if they hold a non-zero amount (and which), or holds for
no value of them (unknowns ≥ 0, or of any sign in a signed row or column).
"""

from __future__ import annotations

import operator
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Generic, Iterator, Mapping, Sequence, TypeVar, Union

from attrs import define, field, frozen

from .model import Cell
from .resources import grammar_path

# --------------------------------------------------------------------------------------------
# nodes


@frozen
class Num:
    value: Decimal

    def text(self, label: Callable[[str], str]) -> str:
        return _fmt(self.value)


@frozen
class Ref:
    name: str
    summed: bool = False  # written as sum(name)

    def text(self, label: Callable[[str], str]) -> str:
        return f"{label(self.name)}合计" if self.summed else label(self.name)


@frozen
class Neg:
    operand: "Node"

    def text(self, label: Callable[[str], str]) -> str:
        return "-" + self.operand.text(label)


@frozen
class BinOp:
    op: str  # + -
    left: "Node"
    right: "Node"

    def text(self, label: Callable[[str], str]) -> str:
        return f"{self.left.text(label)} {self.op} {self.right.text(label)}"


@frozen
class Compare:
    op: str
    left: "Node"
    right: "Node"

    def text(self, label: Callable[[str], str]) -> str:
        op = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥"}.get(self.op, self.op)
        return f"{self.left.text(label)} {op} {self.right.text(label)}"


@frozen
class Logic:
    op: str  # and | or | not
    operands: tuple["Node", ...]

    def text(self, label: Callable[[str], str]) -> str:
        if self.op == "not":
            return "并非（" + self.operands[0].text(label) + "）"
        joiner = " 且 " if self.op == "and" else " 或 "
        return joiner.join("（" + o.text(label) + "）" for o in self.operands)


Node = Union[Num, Ref, Neg, BinOp, Compare, Logic]


class ExprError(ValueError):
    """An expression that does not parse.  ``column`` is 1-based within the expression."""

    def __init__(self, source: str, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.message = message
        self.column = column


# --------------------------------------------------------------------------------------------
# parsing


@lru_cache(maxsize=1)
def _parser():
    from lark import Lark

    return Lark(
        grammar_path("expr.lark").read_text(encoding="utf-8"),
        parser="lalr",
        strict=False,
        maybe_placeholders=False,
    )


def _to_node(tree: Any) -> Node:
    from lark import Token, Tree

    if isinstance(tree, Token):  # pragma: no cover - every token sits under an aliased rule
        raise ExprError(str(tree), f"意外的记号 {tree!r}")
    assert isinstance(tree, Tree)
    kind, ch = tree.data, tree.children
    if kind == "number":
        return Num(Decimal(str(ch[0])))
    if kind == "ref":
        return Ref(str(ch[0]))
    if kind == "sum_ref":
        return Ref(str(ch[0]), summed=True)
    if kind == "negate":
        return Neg(_to_node(ch[0]))
    if kind == "binop":
        return BinOp(str(ch[1]), _to_node(ch[0]), _to_node(ch[2]))
    if kind == "compare":
        return Compare(str(ch[1]), _to_node(ch[0]), _to_node(ch[2]))
    if kind in ("and_", "or_"):
        op = kind[:-1]
        parts: list[Node] = []
        for c in ch:
            n = _to_node(c)
            if isinstance(n, Logic) and n.op == op:
                parts.extend(n.operands)
            else:
                parts.append(n)
        return Logic(op, tuple(parts))
    if kind == "not_":
        return Logic("not", (_to_node(ch[0]),))
    raise ExprError(str(tree), f"未知的表达式结构 {kind}")  # pragma: no cover


@frozen
class Expr:
    """A parsed expression.  A comparison of sums and differences is also compiled, once, into
    its :class:`LinearPlan` (``linear_plan``): what :func:`linearize` runs per context."""

    source: str
    node: Node
    _linear: "LinearPlan | None" = field(init=False, eq=False, repr=False, default=None)
    # what the checks compile from this expression, by their key (see :meth:`compiled`)
    _compiled: dict[Any, tuple[Any, Any]] = field(init=False, eq=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_linear", LinearPlan.of(self.node))

    def compiled(self, owner: object, key: Any, build: Callable[[], _T]) -> _T:
        """``build()`` once per ``owner`` (a template) and ``key``, kept with the expression:
        the references resolved against the owner's tables.  The entry holds the owner, so
        its ``id`` stays its own while the entry lives."""
        slot = (id(owner), key)
        found = self._compiled.get(slot)
        if found is None or found[0] is not owner:
            found = self._compiled[slot] = (owner, build())
        value: _T = found[1]
        return value

    @property
    def linear_plan(self) -> "LinearPlan | None":
        """The comparison as a linear form to fill in (None: not a linear comparison)."""
        return self._linear

    # ---- structure
    def refs(self) -> tuple[str, ...]:
        return tuple(r.name for r in _walk(self.node) if isinstance(r, Ref))

    def ref_nodes(self) -> tuple[Ref, ...]:
        return tuple(r for r in _walk(self.node) if isinstance(r, Ref))

    @property
    def is_comparison(self) -> bool:
        return isinstance(self.node, (Compare, Logic))

    @property
    def sides(self) -> tuple[Node, Node] | None:
        if isinstance(self.node, Compare):
            return self.node.left, self.node.right
        return None

    def text(self, label: Callable[[str], str] = str) -> str:
        return self.node.text(label)

    # ---- evaluation
    def evaluate(self, resolve: Callable[[str], Sequence[tuple[str, Any]]]) -> "Evaluation":
        ev = Evaluation()
        ev.value = _eval(self.node, resolve, ev)
        return ev


def parse_expr(source: str) -> Expr:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    if not isinstance(source, str) or not source.strip():
        raise ExprError(str(source), "表达式为空")
    try:
        tree = _parser().parse(source)
    except UnexpectedCharacters as e:
        pos = e.pos_in_stream or 0
        raise ExprError(source, f"表达式第 {e.column} 个字符处无法识别：{source[pos:pos + 1]!r}", e.column) from None
    except UnexpectedToken as e:
        tok = "表达式结尾" if e.token.type == "$END" else repr(str(e.token))
        raise ExprError(source, f"表达式第 {e.column} 个字符处语法错误：意外的 {tok}", e.column if isinstance(e.column, int) else None) from None
    except UnexpectedEOF:
        raise ExprError(source, "表达式不完整") from None
    except UnexpectedInput as e:  # pragma: no cover
        raise ExprError(source, f"表达式语法错误：{e}") from None
    return Expr(source, _to_node(tree))


def _walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Neg):
        yield from _walk(node.operand)
    elif isinstance(node, (BinOp, Compare)):
        yield from _walk(node.left)
        yield from _walk(node.right)
    elif isinstance(node, Logic):
        for o in node.operands:
            yield from _walk(o)


# --------------------------------------------------------------------------------------------
# evaluation


@define
class Evaluation:
    """The result of evaluating an expression over a report's cells.

    ``value``: a number (Decimal) for arithmetic, a bool for comparisons, ``None`` when not
    assessable.  ``operands``: every cell read, in order, as ``(address, value)``;
    ``unfilled``: cells that hold no number (blank/placeholder/text/unreadable), as
    ``(address, kind)``; ``missing``: addresses whose row or column the report lacks.
    ``sides``: for a top-level comparison, the two evaluated sides.
    """

    value: Any = None
    operands: list = None  # type: ignore[assignment]
    unfilled: list = None  # type: ignore[assignment]
    missing: list = None  # type: ignore[assignment]
    sides: tuple | None = None

    def __attrs_post_init__(self) -> None:
        self.operands = []
        self.unfilled = []
        self.missing = []

    @property
    def assessable(self) -> bool:
        return not self.unfilled and not self.missing


def _cell_number(address: str, cell: Cell | None, ev: Evaluation) -> Decimal | None:
    if cell is None:
        ev.missing.append(address)
        return None
    if cell.kind != "number" or cell.value is None:
        ev.unfilled.append((address, cell.kind))
        return None
    v = cell.value if isinstance(cell.value, Decimal) else Decimal(cell.value)
    ev.operands.append((address, cell.value))
    return v


def _eval(node: Node, resolve: Callable[[str], Sequence[tuple[str, Any]]], ev: Evaluation) -> Any:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        cells = resolve(node.name)
        total: Decimal | None = Decimal(0)
        if not cells:
            ev.missing.append(node.name)
            return None
        for address, cell in cells:
            v = _cell_number(address, cell, ev)
            if v is None or total is None:
                total = None
            else:
                total += v
        return total
    if isinstance(node, Neg):
        v = _eval(node.operand, resolve, ev)
        return None if v is None else -v
    if isinstance(node, BinOp):
        a = _eval(node.left, resolve, ev)
        b = _eval(node.right, resolve, ev)
        if a is None or b is None:
            return None
        return a + b if node.op == "+" else a - b
    if isinstance(node, Compare):
        a = _eval(node.left, resolve, ev)
        b = _eval(node.right, resolve, ev)
        if ev.sides is None:
            ev.sides = (a, b)
        if a is None or b is None:
            return None
        return {
            "==": a == b,
            "!=": a != b,
            "<=": a <= b,
            ">=": a >= b,
            "<": a < b,
            ">": a > b,
        }[node.op]
    if isinstance(node, Logic):
        vals = [_eval(o, resolve, ev) for o in node.operands]
        if any(v is None for v in vals):
            return None
        if node.op == "not":
            return not vals[0]
        return all(vals) if node.op == "and" else any(vals)
    raise TypeError(node)  # pragma: no cover


def _fmt(value: Any) -> str:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(value)


def fmt_number(value: Any) -> str:
    """A number as an auditor writes it: integers without a decimal point."""
    if value is None:
        return "（空）"
    return _fmt(value if isinstance(value, Decimal) else Decimal(str(value)))



# --------------------------------------------------------------------------------------------
# compiled checks over plain numbers (the layout pass: choosing among readings of glued digits)

Numbers = Mapping[str, "int | Decimal | None"]


def compile_check(expr: Expr, expand: Callable[[str], Sequence[str]]) -> Callable[[Numbers], bool | None]:
    """``expr`` as a function of named numbers: True/False, or None when it cannot be decided.

    ``expand`` gives the names a reference stands for (a wildcard: several).  In the mapping a
    name that is absent is a row the report does not print: a plain reference to it leaves the
    expression undecided; a wildcard sums the names present (undecided if none is).  A name
    present with ``None`` (not a number) leaves it undecided too.  Compiled once into closures:
    no tree walk per evaluation.
    """

    def build(node: Node) -> Callable[[Numbers], Any]:
        if isinstance(node, Num):
            value = node.value
            return lambda vals: value
        if isinstance(node, Ref):
            names = tuple(expand(node.name))
            if "*" not in node.name and len(names) == 1:
                only = names[0]
                return lambda vals: vals.get(only)

            def summed(vals: Numbers) -> Any:
                total: Any = 0
                seen = False
                for n in names:
                    if n in vals:
                        v = vals[n]
                        if v is None:
                            return None
                        total += v
                        seen = True
                return total if seen else None

            return summed
        if isinstance(node, Neg):
            inner = build(node.operand)
            return lambda vals: None if (v := inner(vals)) is None else -v
        if isinstance(node, BinOp):
            left, right, plus = build(node.left), build(node.right), node.op == "+"

            def binop(vals: Numbers) -> Any:
                a, b = left(vals), right(vals)
                if a is None or b is None:
                    return None
                return a + b if plus else a - b

            return binop
        if isinstance(node, Compare):
            left, right, op = build(node.left), build(node.right), _COMPARE[node.op]

            def compare(vals: Numbers) -> Any:
                a, b = left(vals), right(vals)
                return None if a is None or b is None else op(a, b)

            return compare
        if isinstance(node, Logic):
            parts = tuple(build(o) for o in node.operands)
            kind = node.op

            def logic(vals: Numbers) -> Any:
                got = [p(vals) for p in parts]
                if any(g is None for g in got):
                    return None
                if kind == "not":
                    return not got[0]
                return all(got) if kind == "and" else any(got)

            return logic
        raise TypeError(node)  # pragma: no cover

    return build(expr.node)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
}


# --------------------------------------------------------------------------------------------
# an identity over cells as a linear form, decided over unknown cells (issue 8: blanks are
# unknown numbers, never 0 and never a reason to give up)


@define(unsafe_hash=True)  # made per cell and context: not frozen, for construction speed; never changed
class Term:
    """One cell read by a linear comparison: ``coef`` times its value on the left minus right.

    ``value``: the number, or None for an unknown cell (blank, placeholder, text, unreadable);
    ``kind``: the cell's kind; ``side``: 0 (left) or 1 (right); ``ref``: the reference it came from.
    """

    address: str
    coef: Decimal
    value: Decimal | None
    kind: str
    side: int
    ref: str


@frozen
class Linear:
    """A comparison ``left op right`` as ``const + Σ coef·x  op  0`` (``const``: the known part of
    left − right; the unknowns are the terms whose ``value`` is None)."""

    op: str
    const: Decimal
    terms: tuple[Term, ...]
    missing: tuple[str, ...] = ()
    nums: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))  # the number literals of each side

    @property
    def unknowns(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.value is None)

    @property
    def known(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.value is not None)

    def side_known(self, side: int) -> Decimal:
        """The known part of one side as printed (numbers and filled cells; unknowns left out)."""
        sign = 1 if side == 0 else -1
        cells = sum((t.coef * t.value for t in self.terms if t.side == side and t.value is not None), Decimal(0))
        return self.nums[side] + sign * cells

    def with_values(self, values: Mapping[str, Decimal]) -> "Linear":
        """The same form with some cells given (known) values: what a repair would give."""
        const = self.const
        terms = []
        for t in self.terms:
            if t.address in values:
                v = values[t.address]
                const += t.coef * (v - (t.value if t.value is not None else Decimal(0)))
                terms.append(Term(t.address, t.coef, v, "number", t.side, t.ref))
            else:
                terms.append(t)
        return Linear(self.op, const, tuple(terms), self.missing, self.nums)


class NotLinear(ValueError):
    """An expression that is not one comparison of sums and differences."""


_K = TypeVar("_K")
_T = TypeVar("_T")


@frozen
class _NumSlot:
    """A number literal of a linear comparison: what it adds to ``const`` and to its side."""

    const: Decimal  # sign · value
    side: int
    printed: Decimal  # sign · value as the side prints it


@frozen
class _RefSlot:
    """A reference of a linear comparison, with its sign and side."""

    name: str
    sign: int
    coef: Decimal  # Decimal(sign)
    side: int


@frozen
class LinearPlan:
    """A comparison of sums and differences compiled once: its number literals and references
    in the order of the expression (left to right), each with its sign and side.
    :meth:`over` fills it in with a report's cells; no tree walk per context."""

    op: str
    slots: tuple[_NumSlot | _RefSlot, ...]

    @classmethod
    def of(cls, node: Node) -> "LinearPlan | None":
        if not isinstance(node, Compare):
            return None
        slots: list[_NumSlot | _RefSlot] = []

        def walk(n: Node, sign: int, side: int) -> bool:
            if isinstance(n, Num):
                slots.append(_NumSlot(sign * n.value, side, sign * n.value * (1 if side == 0 else -1)))
            elif isinstance(n, Ref):
                slots.append(_RefSlot(n.name, sign, Decimal(sign), side))
            elif isinstance(n, Neg):
                return walk(n.operand, -sign, side)
            elif isinstance(n, BinOp):
                return walk(n.left, sign, side) and walk(n.right, sign if n.op == "+" else -sign, side)
            else:
                return False
            return True

        if not (walk(node.left, 1, 0) and walk(node.right, -1, 1)):
            return None
        return cls(node.op, tuple(slots))

    def over(self, resolve: Callable[[str], Sequence[tuple[str, Any]]]) -> "Linear":
        """The comparison over the cells ``resolve`` names (see :func:`linearize`)."""
        resolved = [(slot, None if isinstance(slot, _NumSlot) else resolve(slot.name)) for slot in self.slots]
        return _fill(self.op, resolved, _itself, False)

    def bind(self, addresses: Callable[[str], Sequence[tuple[str, _K]]]) -> "BoundPlan[_K]":
        """The plan with every reference resolved to its cells, as ``(address, key)`` pairs
        (``key``: what the report's cells are looked up by): done once per context and
        template, then :meth:`BoundPlan.over` only reads the cells."""
        slots = tuple((slot, None if isinstance(slot, _NumSlot) else tuple(addresses(slot.name))) for slot in self.slots)
        named = [address for _slot, cells in slots for address, _key in cells or ()]
        return BoundPlan(self.op, slots, len(set(named)) == len(named))


def _itself(x: _T) -> _T:
    return x


def _fill(op: str, resolved: Sequence[tuple[_NumSlot | _RefSlot, Sequence[tuple[str, Any]] | None]],
          cell: Callable[[Any], Any], distinct: bool) -> "Linear":
    """The linear form: ``resolved`` the plan's slots with, for a reference, its
    ``(address, key)`` pairs, ``cell(key)`` the cell (None: the report lacks it); ``distinct``:
    no cell is named twice (nothing to merge)."""
    terms: list[Term] = []
    missing: list[str] = []
    const = Decimal(0)
    nums = [Decimal(0), Decimal(0)]
    for slot, cells in resolved:
        if isinstance(slot, _NumSlot):
            const += slot.const
            nums[slot.side] += slot.printed
            continue
        assert cells is not None
        if not cells:
            missing.append(slot.name)
        sign, coef, side, ref = slot.sign, slot.coef, slot.side, slot.name
        for address, key in cells:
            c = cell(key)
            if c is None:
                missing.append(address)
            elif c.kind == "number" and c.value is not None:
                v = c.value if isinstance(c.value, Decimal) else Decimal(c.value)
                const += sign * v
                terms.append(Term(address, coef, v, "number", side, ref))
            else:
                terms.append(Term(address, coef, None, c.kind, side, ref))
    if distinct:
        return Linear(op, const, tuple(terms), tuple(missing), (nums[0], nums[1]))
    # one term per cell (a cell named twice adds its coefficients)
    merged: dict[str, Term] = {}
    for t in terms:
        old = merged.get(t.address)
        merged[t.address] = t if old is None else Term(t.address, old.coef + t.coef, t.value, t.kind, old.side, old.ref)
    return Linear(op, const, tuple(merged.values()), tuple(missing), (nums[0], nums[1]))


@frozen
class BoundPlan(Generic[_K]):
    """A :class:`LinearPlan` with its references resolved to cells (``(address, key)`` pairs,
    ``key`` what a report's cell is looked up by); ``distinct``: no cell is named twice."""

    op: str
    slots: tuple[tuple[_NumSlot | _RefSlot, tuple[tuple[str, _K], ...] | None], ...]
    distinct: bool

    def over(self, cell: Callable[[_K], Any]) -> "Linear":
        """The comparison over the report's cells: ``cell(key)`` is the cell (None: absent)."""
        return _fill(self.op, self.slots, cell, self.distinct)


def linearize(expr: Expr, resolve: Callable[[str], Sequence[tuple[str, Any]]]) -> Linear:
    """``expr`` (a comparison of sums and differences of cells) over the report's cells."""
    plan = expr.linear_plan
    if plan is None:
        raise NotLinear(expr.source)
    return plan.over(resolve)


HOLDS = "holds"  # holds with every unknown = 0 (or no unknowns and it holds)
VIOLATED = "violated"  # holds for no value of the unknowns
NEEDS = "needs"  # holds only if the unknowns hold some non-zero amount


@frozen
class Decision:
    """What a linear comparison says about the report.

    ``status``: :data:`HOLDS`, :data:`VIOLATED` or :data:`NEEDS`.  ``gap``: the known part of
    left − right.  For NEEDS: the unknowns' weighted sum ``Σ coef·x`` must satisfy
    ``need_op need`` (``==``, ``>=``, ``<=``, ``>``, ``<``, ``!=``), e.g. ``== 5``.
    ``lo``/``hi``: the range of ``Σ coef·x`` (None: unbounded).
    """

    status: str
    gap: Decimal
    unknowns: tuple[Term, ...] = ()
    need_op: str | None = None
    need: Decimal | None = None
    lo: Decimal | None = Decimal(0)
    hi: Decimal | None = Decimal(0)

    @property
    def holds(self) -> bool:
        return self.status == HOLDS


def _has_integer(lo: Decimal | None, hi: Decimal | None) -> bool:
    """Whether [lo, hi] (None: unbounded) contains an integer."""
    if lo is None or hi is None:
        return lo is None or hi is None  # an unbounded interval always does
    from math import ceil, floor

    return ceil(lo) <= floor(hi)


def decide(
    lin: Linear,
    *,
    tolerance: Decimal | float | int = 0,
    free: Callable[[str], bool] = lambda _a: False,
    fractional: Callable[[str], bool] = lambda _a: False,
) -> Decision:
    """Decide ``lin`` with each unknown cell an unknown number: ≥ 0, or of any sign where
    ``free(address)`` (a signed row/column); integral unless ``fractional(address)`` (an amount).

    The tolerance applies to ``==`` only (as in the table-identity rules).  Interval reasoning:
    the unknowns' weighted sum ranges over [lo, hi]; the comparison holds with every unknown 0,
    can hold only with a non-zero amount, or holds for none.
    """
    c = lin.const
    unknowns = lin.unknowns
    tol = Decimal(str(tolerance)) if lin.op == "==" else Decimal(0)
    lo: Decimal | None = Decimal(0)
    hi: Decimal | None = Decimal(0)
    for t in unknowns:
        if t.coef == 0:
            continue
        if free(t.address):
            lo = hi = None
            break
        if t.coef > 0:
            hi = None
        else:
            lo = None
    integral = all(not fractional(t.address) and t.coef == t.coef.to_integral_value() for t in unknowns) and all(
        abs(t.coef) == 1 for t in unknowns
    )
    op = lin.op

    def holds_at(u: Decimal) -> bool:
        f = c + u
        return {
            "==": abs(f) <= tol,
            "!=": f != 0,
            "<=": f <= 0,
            ">=": f >= 0,
            "<": f < 0,
            ">": f > 0,
        }[op]

    zero = holds_at(Decimal(0))
    if zero:
        return Decision(HOLDS, c, unknowns, lo=lo, hi=hi)
    if not unknowns or (lo == 0 and hi == 0):
        return Decision(VIOLATED, c, unknowns, lo=lo, hi=hi)
    # the unknowns' sum u must lie in: (== ) [-tol-c, tol-c]; (>=) [-c, ∞); (<=) (-∞, -c] …
    if op == "==":
        want_lo, want_hi = -tol - c, tol - c
        a = want_lo if lo is None else max(lo, want_lo)
        b = want_hi if hi is None else min(hi, want_hi)
        ok = a <= b and (not integral or _has_integer(a, b))
        need_op, need = "==", -c
    elif op in (">=", ">"):
        ok = hi is None
        need_op, need = op, -c
    elif op in ("<=", "<"):
        ok = lo is None
        need_op, need = op, -c
    else:  # != with c == 0: any non-zero sum
        ok = True
        need_op, need = "!=", Decimal(0)
    if not ok:
        return Decision(VIOLATED, c, unknowns, lo=lo, hi=hi)
    return Decision(NEEDS, c, unknowns, need_op=need_op, need=need, lo=lo, hi=hi)
