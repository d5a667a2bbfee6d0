"""Identities over unknown cells (compliance.expr.linearize / decide) and the unit cause of
compliance.checks.identities, on hand-made cells: exact statuses, gaps and needed amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from compliance.checks.identities import UNIT, Outcome, _unit
from compliance.expr import HOLDS, NEEDS, VIOLATED, Linear, NotLinear, decide, linearize, parse_expr
from compliance.model import Cell

D = Decimal


def cells(**values):
    """A resolver over one column: row name → Cell ("" blank, "—" placeholder, "x" text)."""

    def cell(v):
        if v is None:
            return None
        if v == "":
            return Cell("", "blank")
        if v == "—":
            return Cell("—", "placeholder")
        if v == "?":
            return Cell("1234", "unreadable")
        if isinstance(v, str):
            return Cell(v, "text")
        return Cell(str(v), "number", D(str(v)))

    def resolve(name):
        if name.endswith("*"):
            prefix = name[:-1]
            return [(f"t/{k}/c", cell(v)) for k, v in values.items() if k.startswith(prefix)]
        if name not in values:
            return []
        return [(f"t/{name}/c", cell(values[name]))]

    return resolve


def lin(source, **values):
    return linearize(parse_expr(source), cells(**values))


def test_known_cells_hold_or_fail_as_before():
    assert decide(lin("t == a + b", t=5, a=2, b=3)).status == HOLDS
    d = decide(lin("t == a + b", t=5, a=2, b=4))
    assert (d.status, d.gap) == (VIOLATED, D(-1))


def test_blank_addend_with_known_addends_exceeding_the_total_is_violated():
    d = decide(lin("t == a + b + c", t=5, a=4, b=3, c=""))
    assert d.status == VIOLATED and d.gap == D(-2)
    assert [u.address for u in d.unknowns] == ["t/c/c"]


def test_blank_addend_needing_5():
    d = decide(lin("t == a + b", t=9, a=4, b=""))
    # need is what Σ coef·x must be: the blank on the right has coefficient −1, so −b == −5
    assert (d.status, d.need_op, d.need, d.unknowns[0].coef) == (NEEDS, "==", D(-5), D(-1))


def test_blanks_holding_with_zero():
    d = decide(lin("t == a + b + c", t=4, a=4, b="", c="—"))
    assert d.status == HOLDS and len(d.unknowns) == 2


def test_blank_total_needs_the_sum():
    d = decide(lin("t == a + b", t="", a=2, b=3))
    # the blank is on the left (coefficient +1), the known part is 0 - 5
    assert (d.status, d.gap, d.need) == (NEEDS, D(-5), D(5))


def test_blank_total_with_nothing_to_hold_holds():
    assert decide(lin("t == a + b", t="", a=0, b=0)).status == HOLDS


def test_text_and_unreadable_cells_are_unknowns_too():
    d = decide(lin("t == a + b", t=3, a="见附件", b="?"))
    assert d.status == NEEDS and d.need == D(-3) and {u.kind for u in d.unknowns} == {"text", "unreadable"}


def test_blanks_on_both_sides_can_balance_any_gap():
    d = decide(lin("a + b == t + c", a=9, b="", t=10, c=""))
    assert (d.status, d.need, d.lo, d.hi) == (NEEDS, D(1), None, None)
    assert sorted(u.coef for u in d.unknowns) == [D(-1), D(1)]


def test_signed_unknown_may_be_negative():
    lf = lin("t == a + b", t=2, a=5, b="")
    assert decide(lf).status == VIOLATED
    d = decide(lf, free=lambda address: address == "t/b/c")
    assert (d.status, d.need) == (NEEDS, D(3))  # −b == 3: b == −3


def test_summed_reference_sums_its_rows_and_keeps_its_blanks():
    lf = lin("t == a + sum(g.*)", t=10, a=3, **{"g.x": 2, "g.y": "", "g.z": 4})
    assert [(x.address, x.coef, x.value) for x in lf.terms] == [
        ("t/t/c", D(1), D(10)), ("t/a/c", D(-1), D(3)), ("t/g.x/c", D(-1), D(2)), ("t/g.y/c", D(-1), None), ("t/g.z/c", D(-1), D(4)),
    ]
    assert (lf.side_known(0), lf.side_known(1)) == (D(10), D(9))
    d = decide(lf)
    assert (d.status, d.need) == (NEEDS, D(-1))  # g.y == 1
    assert decide(lin("t == a + sum(g.*)", t=8, a=3, **{"g.x": 2, "g.y": "", "g.z": 4})).status == VIOLATED


def test_inequalities():
    assert decide(lin("p >= n", p="", n=3)).status == NEEDS
    d = decide(lin("p >= n", p="", n=3))
    assert (d.need_op, d.need) == (">=", D(3))
    assert decide(lin("p >= n", p=5, n="")).status == HOLDS  # 5 >= 0
    assert decide(lin("p >= n", p=2, n=3)).status == VIOLATED
    assert decide(lin("p <= n", p="", n=3)).status == HOLDS
    assert decide(lin("p <= n", p=4, n="")).status == NEEDS
    assert decide(lin("n >= p + q", n=2, p=3, q="")).status == VIOLATED  # q can only add


def test_tolerance_applies_to_equality_only():
    assert decide(lin("t == a", t=D("10"), a=D("10.4")), tolerance=0.5).status == HOLDS
    assert decide(lin("t == a", t=D("10"), a=D("10.6")), tolerance=0.5).status == VIOLATED
    assert decide(lin("t >= a", t=D("10"), a=D("10.4")), tolerance=0.5).status == VIOLATED


def test_counts_are_whole_numbers_amounts_are_not():
    lf = lin("t == a + b", t=D("1"), a=D("0.5"), b="")
    assert decide(lf).status == VIOLATED  # a count cannot be 0.5
    d = decide(lf, fractional=lambda address: True)
    assert (d.status, d.need) == (NEEDS, D("-0.5"))  # b == 0.5


def test_missing_rows_are_reported_not_decided():
    lf = lin("t == a + b", t=3, a=1)
    assert lf.missing == ("b",)
    assert linearize(parse_expr("t == a"), lambda name: [("t/a/c", None)] if name == "a" else [("t/t/c", Cell("1", "number", 1))]).missing == ("t/a/c",)


def test_only_comparisons_of_sums_are_linear():
    with pytest.raises(NotLinear):
        linearize(parse_expr("a + b"), cells(a=1, b=2))
    with pytest.raises(NotLinear):
        linearize(parse_expr("a == 1 and b == 2"), cells(a=1, b=2))


def test_with_values_repairs_a_form():
    lf = lin("t == a + b", t=9, a=1, b=5)
    assert decide(lf).status == VIOLATED
    assert decide(lf.with_values({"t/a/c": D(4)})).status == HOLDS
    assert decide(lf.with_values({"t/a/c": D(4), "t/b/c": D(0)})).status == VIOLATED


# ---- the unit cause (no identity of the bundled template reads amount cells: a hand-made one)


class _Forms:
    """The two things the unit cause asks of the table's identities."""

    def __init__(self, form: Linear, decimal_cells: set[str]) -> None:
        self.form = form
        self.decimal_cells = decimal_cells

    def decimal(self, address: str) -> bool:
        return address in self.decimal_cells

    def repaired(self, values, tolerance) -> bool:
        return decide(self.form.with_values(values), tolerance=tolerance, fractional=self.decimal).status == HOLDS


