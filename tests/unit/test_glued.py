"""Glued digits as evidence: the bounded splitter (``split.solve``/``closest``), the joint solve
of a table's glued rows (``layout/glued.py``) and the error PRS-006 when no reading is consistent.

The reports are invented: plain text whose table rows are printed as one run of digits each.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given, settings, strategies as st

from compliance.engine import check_report
from compliance.layout import glued, split
from compliance.parse import parse_text

# ---------------------------------------------------------------------------------------------
# the programme counts what the enumeration enumerates

digit_runs = st.lists(st.text(alphabet="0012345789", min_size=1, max_size=9), min_size=1, max_size=3)


@st.composite
def split_cases(draw):
    tokens = draw(digit_runs)
    k = draw(st.sampled_from([None, 2, 3, 5, 7]))
    n = draw(st.integers(1, 12)) if k is None else k * draw(st.integers(1, 3))
    return tokens, n, k


@settings(max_examples=400, deadline=None)
@given(split_cases())
def test_counts_and_readings_equal_the_enumeration(case):
    tokens, n, k = case
    try:
        old = split.candidates(tokens, n, sum_group=k)
    except split.TooMany:  # pragma: no cover - the runs are short
        assume(False)
    new = split.solve(tokens, n, sum_group=k, limit=10**9, keep=10**9, max_work=10**9)  # enumerating all
    assert not new.exhausted
    assert new.count == len(old)
    assert [list(r) for r in new.readings] == old
    two = split.solve(tokens, n, sum_group=k)  # only uniqueness matters: saturated at 2
    assert two.count == min(len(old), 2) and [list(r) for r in two.readings] == old[:2]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.-", min_size=1, max_size=7), min_size=1, max_size=2),
       st.integers(1, 6), st.booleans(), st.booleans())
def test_signs_and_decimals_follow_the_same_rules(tokens, n, decimal, signed):
    old = split.candidates(tokens, n, decimal=decimal, signed=signed)
    new = split.solve(tokens, n, decimal=decimal, signed=signed, limit=10**9, keep=10**9, max_work=10**9)
    assert new.count == len(old) and [list(r) for r in new.readings] == old


def test_signed_cells_are_positions():
    # "-1" may only be the second cell
    got = split.solve(["5-12"], 2, signed=(1,), limit=10, keep=10)
    assert [[("5-12")[s:e] for _, s, e in r] for r in got.readings] == [["5", "-12"]]
    assert split.solve(["-512"], 2, signed=(1,), limit=10).count == 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=7, max_size=12))
def test_closest_is_the_minimum_over_every_split(digits):
    readings = split.candidates([digits], 7)
    assume(readings)

    def cost(r):
        v = [int(digits[s:e]) for _, s, e in r]
        d = abs(sum(v[:6]) - v[6])
        return (1 if d else 0, d)

    best = min(readings, key=cost)  # min() keeps the first of equal costs, as closest does
    near = split.closest([digits], 7, sum_group=7)
    assert near is not None
    assert (len(near.failing), near.difference) == cost(best)
    assert list(near.reading) == best


def test_closest_names_the_failing_group():
    near = split.closest(["100130000000000"], 15, sum_group=5)
    assert near is not None and near.failing == (0,) and near.difference == 1
    assert split.closest(["1234"], 7, sum_group=7) is None  # no split is well-formed at all


# ---------------------------------------------------------------------------------------------
# bounded: long runs end, with a definite result


@pytest.mark.parametrize("length", [45, 60, 100, 600])
@pytest.mark.parametrize("digit", ["1", "2", "7"])
def test_repeated_runs_have_no_consistent_split_and_say_so_exactly(length, digit):
    for n, k in ((7, 7), (15, 5)):
        got = split.solve([digit * length], n, sum_group=k)
        assert (got.count, got.exhausted, got.readings) == (0, False, ())


def test_a_run_with_too_many_states_stops_at_the_bound():
    digits = "".join(str((i * 7919) % 10) for i in range(600))  # a fixed, irregular run
    got = split.solve([digits], 7, sum_group=7, max_work=5_000)
    assert got.exhausted and got.count == 0 and 5_000 < got.work < 5_000 + 700
    assert split.closest([digits], 7, sum_group=7, max_work=5_000) is None


def test_old_enumeration_still_refuses_past_its_cap():
    with pytest.raises(split.TooMany):
        split.candidates(["1" * 60], 20)
    assert split.solve(["1" * 60], 20).count == 2  # counted, not enumerated


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=2, max_size=12))
def test_legacy_pairs_are_the_enumerated_pairs_in_order(digits):
    old = [c[0][2] for c in split.candidates([digits], 2) if int(digits[: c[0][2]]) <= int(digits[c[0][2]:])]
    assert split.le_pairs(digits, limit=100) == old


def test_legacy_pairs_are_linear():
    assert split.le_pairs("728") == [1]  # 7 | 28
    assert split.le_pairs("212210037") == [1, 2]  # 2|12210037, 21|2210037 …: not unique
    assert split.le_pairs("105") == []  # 1|05 is not a number, 10 > 5
    assert split.le_pairs("1" * 10_000) == [1, 2]
    assert split.le_pairs("9" * 5_000 + "1" * 5_000, limit=10**6)[-1] == 4_999  # 99…9 | 9 11…1


# ---------------------------------------------------------------------------------------------
# the joint solve


def _known(col, *rows):
    vals = [col.get(r) for r in rows]
    return None if None in vals else vals


def test_combine_keeps_the_one_combination_under_which_the_columns_hold():
    def check(col):  # a + b == c in every column
        v = _known(col, "a", "b", "c")
        return None if v is None else v[0] + v[1] == v[2]

    def left(col):
        v = _known(col, "a", "b")
        return None if v is None else v[0] + v[1]

    sides = [(left, lambda col: col.get("c"))]
    base = {"a": [1, 2], "b": [None, None], "c": [4, 6]}
    got = glued.combine(base, ["b"], [[[2, 4], [3, 4], [3, 5]]], [check], 2, sides=sides)
    assert (got.status, got.choice) == ("unique", (1,))
    got = glued.combine(base, ["b"], [[[3, 4], [3, 4]]], [check], 2, sides=sides)
    assert got.status == "ambiguous"
    # neither 1 nor 2 balances the first column; 2 comes nearer (3 against 4)
    got = glued.combine(base, ["b"], [[[1, 4], [2, 4]]], [check], 2, sides=sides)
    assert (got.status, got.failing, got.every, got.closest, got.difference, got.row) == ("inconsistent", (0, 0), True, (1,), 1, 0)
    # each column can balance, never both: the nearest combination's failing column is named
    got = glued.combine(base, ["b"], [[[3, 5], [2, 4]]], [check], 2, sides=sides)
    assert (got.status, got.every, got.closest, got.failing, got.difference) == ("inconsistent", False, (0,), (0, 1), 1)


def test_combine_ignores_identities_already_false_without_the_doubtful_rows():
    def check(col):  # fails on the rows read without doubt: no evidence about b
        v = _known(col, "a", "c")
        return None if v is None else v[0] == v[1]

    def other(col):
        return None if col.get("b") is None else col["b"] == 5

    got = glued.combine({"a": [1], "b": [None], "c": [2]}, ["b"], [[[4], [5]]], [check, other], 1)
    assert (got.status, got.choice) == ("unique", (1,))


def test_combine_is_bounded():
    def never(col):
        return None if None in col.values() else False

    rows = [f"r{i}" for i in range(8)]  # 3^8 combinations, each failing only when complete
    got = glued.combine({r: [None] for r in rows}, rows, [[[1], [2], [3]]] * 8, [never], 1, max_work=500)
    assert got.status == "undecided"
    got = glued.combine({r: [None] for r in rows}, rows, [[[1], [2], [3]]] * 8, [never], 1)
    assert got.status == "inconsistent" and got.every


# ---------------------------------------------------------------------------------------------
# in a report


def report(rows: list[tuple[str, str]], t4: str = "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0") -> str:
    return (
        "青川县农业农村局2022年政府信息公开工作年度报告\n一、总体情况\n本局2022年主动公开信息88条。\n"
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件 3 1 12\n"
        "三、收到和处理政府信息公开申请情况\n" + "".join(f"{a} {b}\n" for a, b in rows)
        + "四、政府信息公开行政复议、行政诉讼情况\n" + t4 + "\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
    )


NEW, CARRIED_IN, TOTAL, CARRIED_OUT = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（七）总计", "四、结转下年度继续办理"


def values(r, row):
    return [c.value for _, c in r.table("applications").row(row).cells]


def test_one_faulty_glued_row_is_one_error_and_its_neighbours_are_read():
    # 13|1|0|0|0|0|14 printed with the total 15: no split adds up
    r = parse_text(report([(NEW, "131000015"), (CARRIED_IN, "1000001"), (TOTAL, "123000015"), (CARRIED_OUT, "2000002")]), "g.txt")
    assert [(p.code, p.severity, p.cell) for p in r.problems] == [("PRS-006", "error", "applications/new_received/total")]
    (p,) = r.problems
    assert p.message == (
        "表三“本年新收政府信息公开申请数量”行的数字“131000015”粘连在一起，无论如何拆分为 7 个数，“总计”都不等于其余各列之和"
        "（最接近的读法是“1|3|10|0|0|0|15”，相差 1）：公布的数字有误；该行各单元格按“无法读取”处理"
    )
    assert dict(p.evidence) == {"digits": "131000015", "identity": "applicant_total",
                                "closest_reading": [1, 3, 10, 0, 0, 0, 15], "difference": 1}
    assert {c.kind for c in (cell for _, cell in r.table("applications").row("new_received").cells)} == {"unreadable"}
    assert values(r, "carried_in") == [1, 0, 0, 0, 0, 0, 1]
    assert values(r, "total") == [12, 3, 0, 0, 0, 0, 15]
    assert values(r, "carried_out") == [2, 0, 0, 0, 0, 0, 2]
    errors = [f for f in check_report(r).findings if f.rule == "PRS-006"]
    assert [(f.severity.value, f.location.cell) for f in errors] == [("error", "applications/new_received/total")]


def test_an_ambiguous_row_is_chosen_by_the_column_identities():
    # 113000014 is 11|3|… or 1|13|…; the balance of the 自然人 column says 11
    r = parse_text(report([(NEW, "123000015"), (CARRIED_IN, "1000001"), (TOTAL, "113000014"), (CARRIED_OUT, "2000002")]), "g.txt")
    assert r.problems == ()
    assert values(r, "total") == [11, 3, 0, 0, 0, 0, 14]


def test_a_faulty_row_leaves_an_ambiguous_neighbour_ambiguous_not_wrong():
    # the new_received row is unknown, so the balance cannot choose the total row's reading
    r = parse_text(report([(NEW, "131000015"), (CARRIED_IN, "1000001"), (TOTAL, "113000014"), (CARRIED_OUT, "2000002")]), "g.txt")
    assert [(p.code, p.cell) for p in r.problems] == [("PRS-006", "applications/new_received/total"), ("PRS-003", "applications/total")]
    assert r.problems[1].message == (
        "表三“总计”行的数字“113000014”粘连在一起，满足模板勾稽关系的拆分方式有 2 种，模板勾稽关系不能确定唯一拆分；该行各单元格按“无法读取”处理"
    )
    assert values(r, "total") == [None] * 7 and values(r, "carried_out") == [2, 0, 0, 0, 0, 0, 2]


def test_an_ambiguous_row_no_reading_of_which_balances_is_an_error_on_that_column():
    r = parse_text(report([(NEW, "123000015"), (CARRIED_IN, "1000001"), (TOTAL, "113000014"), (CARRIED_OUT, "5000005")]), "g.txt")
    assert [(p.code, p.severity, p.cell) for p in r.problems] == [("PRS-006", "error", "applications/total/natural_person")]
    (p,) = r.problems
    assert p.message == (
        "表三“总计”行“113000014”的数字粘连在一起，单独拆分时都有不止一种读法，但无论如何拆分，“自然人”列都不满足 "
        "“本年新收政府信息公开申请数量”行 + “上年结转政府信息公开申请数量”行 = “（七）总计”行 + “结转下年度继续办理”行"
        "（“总计”行最接近的读法是“11|3|0|0|0|0|14”，相差 3）：公布的数字有误；这些行的各单元格按“无法读取”处理"
    )
    assert dict(p.evidence) == {"digits": "113000014", "identity": "balance:natural_person",
                                "closest_reading": [11, 3, 0, 0, 0, 0, 14], "difference": 3, "rows": ["total"]}
    assert values(r, "total") == [None] * 7 and values(r, "new_received") == [12, 3, 0, 0, 0, 0, 15]


def test_an_ambiguous_row_nothing_decides_stays_a_warning():
    r = parse_text(report([(NEW, "123000015"), (TOTAL, "113000014")]), "g.txt")
    assert [(p.code, p.severity, p.cell) for p in r.problems] == [("PRS-003", "warning", "applications/total")]


def test_glued_table_four_with_a_faulty_group_is_an_error_on_that_group():
    r = parse_text(report([(NEW, "123000015")], t4="100130000000000"), "g.txt")
    assert [(p.code, p.severity, p.cell) for p in r.problems] == [("PRS-006", "error", "appeals/review/total")]
    (p,) = r.problems
    assert p.message == (
        "表四的数字“100130000000000”粘连在一起，无论如何拆分为 15 个数，总有一组的“总计”不等于同组其余各项之和"
        "（最接近的读法是“1|0|0|1|3|0|0|0|0|0|0|0|0|0|0”，相差 1，不成立的是表四“行政复议”行这一组）：公布的数字有误；该表各单元格按“无法读取”处理"
    )
    ok = parse_text(report([(NEW, "123000015")], t4="100120000000000"), "g.txt")
    assert ok.problems == () and [c.value for _, c in ok.table("appeals").row("review").cells] == [1, 0, 0, 1, 2]


def test_a_long_glued_row_ends_with_a_clear_finding():
    r = parse_text(report([(NEW, "1" * 600), (TOTAL, "123000015")]), "g.txt")
    (p,) = r.problems  # no split has even the right last digits: an error, found at once
    assert p.code == "PRS-006" and p.cell == "applications/new_received/total"
    assert "拆分方式过多，未给出最接近的读法" in p.message
    assert values(r, "total") == [12, 3, 0, 0, 0, 0, 15]


def test_digits_that_cannot_make_the_cells_are_not_an_identity_failing():
    r = parse_text(report([(NEW, "1234"), (TOTAL, "123000015")]), "g.txt")
    assert [(p.code, p.cell) for p in r.problems] == [("PRS-003", "applications/new_received")]
    assert "无法拆分为 7 个格式正确的数值" in r.problems[0].message


def test_a_glued_row_past_the_work_bound_is_a_warning_that_says_so(monkeypatch):
    monkeypatch.setattr(split, "MAX_WORK", 2_000)
    digits = "".join(str((i * 7919) % 10) for i in range(80))
    r = parse_text(report([(NEW, digits), (TOTAL, "123000015")]), "g.txt")
    assert [(p.code, p.severity, p.cell) for p in r.problems] == [("PRS-003", "warning", "applications/new_received")]
    assert "可能的拆分方式太多，检查了 2000 步仍不能确定，未再继续" in r.problems[0].message
    assert values(r, "total") == [12, 3, 0, 0, 0, 0, 15]
