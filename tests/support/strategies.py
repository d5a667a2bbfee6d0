"""Hypothesis strategies that build VALID table models by construction.

Only the free cells are drawn — the six applicant columns of each leaf row of 表三, 上年结转
and 结转下年度, the four result columns of each 表四 group, and the cells of 表二 — and every
total is derived, so every identity of spec/regulation.md §3.3 holds for every example.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from .model import (
    APP_COLUMN_IDS,
    APPEAL_COLUMN_IDS,
    APPEAL_ROWS,
    DECIMAL_COLUMNS,
    DISCLOSURE_BLOCKS,
    SIGNED_COLUMNS,
    TEMPLATES,
    TableModel,
    build_model,
    leaf_ids,
)

# invented places and bodies (none of them is a real agency name on purpose or by copy)
PLACES = (
    "青禾市", "临川县", "云溪区", "松涛县", "白鹭洲区", "南屏市", "汀兰县", "石桥区",
    "望江市", "栖霞湾区", "枫林县", "北岭市", "澄湖县", "玉泉区",
)
BODIES = (
    "人民政府", "人民政府办公室", "生态环境局", "自然资源局", "交通运输局", "教育局",
    "人力资源和社会保障局", "卫生健康委员会", "市场监督管理局", "住房和城乡建设局",
    "农业农村局", "民政局", "水利局", "文化和旅游局",
)
TOWNS = ("石桥镇", "柳塘镇", "双溪乡", "云台街道办事处", "杏花镇")


@st.composite
def agencies(draw) -> str:
    place = draw(st.sampled_from(PLACES))
    if place.endswith(("县", "区")) and draw(st.integers(0, 5)) == 0:
        town = draw(st.sampled_from(TOWNS))
        return place + town + ("" if town.endswith("办事处") else "人民政府")
    return place + draw(st.sampled_from(BODIES))


def counts(maximum: int = 400) -> st.SearchStrategy[int]:
    """A count as reports have them: mostly 0, often small, sometimes large."""
    return st.one_of(
        st.just(0),
        st.just(0),
        st.integers(1, 9),
        st.integers(10, maximum),
    )


def amounts() -> st.SearchStrategy:
    """An amount: an integer or a decimal with one to four places (万元 or 元)."""
    return st.one_of(
        st.just(0),
        st.integers(1, 99999),
        st.builds(
            lambda whole, frac, places: Decimal(f"{whole}.{str(frac).zfill(places)[:places]}"),
            st.integers(0, 9999),
            st.integers(0, 9999),
            st.integers(1, 4),
        ),
    )


def changes(negative: bool = True) -> st.SearchStrategy[int]:
    """本年增/减 (2019): signed (``negative=False``: never below 0)."""
    low = -1 if negative else 0
    return st.one_of(st.just(0), st.integers(60 * low, 60), st.integers(500 * low, 500))


def _disclosure_cell(column: str, negative: bool) -> st.SearchStrategy:
    if column in DECIMAL_COLUMNS:
        return amounts()
    if column in SIGNED_COLUMNS:
        return changes(negative)
    return counts(5000)


@st.composite
def disclosure_values(draw, template: str, negative: bool = True) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for _, columns, rows in DISCLOSURE_BLOCKS[template]:
        for rid, _ in rows:
            out[rid] = {cid: draw(_disclosure_cell(cid, negative)) for cid, _ in columns}
    return out


@st.composite
def table_models(
    draw,
    template: str | None = None,
    *,
    blanks: bool | str = False,
    negative: bool = True,
    max_count: int = 400,
) -> TableModel:
    """A consistent :class:`TableModel`.

    ``blanks``: also draw cells printed empty — 0-valued applicant cells of 表三 leaves,
    0-valued 表四 result cells (so the identities still hold with blank = 0) and 表二 cells:
    ``"any"`` (or True) any 表二 cell, ``"inner"`` never the last cell of a 表二 row (so no row is
    blank throughout and no row ends in a blank).  ``negative``: 本年增/减 may be negative.
    """
    if blanks is True:
        blanks = "any"
    template = template or draw(st.sampled_from(TEMPLATES))
    year = draw(st.integers(2019, 2020) if template == "2019" else st.integers(2021, 2025))
    agency = draw(agencies())
    disclosure = draw(disclosure_values(template, negative))
    sparse = draw(st.booleans())  # many reports: nearly every leaf is 0
    cell = st.one_of(st.just(0), st.just(0), st.just(0), counts(max_count)) if sparse else counts(max_count)
    leaves = {rid: tuple(draw(cell) for _ in range(6)) for rid in leaf_ids(template)}
    total6 = [sum(leaves[r][i] for r in leaves) for i in range(6)]
    carried_out = tuple(draw(st.one_of(st.just(0), st.integers(0, 20))) for _ in range(6))
    carried_in = tuple(
        min(draw(st.one_of(st.just(0), st.integers(0, 20))), total6[i] + carried_out[i]) for i in range(6)
    )
    appeals = {
        rid: tuple(draw(st.one_of(st.just(0), st.just(0), st.integers(0, 9), st.integers(10, 60))) for _ in range(4))
        for rid, _ in APPEAL_ROWS
    }
    blank_set: frozenset[str] = frozenset()
    if blanks:
        model = build_model(template, year, agency, disclosure, leaves, carried_in, carried_out, appeals)
        candidates = [
            a for a in model.addresses("disclosure")
            if blanks == "any" or not a.endswith("/" + list(disclosure[a.split("/")[1]])[-1])
        ]
        for rid in leaf_ids(template):
            for i, cid in enumerate(APP_COLUMN_IDS[:6]):
                if leaves[rid][i] == 0:
                    candidates.append(f"applications/{rid}/{cid}")
        for rid, _ in APPEAL_ROWS:
            for i, cid in enumerate(APPEAL_COLUMN_IDS[:4]):
                if appeals[rid][i] == 0:
                    candidates.append(f"appeals/{rid}/{cid}")
        if candidates:
            blank_set = frozenset(draw(st.lists(st.sampled_from(candidates), max_size=8, unique=True)))
    return build_model(template, year, agency, disclosure, leaves, carried_in, carried_out, appeals, blank_set)


__all__ = ["BODIES", "PLACES", "agencies", "amounts", "changes", "counts", "disclosure_values", "table_models"]
