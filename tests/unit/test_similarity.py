"""compliance.similarity: copied text between a report and last year's (DUP-001) and
near-duplicate reports among many (DUP-002), on paragraphs written for these tests."""

from __future__ import annotations

import random

import pytest

from compliance.similarity import (
    Boilerplate,
    BoilerplateError,
    CopiedSentence,
    StaleYear,
    boilerplate,
    comparable_text,
    signature,
    compare_sections,
    copied_from_last_year,
    jaccard,
    lsh_bands,
    near_duplicates,
    sentence_key,
    sentences,
    shingles,
)
from compliance.snapshot import Snapshot

# ---- section 一 of an invented district's reports ---------------------------------------

LAST_ONE = (
    "2022年，某区坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开，各项工作取得新进展。\n"
    "（一）主动公开方面。全年通过区政府门户网站主动公开政府信息3521条，其中机构职能类信息128条、政策文件类信息316条。\n"
    "围绕乡村振兴、教育医疗、住房保障等重点领域编制公开目录，做到应公开尽公开。\n"
    "（二）依申请公开方面。全年共受理政府信息公开申请46件，均在法定期限内答复，答复率100%。\n"
    "2022年，区政府办公室印发《政务公开工作要点》，明确28项重点任务并逐项分解到责任单位。\n"
    "（五）监督保障方面。将政务公开纳入年度绩效考核，开展季度检查4次，通报问题18个并督促整改到位。"
)

# the same text with this year's numbers: a copy
COPIED_ONE = (
    "2023年，某区坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开，各项工作取得新进展。\n"
    "（一）主动公开方面。全年通过区政府门户网站主动公开政府信息4102条，其中机构职能类信息131条、政策文件类信息288条。\n"
    "围绕乡村振兴、教育医疗、住房保障等重点领域编制公开目录，做到应公开尽公开。\n"
    "（二）依申请公开方面。全年共受理政府信息公开申请52件，均在法定期限内答复，答复率100%。\n"
    "2023年，区政府办公室印发《政务公开工作要点》，明确31项重点任务并逐项分解到责任单位。\n"
    "（五）监督保障方面。将政务公开纳入年度绩效考核，开展季度检查4次，通报问题11个并督促整改到位。"
)

# a few words changed, one sentence new, one year left at last year's (２０２２, full width)
EDITED_ONE = (
    "2023年，某区坚持以人民为中心的发展思想，全面贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开，各项工作取得新成效。\n"
    "（一）主动公开方面。全年通过区政府门户网站主动公开政府信息4102条，其中机构职能类信息131条、政策文件类信息288条。\n"
    "围绕乡村振兴、就业创业、住房保障等重点领域编制公开目录，做到应公开尽公开。\n"
    "首次开展政务公开体验官活动，邀请十二名群众代表走进办事大厅现场评议。\n"
    "（二）依申请公开方面。全年共受理政府信息公开申请52件，均在法定期限内答复，答复率100%。\n"
    "２０２２年，区政府办公室印发《政务公开工作要点》，明确31项重点任务并逐项分解到各责任单位。\n"
    "（五）监督保障方面。将政务公开纳入年度绩效考核，开展季度检查4次，通报问题11个并督促整改到位。"
)

# another agency, other work: nothing in common with LAST_ONE but words
OTHER_ONE = (
    "今年以来，县教育局把信息公开作为办好人民满意教育的重要抓手，推动学校管理阳光透明。\n"
    "义务教育招生入学政策、学区划分方案和入学流程在开学前两个月向家长发布。\n"
    "学生资助项目的评定标准、受助名单和资金发放情况在校内公示栏同步公布五个工作日。\n"
    "针对家长关心的校车安全问题，局机关会同交警部门逐条线路核查并公开核查结论。\n"
    "教师招聘从岗位计划、报名资格审查到体检考察结果全过程在局网站发布。"
)

# boilerplate every report prints (our own wording of the template's phrases)
BOILERPLATE = (
    "一、总体情况\n"
    "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。\n"
    "本报告中使用数据统计期限为2023年1月1日至2023年12月31日。\n"
    "本报告的电子版可在区人民政府门户网站下载。\n"
    "如对本报告有疑问，请与区人民政府办公室联系（地址：某区人民路1号；邮编：410000；电话：0731-88880000）。\n"
)