def _outcome(form: Linear) -> Outcome:
    return Outcome("c", "column", form, decide(form, fractional=lambda a: True), cells())


def test_unit_cause_an_amount_in_yuan_where_wanyuan_is_meant():
    form = lin("total == fee + other", total=D("5.2"), fee=D("47888"), other=D("0.4112"))
    o = _outcome(form)
    cause = _unit(o, _Forms(form, {"t/fee/c", "t/total/c", "t/other/c"}), D("0.0001"), lambda a: a)
    assert cause is not None and cause.id == UNIT and cause.cells == ("t/fee/c",)
    assert cause.values == {"cell": "t/fee/c", "value": "47888", "repaired": "4.7888"}


def test_unit_cause_is_silent_for_counts_and_for_other_differences():
    form = lin("total == fee + other", total=D("5.2"), fee=D("47888"), other=D("0.4112"))
    assert _unit(_outcome(form), _Forms(form, set()), D("0.0001"), lambda a: a) is None  # not amounts
    other = lin("total == fee + other", total=D("5.2"), fee=D("47000"), other=D("0.4112"))
    assert _unit(_outcome(other), _Forms(other, {"t/fee/c", "t/total/c", "t/other/c"}), D("0.0001"), lambda a: a) is None


# ---- the kind's declaration


def _compile(params):
    from compliance.ruleset.params import KINDS, CompileContext, Params
    from compliance.template import current

    return KINDS["table_identity"].compile(Params(params), CompileContext(("2021",), current()))


def test_an_identity_must_be_a_comparison_of_sums():
    from compliance.ruleset.params import ParamError

    base = {"table": "applications", "for_each": "row"}
    with pytest.raises(ParamError, match="只能是单元格与数的和、差"):
        _compile({**base, "identity": "total == (natural_person == commercial)"})
    compiled = _compile({**base, "identity": "total == natural_person + commercial - 1"})
    assert compiled.at == "natural_person"


def test_unfilled_message_templates_are_checked_and_overridable():
    from compliance.ruleset.params import TEXT_DEFAULTS, ParamError

    base = {"table": "applications", "for_each": "row", "identity": "total == natural_person + commercial"}
    assert _compile(base).texts == TEXT_DEFAULTS
    assert _compile({**base, "message_unfilled_needed": "{where}：{need}"}).texts["message_unfilled_needed"] == "{where}：{need}"
    with pytest.raises(ParamError, match="占位符 {quote} 无效"):
        _compile({**base, "message_unfilled_needed": "{quote}"})
    with pytest.raises(ParamError, match="占位符 {need} 无效"):
        _compile({**base, "cause_split_cell": "{need}"})
