"""Generated multi-report data for the cross-report rules: an agency's series of years and a
region (a county and its lower bodies), consistent by construction, and ways to plant exactly
one fault in them.

    series = agency_series("青松县教育局", (2020, 2021, 2022), seed=1)   # 2019 format, then 2021
    broken = plant_carry_over(series, 2022, "commercial", +1)            # one 上年结转 ≠ last 结转
    region = make_region("青松县人民政府", departments=3, townships=2, year=2022, seed=2)

Every report is internally consistent (``TableModel.identity_errors()`` is empty): a planted
fault breaks only the relation between reports.  Rendered with ``support.render`` (Markdown by
default), so they parse back to the model's numbers (tests/properties prove that).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path
from random import Random
from typing import Sequence

from .model import APP_COLUMN_IDS, APPEAL_COLUMN_IDS, APPEAL_ROWS, DISCLOSURE_BLOCKS, TableModel, build_model, leaf_ids
from .render import render

STOCK_ROWS = ("regulations", "normative_documents")


@dataclass(frozen=True)
class Generated:
    agency: str
    year: int
    model: TableModel
    fmt: str = "markdown"

    @property
    def template(self) -> str:
        return self.model.template

    @property
    def file_name(self) -> str:
        return f"{self.agency}-{self.year}.{'html' if self.fmt.startswith('html') else 'md'}"

    @property
    def text(self) -> str:
        out = render(self.model, self.fmt)
        assert isinstance(out, str)
        return out


def template_of(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


def _model(agency: str, year: int, rnd: Random, carried_in: Sequence[int] | None, stock: dict[str, int] | None,
           scale: int = 1) -> TableModel:
    template = template_of(year)
    leaves = {rid: tuple(rnd.randint(0, 4) * scale for _ in range(6)) for rid in leaf_ids(template)}
    cin = tuple(carried_in) if carried_in is not None else tuple(rnd.randint(0, 3) for _ in range(6))
    total6 = [sum(leaves[r][i] for r in leaves) for i in range(6)]
    # keep 本年新收 = 总计 + 结转下年度 − 上年结转 non-negative
    cout = tuple(max(0, min(rnd.randint(0, 3), total6[i] + 3)) + max(0, cin[i] - total6[i]) for i in range(6))
    disclosure: dict[str, dict[str, int]] = {}
    for _item, columns, rows in DISCLOSURE_BLOCKS[template]:
        for rid, _label in rows:
            disclosure[rid] = {cid: rnd.randint(0, 9) if cid != "change" else rnd.randint(-3, 3) for cid, _ in columns}
    if template == "2021":
        for rid in STOCK_ROWS:
            issued, repealed = rnd.randint(0, 8), rnd.randint(0, 3)
            last = stock[rid] if stock is not None else rnd.randint(repealed, 40)
            disclosure[rid] = {"issued": issued, "repealed": repealed, "in_force": last + issued - repealed}
    appeals = {rid: tuple(rnd.randint(0, 2) for _ in range(4)) for rid, _label in APPEAL_ROWS}
    return build_model(template, year, agency, disclosure, leaves, cin, cout, appeals)


def agency_series(agency: str, years: Sequence[int] = (2020, 2021, 2022), *, seed: int = 0, fmt: str = "markdown") -> list[Generated]:
    """One report a year; 上年结转 = last year's 结转下年度 per column; 现行有效 = last year's +
    制发 − 废止 between two 2021-format years."""
    rnd = Random(f"{agency}/{seed}")
    out: list[Generated] = []
    for year in years:
        prev = out[-1].model if out else None
        carried = prev.applications["carried_out"][:6] if prev is not None else None
        stock = ({r: int(prev.disclosure[r]["in_force"]) for r in STOCK_ROWS}
                 if prev is not None and prev.template == "2021" == template_of(year) else None)
        out.append(Generated(agency, year, _model(agency, year, rnd, carried, stock), fmt))
    return out


def _rebuild(m: TableModel, **changes: object) -> TableModel:
    new = replace(m, **changes)  # type: ignore[arg-type]
    errors = new.identity_errors()
    assert not errors, errors
    return new


def plant_carry_over(series: list[Generated], year: int, column: str, delta: int) -> list[Generated]:
    """``year``'s 上年结转 in ``column`` moved by ``delta``; 本年新收 moved the other way, so the
    report's own identities still hold and only the carry-over from last year breaks."""
    i = APP_COLUMN_IDS.index(column)
    out = []
    for g in series:
        if g.year == year:
            apps = dict(g.model.applications)
            cin, new = list(apps["carried_in"]), list(apps["new_received"])
            cin[i] += delta
            new[i] -= delta
            cin[6], new[6] = sum(cin[:6]), sum(new[:6])
            assert min(cin + new) >= 0, "the plant would make a count negative"
            apps["carried_in"], apps["new_received"] = tuple(cin), tuple(new)
            g = replace(g, model=_rebuild(g.model, applications=apps))
        out.append(g)
    return out


