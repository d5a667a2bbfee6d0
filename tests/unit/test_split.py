from decimal import Decimal

import pytest

from compliance.layout import split


def row_identity(values):
    nums = [split.as_number(v) for v in values]
    return nums[-1] == sum(nums[:-1])


def groups_of_five(values):
    nums = [int(v) for v in values]
    return all(sum(nums[g:g + 4]) == nums[g + 4] for g in range(0, len(nums), 5))


def parts(tokens, cands):
    return [[tokens[t][s:e] for t, s, e in c] for c in cands]


@pytest.mark.parametrize(
    "tokens, expected",
    [
        (["713000074"], [["71", "3", "0", "0", "0", "0", "74"]]),
        (["230", "000023"], [["23", "0", "0", "0", "0", "0", "23"]]),  # a stray space is a boundary
        (["23", "0", "00", "0", "023"], [["23", "0", "0", "0", "0", "0", "23"]]),
        (["370000037"], [["37", "0", "0", "0", "0", "0", "37"]]),
        (["0000000"], [["0"] * 7]),
    ],
)
def test_table_three_rows_split_uniquely(tokens, expected):
    assert parts(tokens, split.candidates(tokens, 7, accept=row_identity)) == expected


def test_table_four_seventeen_digits_for_fifteen_cells():
    tokens = ["21317000001324019"]
    cands = split.candidates(tokens, 15, accept=groups_of_five)
    assert parts(tokens, cands) == [["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]]


def test_without_identity_every_well_formed_split_is_a_candidate():
    cands = parts(["8855698"], split.candidates(["8855698"], 3))
    assert len(cands) == 15
    assert ["88", "55", "698"] in cands and ["8", "855", "698"] in cands
    assert all(not p.startswith("0") or p == "0" for c in cands for p in c)


def test_leading_zero_parts_are_only_zero():
    assert parts(["000"], split.candidates(["000"], 3)) == [["0", "0", "0"]]
    assert parts(["105"], split.candidates(["105"], 2)) == [["10", "5"]]  # "1|05" is not a number


def test_decimal_point_is_never_cut():
    assert parts(["9116.36"], split.candidates(["9116.36"], 1, decimal=True)) == [["9116.36"]]
    got = parts(["129.5"], split.candidates(["129.5"], 2, decimal=True))
    assert got == [["1", "29.5"], ["12", "9.5"]]
    assert split.candidates(["129.5"], 2, decimal=False) == []


def test_no_valid_split_and_too_many():
    assert split.candidates(["1234"], 7) == []
    with pytest.raises(split.TooMany):
        split.candidates(["1" * 60], 20)


def test_values():
    assert split.as_number("12") == 12 and split.as_number("3.50") == Decimal("3.50")
