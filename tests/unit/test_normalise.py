from hypothesis import given, strategies as st

from compliance.normalise import normalise, to_simplified
from compliance.text import LineIndex


def test_fullwidth_and_traditional():
    text, omap = normalise("（一）予以公開　１２件｜總計")
    assert text == "(一)予以公开 12件|总计"
    assert omap.anchors == ()  # every character kept its length: identity map


def test_length_changing_characters_map_back():
    original = "㈠申請\r\n二、總體情況"
    text, omap = normalise(original)
    assert text == "(一)申请\n二、总体情况"
    # "申" is at normalised offset 3 and original offset 1
    assert omap.to_original(3) == 1
    # the newline survives: normalised offset 5 → original "\n" at offset 4 (the \r was dropped)
    assert text[5] == "\n" and original[omap.to_original(5)] == "\n"
    assert original[omap.to_original(text.index("总"))] == "總"


def test_zero_width_characters_are_removed():
    text, omap = normalise("规\u200b章\ufeff0")
    assert text == "规章0"
    assert omap.to_original(2) == 4


def test_simplified_conversion_keeps_length():
    assert to_simplified("機構糾正 屬于 規范性文件") == "机构纠正 属于 规范性文件"


@given(st.text(alphabet=st.sampled_from(list("（一）總計１２３　\r\n㈠㈡ａｂ申請ABC 0\u200b")), max_size=60))
def test_every_normalised_offset_maps_inside_the_original(original):
    text, omap = normalise(original)
    assert text.count("\n") == original.count("\n")  # lines are never added or removed
    for i in range(len(text)):
        j = omap.to_original(i)
        assert 0 <= j < len(original)
    # line numbers agree: the line of a normalised offset is the line of its original offset
    ni, oi = LineIndex(text), LineIndex(original)
    for i in range(len(text)):
        assert ni.position(i)[0] == oi.position(omap.to_original(i))[0]


@given(st.text(max_size=40))
def test_normalise_is_idempotent(s):
    once, _ = normalise(s)
    twice, _ = normalise(once)
    assert once == twice