LAST_FIVE = (
    "一是部分单位对主动公开的重要性认识不足，信息更新不够及时。二是政策解读形式较为单一，图解和视频解读偏少。\n"
    "下一步，我区将加强业务培训，每季度组织一次政务公开专题培训，并将政策解读纳入文件起草程序同步推进。"
)

# ---------------------------------------------------------------------------------------------


def test_copied_section():
    r = compare_sections(COPIED_ONE, LAST_ONE, this_year=2023, last_year=2022)
    assert r.score == 1.0
    assert r.compared_chars == r.copied_chars == 227  # 55 + 41 + 33 + 28 + 36 + 34: headings are not compared
    assert [(c.text, c.line, c.column, c.ratio) for c in r.copied] == [
        ("2023年，某区坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开，各项工作取得新进展。", 1, 1, 1.0),
        ("全年通过区政府门户网站主动公开政府信息4102条，其中机构职能类信息131条、政策文件类信息288条。", 2, 11, 1.0),
        ("围绕乡村振兴、教育医疗、住房保障等重点领域编制公开目录，做到应公开尽公开。", 3, 1, 1.0),
        ("全年共受理政府信息公开申请52件，均在法定期限内答复，答复率100%。", 4, 12, 1.0),
        ("2023年，区政府办公室印发《政务公开工作要点》，明确31项重点任务并逐项分解到责任单位。", 5, 1, 1.0),
        ("将政务公开纳入年度绩效考核，开展季度检查4次，通报问题11个并督促整改到位。", 6, 11, 1.0),
    ]
    first = r.copied[1]
    assert COPIED_ONE[first.offset:].startswith("全年通过区政府门户网站")
    assert first.last_text == "全年通过区政府门户网站主动公开政府信息3521条，其中机构职能类信息128条、政策文件类信息316条。"
    assert first.last_line == 2
    assert r.stale_years == ()  # the years were updated


def test_copied_section_with_last_years_year_left():
    stale = COPIED_ONE.replace("2023年，区政府办公室", "2022年，区政府办公室")
    r = compare_sections(stale, LAST_ONE, this_year=2023, last_year=2022)
    assert r.score == 1.0
    assert r.stale_years == (
        StaleYear(2022, "2022年", stale.index("2022年"), 5, 1,
                  "2022年，区政府办公室印发《政务公开工作要点》，明确31项重点任务并逐项分解到责任单位。"),
    )


def test_lightly_edited_section_is_still_flagged_and_its_stale_year_found():
    r = compare_sections(EDITED_ONE, LAST_ONE, this_year=2023, last_year=2022)
    assert (r.compared_chars, r.copied_chars) == (260, 228)  # the new sentence: 32 characters, and one added (各)
    assert round(r.score, 3) == 0.877
    assert [(c.line, round(c.ratio, 3)) for c in r.copied] == [(1, 0.927), (2, 1.0), (3, 0.879), (5, 1.0), (6, 0.986), (7, 1.0)]
    assert [c.text[:8] for c in r.copied] == ["2023年，某区", "全年通过区政府门", "围绕乡村振兴、就", "全年共受理政府信", "２０２２年，区政", "将政务公开纳入年"]
    (year,) = r.stale_years
    assert (year.year, year.text, year.line, year.column, year.offset) == (2022, "２０２２年", 6, 1, EDITED_ONE.index("２０２２年"))


def test_independent_sections():
    r = compare_sections(OTHER_ONE, LAST_ONE, this_year=2023, last_year=2022)
    assert r.score <= 0.2
    assert r.score == 0.0
    assert r.copied == () and r.stale_years == ()
    assert r.compared_chars == 174


def test_boilerplate_only_overlap_scores_zero():
    this = BOILERPLATE + OTHER_ONE
    last = BOILERPLATE.replace("2023年", "2022年") + LAST_ONE
    r = compare_sections(this, last, this_year=2023, last_year=2022)
    assert (r.score, r.copied, r.stale_years) == (0.0, (), ())
    assert r.compared_chars == 174  # OTHER_ONE only: the boilerplate is not compared
    only = compare_sections(BOILERPLATE, BOILERPLATE, this_year=2023, last_year=2022)
    assert (only.score, only.copied, only.compared_chars) == (0.0, (), 0)