def plant_stock(series: list[Generated], year: int, row: str, delta: int) -> list[Generated]:
    """``year``'s 现行有效件数 of ``row`` moved by ``delta`` (table 二 has no identity of its own)."""
    out = []
    for g in series:
        if g.year == year:
            disc = {r: dict(c) for r, c in g.model.disclosure.items()}
            disc[row]["in_force"] += delta
            g = replace(g, model=_rebuild(g.model, disclosure=disc))
        out.append(g)
    return out


@dataclass(frozen=True)
class Region:
    parent: Generated
    children: tuple[Generated, ...]
    kinds: tuple[str, ...]  # issuer kind of each child
    region: str = "431102"

    def reports(self) -> list[Generated]:
        return [self.parent, *self.children]

    def manifest_rows(self) -> list[dict[str, str]]:
        rows = [self._row(self.parent, "", "government")]
        rows += [self._row(c, self.parent.agency, k) for c, k in zip(self.children, self.kinds)]
        return rows

    def _row(self, g: Generated, parent: str, kind: str) -> dict[str, str]:
        return {"file": g.file_name, "agency": g.agency, "region": self.region, "parent": parent, "issuer_kind": kind,
                "published_on": f"{g.year + 1}-01-20", "url": "", "previous": ""}


def make_region(county: str = "青松县人民政府", departments: int = 3, townships: int = 2, year: int = 2022, *,
                seed: int = 0) -> Region:
    """A county whose 表三 and 表四 equal, cell by cell, the sum of its lower bodies'."""
    rnd = Random(f"{county}/{seed}")
    place = county.removesuffix("人民政府")
    names = [f"{place}{n}" for n in ("教育局", "财政局", "民政局", "卫生健康局", "交通运输局")[:departments]]
    names += [f"{place}{n}" for n in ("青松镇人民政府", "松林乡人民政府", "白沙镇人民政府", "石门乡人民政府")[:townships]]
    kids = [Generated(n, year, _model(n, year, rnd, None, None)) for n in names]
    template = template_of(year)

    def total(table: str, row: str) -> tuple[int, ...]:
        vals = [getattr(k.model, table)[row] for k in kids]
        return tuple(sum(v[i] for v in vals) for i in range(len(vals[0])))

    leaves = {rid: total("applications", rid)[:6] for rid in leaf_ids(template)}
    appeals = {rid: total("appeals", rid)[:4] for rid, _label in APPEAL_ROWS}
    disclosure = {r: dict(c) for r, c in _model(county, year, rnd, None, None).disclosure.items()}
    parent = build_model(template, year, county, disclosure, leaves, total("applications", "carried_in")[:6],
                         total("applications", "carried_out")[:6], appeals)
    kinds = ("department",) * departments + ("township",) * townships
    return Region(Generated(county, year, parent), tuple(kids), kinds)


def plant_child(region: Region, index: int, address: str, delta: int) -> Region:
    """One lower body's cell moved by ``delta`` (compensated in its own row total and column
    identity where needed so that the child stays consistent): the parent's sum breaks there."""
    table, row, column = address.split("/")
    child = region.children[index]
    m = child.model
    if table == "appeals":
        groups = dict(m.appeals)
        vals = list(groups[row])
        i = APPEAL_COLUMN_IDS.index(column) if column != "total" else 0
        vals[i] += delta
        vals[4] = sum(vals[:4])
        groups[row] = tuple(vals)
        new = _rebuild(m, appeals=groups)
    else:
        apps = dict(m.applications)
        i = APP_COLUMN_IDS.index(column)
        for rid in (row, "total" if row in leaf_ids(m.template) else None, "new_received" if row in leaf_ids(m.template) else None):
            if rid is None:
                continue
            vals = list(apps[rid])
            vals[i] += delta
            vals[6] = sum(vals[:6])
            apps[rid] = tuple(vals)
        new = _rebuild(m, applications=apps)
    kids = list(region.children)
    kids[index] = replace(child, model=new)
    return replace(region, children=tuple(kids))


def write(folder: Path, reports: Sequence[Generated], manifest: Sequence[dict[str, str]] | None = None) -> list[Path]:
    """The reports as files in ``folder`` (and ``manifest.csv`` when rows are given)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for g in reports:
        p = folder / g.file_name
        p.write_text(g.text, encoding="utf-8")
        paths.append(p)
    if manifest is not None:
        with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["file", "agency", "region", "parent", "issuer_kind", "published_on", "url", "previous"])
            w.writeheader()
            w.writerows(manifest)
    return paths
