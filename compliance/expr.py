"""The rule-expression mini-language: parse with ``grammars/expr.lark`` (LALR), evaluate by
walking our own node classes.  No ``eval``/``exec``: an expression can only add, subtract and
compare numbers read from table cells.

    >>> e = parse_expr("new_received + carried_in == total + carried_out")
    >>> e.refs()
    ('new_received', 'carried_in', 'total', 'carried_out')

Evaluation takes a *resolver*: a function from a reference (``"denied.*"``, ``"total"``,
``"applications/new_received/total"``) to the cells it names, as ``(address, Cell | None)``
pairs (``None``: the row or column is absent from the report).  A blank, placeholder, text or
unreadable cell is never read as 0: the evaluation records it and the caller reports the
identity as not assessable.
"""

from __future__ import annotations

import operator
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterator, Mapping, Sequence, Union

from attrs import define, frozen

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
    """A parsed expression."""

    source: str
    node: Node

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