def test_years_bound_and_unknown_years():
    stale = COPIED_ONE.replace("2023年，区政府办公室", "2021年，区政府办公室")
    # only this year known: last year's year or earlier means ≤ this year − 1
    assert [y.year for y in compare_sections(stale, LAST_ONE, this_year=2023, last_year=None).stale_years] == [2021]
    assert compare_sections(stale, LAST_ONE, this_year=None, last_year=None).stale_years == ()
    # a year of the report itself is never stale
    assert compare_sections(COPIED_ONE, LAST_ONE, this_year=2023, last_year=2022).stale_years == ()


def test_copied_from_last_year_on_snapshots():
    def snap(year: int, one: str, five: str) -> Snapshot:
        return Snapshot(f"{year}.md", "某区人民政府", year, "2021", "0" * 64, (),
                        (("一", one), ("二", ""), ("五", five), ("六", "无。")), "")

    this = snap(2023, EDITED_ONE, LAST_FIVE.replace("下一步", "2024年"))
    last = snap(2022, LAST_ONE, LAST_FIVE)
    out = copied_from_last_year(this, last)
    assert list(out) == ["一", "五"]
    assert round(out["一"].score, 3) == 0.877
    five = out["五"]
    assert five.score == 1.0 and len(five.copied) == 3
    assert five.copied[2].text.startswith("2024年，我区将加强业务培训") and five.copied[2].ratio < 1.0
    assert five.stale_years == ()
    missing = copied_from_last_year(this, last, sections=("三",))
    assert missing["三"].compared_chars == 0 and missing["三"].score == 0.0


def test_sentences_and_keys():
    text = "第一句话写在这里；第二句话！\n  （一）主动公开方面。\n第三句“引号”。”后面"
    got = [(s.text, s.line, s.column, s.key) for s in sentences(text)]
    assert got == [
        ("第一句话写在这里；", 1, 1, "第一句话写在这里"),
        ("第二句话！", 1, 10, ""),  # shorter than MIN_SENTENCE_CHARS: not compared
        ("（一）主动公开方面。", 2, 3, ""),  # a heading only
        ("第三句“引号”。”", 3, 1, ""),  # five characters: too short as well
        ("后面", 3, 10, ""),
    ]
    assert sentence_key("2022年全区主动公开政府信息１４５７１条。") == sentence_key("2023年，全区主动公开政府信息13561条") == "#年全区主动公开政府信息#条"
    assert sentence_key("政府資訊公開") == "政府资讯公开"  # traditional → simplified


def test_bundled_boilerplate_examples_are_recognised():
    bp = boilerplate()
    assert bp.entries
    for kind, name, _pattern, examples in bp.entries:
        assert examples, f"{kind} {name}: no example"
        for example in examples:
            assert bp.strip(sentence_key(example)) is None, f"{kind} {name}: {example}"
    # ordinary report sentences are not boilerplate
    for sentence in [
        "全年共受理政府信息公开申请46件，均在法定期限内答复。",
        "如期完成门户网站改版，上线智能问答系统。",
        "本年度共召开政务公开工作推进会3次。",
        "数据开放平台新增开放数据集56个。",
        "地址变更等事项通过网站及时公告。",
    ]:
        assert bp.strip(sentence_key(sentence)) == sentence_key(sentence), sentence
    # a heading run into its first sentence is cut off, the sentence kept
    assert bp.strip(sentence_key("（一）主动公开方面全区共主动公开政府信息12条")) == "全区共主动公开政府信息#条"


def test_boilerplate_file_errors(tmp_path):
    bad = tmp_path / "b.toml"
    bad.write_text('[[sentence]]\nname = "x"\npattern = "(未闭合"\n', encoding="utf-8")
    with pytest.raises(BoilerplateError, match=r"b\.toml: \[\[sentence\]\] #1 \(x\)"):
        Boilerplate.load(bad)
    bad.write_text('[[heading]]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(BoilerplateError, match="needs a string `pattern`"):
        Boilerplate.load(bad)
    bad.write_text('[[sentense]]\npattern = "x"\n', encoding="utf-8")
    with pytest.raises(BoilerplateError, match="unknown table"):
        Boilerplate.load(bad)
    empty = tmp_path / "e.toml"
    empty.write_text("", encoding="utf-8")
    bp = Boilerplate.load(empty)
    assert bp.strip("本报告根据条例编制") == "本报告根据条例编制"


# ---- DUP-002 ------------------------------------------------------------------------------

_HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choices(_HAN, k=rng.randint(2, 4))) for _ in range(n)]


