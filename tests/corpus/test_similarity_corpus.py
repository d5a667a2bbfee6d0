"""compliance.similarity on the real reports of ../shared/corpus (skipped when it is absent):
the scores between consecutive years of one agency and between same-year reports, pinned in
``similarity_expected.toml`` (how they were judged is written at its top)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

from compliance.parse import parse_path
from compliance.similarity import (
    SectionSimilarity,
    comparable_text,
    compare_sections,
    copied_from_last_year,
    jaccard,
    near_duplicates,
    shingles,
)
from compliance.snapshot import Snapshot, sha256_hex

from conftest import corpus_file

EXPECTED = tomllib.loads((Path(__file__).with_name("similarity_expected.toml")).read_text(encoding="utf-8"))
PAIRS = EXPECTED["pair"]


@lru_cache(maxsize=None)
def snapshot(name: str) -> Snapshot:
    path = corpus_file(name)
    return Snapshot.of(parse_path(path), sha256_hex(path.read_bytes()))


def _summary(r: SectionSimilarity) -> dict[str, object]:
    return {
        "score": round(r.score, 3),
        "copied": len(r.copied),
        "compared_chars": r.compared_chars,
        "stale_years": [y.year for y in r.stale_years],
        "at": [[c.line, c.column] for c in r.copied],
    }


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p['this']}-{p['last']}" for p in PAIRS])
def test_section_similarity(pair):
    this, last = snapshot(pair["this"]), snapshot(pair["last"])
    if pair["kind"] == "consecutive":
        assert this.year is not None and last.year == this.year - 1
        got = copied_from_last_year(this, last)
    else:
        assert this.year == last.year
        got = {n: compare_sections(this.section(n), last.section(n), this_year=None, last_year=None) for n in ("一", "五")}
    assert {"one": _summary(got["一"]), "five": _summary(got["五"])} == {"one": pair["one"], "five": pair["five"]}
    for number, result in got.items():
        text = this.section(number)
        for c in result.copied:  # the offsets point at the sentence as printed
            assert text[c.offset:c.offset + len(c.text)] == c.text
            assert c.last_text in last.section(number)


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p['this']}-{p['last']}" for p in PAIRS])
def test_narrative_jaccard(pair):
    a, b = snapshot(pair["this"]), snapshot(pair["last"])
    assert round(jaccard(shingles(comparable_text(a.text)), shingles(comparable_text(b.text))), 3) == pair["jaccard"]


def test_near_duplicates_in_the_corpus():
    names = sorted({p["this"] for p in PAIRS} | {p["last"] for p in PAIRS})
    items = [(n, snapshot(n).text) for n in names]
    got = [[a, b, round(j, 3)] for a, b, j in near_duplicates(items)]
    assert got == EXPECTED["near_duplicates"]["pairs"]
    # the same-year reports of different agencies are not near-duplicates
    for year in {snapshot(n).year for n in names}:
        group = [(n, t) for n, t in items if snapshot(n).year == year]
        assert near_duplicates(group) == [], year

