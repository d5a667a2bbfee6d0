"""The national templates' layout (grammars/layout/national.toml) as typed values.

Label matching compares *keys*: the normalised label without white space, ordinal prefixes
(``一、`` ``(三)`` ``1.``), parenthesised remarks and punctuation.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from attrs import frozen

from .resources import grammar_path

_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.]|\(\s*[一二三四五六七八九十]{1,3}\s*\)|\d{1,2}\s*[.、)]|[①②③④⑤⑥⑦⑧⑨])\s*"
)
_PAREN = re.compile(r"\([^()]*\)|\[[^\]]*\]|【[^】]*】")
_PUNCT = re.compile(r"[\s\"'“”‘’、,，.。:：;；!！?？·•*#|()\[\]（）《》<>「」『』]+")


# where a section heading's title ends when body text runs on after it on the same line
TITLE_END = re.compile(r"^.{0,38}?(?:情况|事项|措施|概述)")


@lru_cache(maxsize=8192)
def label_key(label: str) -> str:
    """``(二)部分公开(区分处理的,只计这一情形)`` → ``部分公开``."""
    s = label.strip()
    prev = None
    while prev != s:  # "三、(一)予以公开": strip every leading ordinal
        prev = s
        s = _ORDINAL.sub("", s, count=1)
    s = _PAREN.sub("", s)
    return _PUNCT.sub("", s)


@frozen
class Label:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    templates: tuple[str, ...] = ("2019", "2021")
    group: str | None = None
    leaf: bool = False
    signed: bool = False
    keys: tuple[str, ...] = ()  # match keys of label and aliases (computed by the loader)
    printed: tuple[tuple[str, str], ...] = ()  # (template, wording) where a template words it otherwise

    def label_for(self, template: str) -> str:
        """The wording the template prints for this row or column."""
        for t, text in self.printed:
            if t == template:
                return text
        return self.label

    def in_template(self, template: str) -> bool:
        return template not in ("2019", "2021") or template in self.templates


@frozen
class Block:
    item: str  # 一 五 六 八 九
    templates: tuple[str, ...]
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    decimal: bool = False


@frozen
class TableSchema:
    id: str
    section: str
    title: str
    columns: tuple[Label, ...]
    rows: tuple[Label, ...]
    blocks: tuple[Block, ...] = ()
    groups: tuple[Label, ...] = ()
    header_words: tuple[str, ...] = ()
    identities: tuple[str, ...] = ()

    def column(self, cid: str) -> Label:
        for c in self.columns:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def row(self, rid: str) -> Label:
        for r in self.rows:
            if r.id == rid:
                return r
        raise KeyError(rid)

    def rows_for(self, template: str) -> tuple[Label, ...]:
        return tuple(r for r in self.rows if r.in_template(template))

    def blocks_for(self, template: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if template in b.templates)


@frozen
class SectionSpec:
    number: str
    title: str
    keywords: tuple[str, ...]


@frozen
class Schema:
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSchema, ...]
    fingerprints: tuple[tuple[str, tuple[str, ...]], ...]

    def table(self, tid: str) -> TableSchema:
        for t in self.tables:
            if t.id == tid:
                return t
        raise KeyError(tid)

    def fingerprint(self, template: str) -> tuple[str, ...]:
        for name, words in self.fingerprints:
            if name == template:
                return words
        return ()

    def section_keywords(self) -> tuple[str, ...]:
        out: list[str] = []
        for s in self.sections:
            out.extend(s.keywords)
        return tuple(dict.fromkeys(out))

    def column_label(self, table: str, column: str) -> str:
        return self.table(table).column(column).label

    def row_label(self, table: str, row: str) -> str:
        return self.table(table).row(row).label

    def cell_label(self, address: str) -> str:
        """Chinese name of a cell: ``表三“本年新收…”行“总计”列``."""
        tid, rid, cid = address.split("/")
        t = self.table(tid)
        names = {"disclosure": "表二", "applications": "表三", "appeals": "表四"}
        return f"{names.get(tid, tid)}“{t.row(rid).label}”行“{t.column(cid).label}”列"


def _label(lid: str, d: dict) -> Label:
    names = (d["label"], *d.get("aliases", ()))
    return Label(
        id=lid,
        label=d["label"],
        aliases=tuple(d.get("aliases", ())),
        templates=tuple(d.get("templates", ("2019", "2021"))),
        group=d.get("group"),
        leaf=bool(d.get("leaf", False)),
        signed=bool(d.get("signed", False)),
        keys=tuple(dict.fromkeys(label_key(x) for x in names)),
        printed=tuple(sorted(d.get("printed", {}).items())),
    )


def _labels(items) -> tuple[Label, ...]:
    if isinstance(items, dict):
        return tuple(_label(k, v) for k, v in items.items())
    return tuple(_label(d["id"], d) for d in items)


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    with open(grammar_path("layout/national.toml"), "rb") as fh:
        data = tomllib.load(fh)
    sections = tuple(SectionSpec(s["number"], s["title"], tuple(s["keywords"])) for s in data["sections"])
    tables = []
    for tid, t in data["tables"].items():
        tables.append(
            TableSchema(
                id=tid,
                section=t["section"],
                title=t["title"],
                columns=_labels(t["columns"]),
                rows=_labels(t["rows"]),
                blocks=tuple(
                    Block(b["item"], tuple(b["templates"]), tuple(b["rows"]), tuple(b["columns"]), bool(b.get("decimal", False)))
                    for b in t.get("blocks", ())
                ),
                groups=_labels(t.get("groups", {})),
                header_words=tuple(t.get("header", {}).get("words", ())),
                identities=tuple(t.get("identities", ())),
            )
        )
    fps = tuple((k, tuple(v)) for k, v in data.get("fingerprints", {}).items())
    return Schema(sections, tuple(tables), fps)


def section_titles() -> dict[str, str]:
    """``{"一": "总体情况", …}``: the canonical section titles of the national templates."""
    return {s.number: s.title for s in load_schema().sections}