# report-like vocabulary: shared by every generated text, as a template's words are
_COMMON = ["政务公开", "政府信息", "主动公开", "依申请公开", "规范性文件", "门户网站", "政策解读", "监督检查",
           "重点领域", "办理答复", "绩效考核", "保密审查", "政务新媒体", "基层政务公开", "回应社会关切"]


def _text(rng: random.Random, words: list[str], sentences: int = 45) -> str:
    out = []
    for _ in range(sentences):
        parts = [rng.choice(words) for _ in range(rng.randint(4, 8))]
        parts.insert(rng.randrange(len(parts)), rng.choice(_COMMON))
        out.append("".join(parts) + f"{rng.randint(1, 999)}件" + rng.choice("。；。！"))
    return "\n".join("".join(out[i:i + 5]) for i in range(0, len(out), 5))


def _corpus() -> tuple[list[tuple[str, str]], set[tuple[str, str]]]:
    rng = random.Random(20240601)
    words = _words(rng, 4000)
    items = [(f"r{n:02d}", BOILERPLATE + _text(rng, words)) for n in range(50)]
    # planted 1: r07's text, another agency's name, numbers and four sentences changed
    base = items[7][1]
    lines = base.split("\n")
    lines[7] = _text(rng, words, 1)
    lines[9] = lines[9].replace("件", "个")
    copy1 = "\n".join(lines).replace("1", "7")
    # planted 2: r23's text with a few sentences added at the end
    copy2 = items[23][1] + _text(rng, words, 3)
    items += [("x07", copy1), ("x23", copy2)]
    return items, {("r07", "x07"), ("r23", "x23")}


def test_near_duplicates_finds_exactly_the_planted_pairs():
    items, planted = _corpus()
    got = near_duplicates(items)
    assert {(a, b) for a, b, _ in got} == planted
    assert [(a, b) for a, b, _ in got] == sorted(planted)
    for a, b, j in got:
        ta, tb = dict(items)[a], dict(items)[b]
        assert j == jaccard(shingles(comparable_text(ta)), shingles(comparable_text(tb))) >= 0.8
    # the independent texts share the template's words and boilerplate, and stay far apart
    texts = [shingles(comparable_text(t)) for _, t in items[:50]]
    worst = max(jaccard(texts[i], texts[k]) for i in range(50) for k in range(i))
    assert worst < 0.2


def test_near_duplicates_is_deterministic_and_order_independent():
    items, _planted = _corpus()
    first = near_duplicates(items)
    shuffled = list(items)
    random.Random(5).shuffle(shuffled)
    assert near_duplicates(shuffled) == first
    # ids are compared as given: renaming keeps the pairs, ordered by the new ids
    renamed = [("z" + i if i.startswith("r") else "a" + i, t) for i, t in items]
    assert [(a, b) for a, b, _ in near_duplicates(renamed)] == [("ax07", "zr07"), ("ax23", "zr23")]


def test_signatures_computed_beforehand_give_the_same_pairs():
    """A batch computes each narrative's signature in its worker; the pairs are the same, and a
    text is read again only for a candidate pair (text_of), never for the sketch."""
    items, _planted = _corpus()
    first = near_duplicates(items)
    assert first  # the planted copies
    texts = dict(items)
    known = {i: signature(t) for i, t in items}
    read: list[str] = []

    def text_of(i: str) -> str:
        read.append(i)
        return texts[i]

    same = near_duplicates([(i, "") for i, _ in items], signatures=known, text_of=text_of)
    assert same == first
    assert {x for a, b, _ in first for x in (a, b)} <= set(read) and len(set(read)) < len(items)
    assert signature("短文本。") == b"" and len(signature(items[0][1])) == 4 * 128
    # two reports of one agency (one group) are never a pair, and not even compared
    groups = {a: "same" for a, b, _ in first} | {b: "same" for a, b, _ in first}
    assert near_duplicates(items, groups=groups) == []
    with pytest.raises(ValueError, match="signature of a has 2 values"):
        near_duplicates([("a", "")], signatures={"a": bytes(8)})


def test_near_duplicates_edge_cases():
    with pytest.raises(ValueError, match="not distinct"):
        near_duplicates([("a", "x"), ("a", "y")])
    with pytest.raises(ValueError, match="threshold"):
        near_duplicates([("a", "x")], threshold=0.0)
    assert near_duplicates([]) == []
    # short texts and boilerplate-only texts are not compared: not duplicates of each other
    assert near_duplicates([("a", BOILERPLATE), ("b", BOILERPLATE), ("c", "短文本。"), ("d", "短文本。")]) == []
    # identical narratives are
    rng = random.Random(1)
    text = _text(rng, _words(rng, 500))
    assert near_duplicates([("b", text), ("a", text)]) == [("a", "b", 1.0)]


def test_lsh_bands():
    assert lsh_bands(0.8, 128) == (21, 6)
    bands, rows = lsh_bands(0.5, 128)
    assert bands * rows <= 128 and 1 - (1 - 0.5 ** rows) ** bands >= 0.995
    assert lsh_bands(1.0, 128) == (2, 64)


def test_copied_sentence_is_a_value():
    c = CopiedSentence("甲。", 0, 1, 1, "甲。", 1, 1.0)
    assert c == CopiedSentence("甲。", 0, 1, 1, "甲。", 1, 1.0)


def test_band_pairs_are_the_buckets_of_datasketch_lsh():
    """The numpy banding finds exactly the pairs MinHashLSH's hash tables would (the candidates
    before the estimate): signatures with planted shared bands among random ones."""
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    from compliance.similarity import _band_pairs, _base_minhash

    rng = np.random.default_rng(7)
    bands, rows = 21, 6
    base = _base_minhash(128, 1)
    m = rng.integers(0, 50, size=(300, 128)).astype(base.hashvalues.dtype)
    for a, b, band in [(1, 2, 0), (3, 250, 20), (10, 11, 5), (10, 12, 5), (40, 41, 7)]:
        m[b, band * rows:(band + 1) * rows] = m[a, band * rows:(band + 1) * rows]
    ours = {tuple(sorted(p)) for p in _band_pairs(m, bands, rows)}
    lsh = MinHashLSH(num_perm=128, params=(bands, rows))
    sigs = [LeanMinHash(seed=1, hashvalues=m[i], scheme=base.scheme) for i in range(len(m))]
    for i, sig in enumerate(sigs):
        lsh.insert(i, sig)
    theirs = {tuple(sorted((i, j))) for i, sig in enumerate(sigs) for j in lsh.query(sig) if j != i}
    assert ours == theirs and {(1, 2), (3, 250), (10, 11), (10, 12), (11, 12), (40, 41)} <= ours


def test_a_cluster_of_identical_narratives_is_linear_work():
    """200 identical signatures share every band: each is paired with the first MAX_BUCKET of
    the bucket (64), not with all 199 others — and the DUP-002 evidence lists 50, counts the rest."""
    import numpy as np

    from compliance.checks.series import _duplicates_evidence
    from compliance.similarity import MAX_BUCKET, _band_pairs

    m = np.zeros((200, 128), dtype=np.uint32)
    pairs = {tuple(sorted(p)) for p in _band_pairs(m, 21, 6)}
    assert MAX_BUCKET == 64 and len(pairs) == sum(199 - x for x in range(64)) == 10720
    assert all(min(p) < 64 for p in pairs) and (63, 199) in pairs and (64, 65) not in pairs
    hits = [(f"r{i}.md", f"机关{i}", 0.9) for i in range(60)]
    ev = _duplicates_evidence(hits)
    assert len(ev["duplicates"]) == 50 and ev["more"] == 10 and ev["duplicates"][0] == {"path": "r0.md", "agency": "机关0", "similarity": 0.9}
    assert _duplicates_evidence(hits[:3]) == {"duplicates": [{"path": f"r{i}.md", "agency": f"机关{i}", "similarity": 0.9} for i in range(3)]}


def test_the_whole_array_minhash_is_datasketchs():
    """similarity._minhash computes datasketch's update_batch on the whole array: the same values."""
    import numpy as np

    from compliance.similarity import _base_minhash, _minhash, _shingle_hashes, comparable_text

    rng = random.Random(3)
    for n in (50, 500, 3000):
        hashes = _shingle_hashes(comparable_text(_text(rng, _words(rng, n))), 5)
        theirs = _base_minhash(128, 1).copy()
        theirs.update_batch(hashes.tolist())
        ours = _minhash(128, 1, hashes)
        assert ours.hashvalues.dtype == theirs.hashvalues.dtype and np.array_equal(ours.hashvalues, theirs.hashvalues)
    assert np.array_equal(_minhash(128, 1, hashes[:0]).hashvalues, _base_minhash(128, 1).hashvalues)
