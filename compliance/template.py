"""The report templates, once: ``rules/templates/national.toml`` loaded into frozen values.

Everything the code knows about the national formats — which versions exist and how to tell
them apart, the six sections, the tables with their rows and columns in printed order, the
labels they are printed and displayed with, the blocks of table 二, the identities between the
cells — is read from that data file by this module and nowhere else.  The layout pass reads
tables through it, the rule loader validates addresses against it, the checks and renderers
name cells with :func:`label`, the docs are generated from it.

    >>> tpl = current()
    >>> tpl.table("applications").short
    '表三'
    >>> label("applications/denied.state_secret/total")
    '表三“（三）不予公开·属于国家秘密”行“总计”列'

A different template family (a province's, or a made-up version in a test) is loaded with
:func:`load_template` and made current for a block of code with :func:`use` — per thread and
per task (a context variable), so threads checking reports of different families do not see
each other's.

Label matching compares *keys*: the normalised label without white space, ordinal prefixes
(``一、`` ``(三)`` ``1.``), parenthesised remarks and punctuation.
"""

from __future__ import annotations

import contextvars
import fnmatch
import re
import tomllib
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, TypeVar

from attrs import evolve, field, frozen

from .expr import BinOp, Expr, ExprError, Numbers, Ref, compile_check, parse_expr
from .resources import rules_dir

_T = TypeVar("_T")

_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.]|\(\s*[一二三四五六七八九十]{1,3}\s*\)|\d{1,2}\s*[.、)]|[①②③④⑤⑥⑦⑧⑨])\s*"
)
_PAREN = re.compile(r"\([^()]*\)|\[[^\]]*\]|【[^】]*】")
_PUNCT = re.compile(r"[\s\"'“”‘’、,，.。:：;；!！?？·•*#|()\[\]（）《》<>「」『』]+")

# where a section heading's title ends when body text runs on after it on the same line
TITLE_END = re.compile(r"^.{0,38}?(?:情况|事项|措施|概述)")


class TemplateError(ValueError):
    """A template data file that does not describe a template: names the file and the place."""

    def __init__(self, path: str, where: str, message: str) -> None:
        super().__init__(f"{path}: {where}: {message}")
        self.path = path
        self.where = where
        self.message = message


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


# --------------------------------------------------------------------------------------------
# values


@frozen
class Label:
    """A row, a column or a group label of a table."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()  # the versions that print it
    group: str | None = None
    leaf: bool = False
    signed: bool = False  # may be negative (本年增/减)
    decimal: bool = False  # an amount with decimals (万元)
    keys: tuple[str, ...] = ()  # match keys of label and aliases
    printed: tuple[tuple[str, str], ...] = ()  # (version, wording) where a version words it otherwise
    display: str = ""  # how messages and reports name it ("（七）总计"); the label if empty
    names: tuple[str, ...] = ()  # words naming an appeals group in a caption
    unless: tuple[str, ...] = ()  # … unless the caption also has one of these

    def label_for(self, template: str | None) -> str:
        """The wording the version prints for this row or column."""
        for t, text in self.printed:
            if t == template:
                return text
        return self.label


@frozen
class Block:
    """One 第二十条第（X）项 block of table 二: its rows and columns in printed order."""

    item: str  # 一 五 六 八 九
    templates: tuple[str, ...]
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    decimal: bool = False


@frozen
class Identity:
    """An identity between a table's cells, in the rule-expression language.

    ``for_each = "column"``: the references are rows and it holds in every column;
    ``"row"``: the references are columns and it holds in every row.
    """

    id: str
    table: str
    for_each: str
    expr: Expr
    templates: tuple[str, ...]

    @property
    def source(self) -> str:
        return self.expr.source


@frozen
class Version:
    """A template version: ``2019``, ``2021``, ``legacy`` …"""

    name: str
    kind: str  # national | legacy
    title: str
    years_min: int | None = None
    years_max: int | None = None
    ruleset: str | None = None
    fingerprint: tuple[str, ...] = ()  # with the fingerprint of the version it is like
    like: str | None = None
    default: bool = False

    def covers(self, year: int) -> bool:
        return (self.years_min is None or year >= self.years_min) and (self.years_max is None or year <= self.years_max)


@frozen
class SectionSpec:
    number: str
    title: str
    keywords: tuple[str, ...]


@frozen
class TableSpec:
    id: str
    short: str  # 表三
    section: str  # 一…六, "" for a table outside the six sections
    title: str
    layout: str  # blocks | grid | groups | legacy: which finisher the layout pass uses
    columns: tuple[Label, ...]
    rows: tuple[Label, ...]
    blocks: tuple[Block, ...] = ()
    groups: tuple[Label, ...] = ()
    header_words: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()  # words that place a row in this table
    identities: tuple[Identity, ...] = ()
    versions: tuple[str, ...] = ()  # the versions that have this table
    # (version, row) → its columns, for tables in blocks; empty: every row has every column
    row_columns: tuple[tuple[tuple[str, str], tuple[str, ...]], ...] = ()
    _row_map: dict[str, Label] = field(factory=dict, eq=False, repr=False)
    _col_map: dict[str, Label] = field(factory=dict, eq=False, repr=False)
    _cells: dict[tuple[str, str], tuple[str, ...]] = field(factory=dict, eq=False, repr=False)
    _compiled: dict[str | None, tuple[Callable[[Numbers], bool | None], ...]] = field(factory=dict, eq=False, repr=False)
    _derived: dict[str, Any] = field(factory=dict, eq=False, repr=False)
    # row_ids/column_ids by (template, row): asked for per cell reference, computed once
    _ids: dict[tuple[str, str | None, str | None], tuple[str, ...]] = field(factory=dict, init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._row_map.update((r.id, r) for r in self.rows)
        self._col_map.update((c.id, c) for c in self.columns)
        self._cells.update(self.row_columns)

    @property
    def heading(self) -> str:
        """``表三 收到和处理政府信息公开申请情况``."""
        return f"{self.short} {self.title}"

    @property
    def quoted(self) -> str:
        """``表三“收到和处理政府信息公开申请情况”``."""
        return f"{self.short}“{self.title}”"

    def column(self, cid: str) -> Label:
        return self._col_map[cid]

    def row(self, rid: str) -> Label:
        return self._row_map[rid]

    def has_row(self, rid: str) -> bool:
        return rid in self._row_map

    def group(self, gid: str) -> Label | None:
        return next((g for g in self.groups if g.id == gid), None)

    # ---- what a version prints (the layout pass: every row of a version, blocks or not)
    def rows_for(self, template: str) -> tuple[Label, ...]:
        if template not in self.versions:
            return self.rows
        return tuple(r for r in self.rows if template in r.templates)

    def blocks_for(self, template: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if template in b.templates)

    def identities_for(self, template: str | None) -> tuple[Identity, ...]:
        """The identities of a version; of every version (each once) for an unknown one."""
        if template in self.versions:
            return tuple(i for i in self.identities if template in i.templates)
        seen: dict[str, Identity] = {}
        for i in self.identities:
            seen.setdefault(i.source, i)
        return tuple(seen.values())

    def column_checks(self, template: str | None) -> tuple[Callable[[Numbers], bool | None], ...]:
        """The version's ``for_each = "column"`` identities compiled over ``{row id: number}``
        (one column's values): what the layout pass asks of a reading of glued digits."""
        found = self._compiled.get(template)
        if found is None:
            ids = tuple(r.id for r in self.rows)

            def expand(ref: str) -> tuple[str, ...]:
                return tuple(x for x in ids if _match(ref, x))

            found = tuple(compile_check(i.expr, expand) for i in self.identities_for(template) if i.for_each == "column")
            self._compiled[template] = found
        return found

    def sum_group(self) -> int | None:
        """k when every row's last column is the sum of the k−1 before it (``total == a + b + …``
        over every other column, in order): the glued-digit splitter forces those cells."""
        if "sum_group" not in self._derived:
            self._derived["sum_group"] = self._sum_group()
        found: int | None = self._derived["sum_group"]
        return found

    def _sum_group(self) -> int | None:
        order = [c.id for c in self.columns]
        for ident in self.identities:
            side = ident.expr.sides
            if ident.for_each != "row" or side is None or not isinstance(side[0], Ref) or side[0].summed:
                continue
            terms = _terms(side[1])
            if side[0].name == order[-1] and terms == order[:-1]:
                return len(order)
        return None

    # ---- the cells rules may name (blocks restrict a row to its block's columns)
    def row_ids(self, template: str | None = None) -> tuple[str, ...]:
        key = ("rows", template, None)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = self._row_ids(template)
        return found

    def _row_ids(self, template: str | None) -> tuple[str, ...]:
        if self.row_columns:
            return tuple(
                r.id for r in self.rows
                if any((t, r.id) in self._cells for t in ((template,) if template else self.versions))
            )
        return tuple(r.id for r in self.rows if template is None or template in r.templates)

    def column_ids(self, template: str | None = None, row: str | None = None) -> tuple[str, ...]:
        key = ("columns", template, row)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = self._column_ids(template, row)
        return found

    def _column_ids(self, template: str | None, row: str | None) -> tuple[str, ...]:
        if self.row_columns and row is not None:
            cols: set[str] = set()
            for t in (template,) if template else self.versions:
                cols.update(self._cells.get((t, row), ()))
            return tuple(c.id for c in self.columns if c.id in cols)
        return tuple(c.id for c in self.columns if template is None or template in c.templates)

    def has_cell(self, row: str, column: str, template: str) -> bool:
        return row in self.row_ids(template) and column in self.column_ids(template, row)

    # ---- names
    def row_label(self, row: str) -> str:
        """The name messages and reports give a row: ``（三）不予公开·属于国家秘密``."""
        r = self._row_map.get(row)
        return r.display if r is not None else row

    def column_label(self, column: str, template: str | None = None) -> str:
        c = self._col_map.get(column)
        return c.label_for(template) if c is not None else column

    def wildcard_label(self, pattern: str) -> str:
        """``denied.*`` → ``（三）不予公开``: the group the rows matching it share."""
        groups = {r.group for r in self.rows if fnmatch.fnmatchcase(r.id, pattern)}
        if len(groups) == 1 and None not in groups:
            g = self.group(next(iter(groups)) or "")
            if g is not None:
                return g.display
        return pattern


@frozen
class Template:
    """A template family: its versions, sections and tables."""

    path: str
    versions: tuple[Version, ...]
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    hints: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (purpose, words): see [hints] in the data
    _by_id: dict[str, TableSpec] = field(factory=dict, eq=False, repr=False)
    _memo: dict[str, Any] = field(factory=dict, eq=False, repr=False)
    # resolved references: (kind, table, pattern, template, row or column) → names or addresses
    _refs: dict[tuple[str, str, str, str | None, str | None], tuple[Any, ...]] = field(
        factory=dict, init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._by_id.update((t.id, t) for t in self.tables)

    def hint(self, purpose: str) -> tuple[str, ...]:
        return next((words for name, words in self.hints if name == purpose), ())

    def derived(self, key: str, build: Callable[["Template"], _T]) -> _T:
        """A value computed once from this template (matchers, compiled patterns …): callers in
        other layers cache on the template itself, so a different template never sees them."""
        if key not in self._memo:
            self._memo.setdefault(key, build(self))
        found: _T = self._memo[key]
        return found

    # ---- versions
    def version(self, name: str | None) -> Version | None:
        return next((v for v in self.versions if v.name == name), None)

    @property
    def version_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.versions)

    def national(self) -> tuple[Version, ...]:
        return tuple(v for v in self.versions if v.kind == "national")

    def default_version(self) -> Version:
        return next((v for v in self.versions if v.default), self.national()[-1])

    def version_for_year(self, year: int, kind: str | None = None) -> Version | None:
        found = [v for v in self.versions if v.covers(year) and (kind is None or v.kind == kind)]
        return found[-1] if found else None

    def fingerprint(self, name: str) -> tuple[str, ...]:
        v = self.version(name)
        return v.fingerprint if v else ()

    def title_of(self, name: str) -> str:
        v = self.version(name)
        return v.title if v else "无法识别的格式"

    def ruleset_for(self, template: str, year: int | None) -> str | None:
        """The bundled rule set for a report of this version (by year when it is unknown)."""
        v = self.version(template)
        if v is None and year is not None:
            v = self.version_for_year(year)
        if v is None:
            v = self.default_version()
        return v.ruleset

    # ---- tables and sections
    def table(self, tid: str) -> TableSpec:
        return self._by_id[tid]

    def get(self, tid: str) -> TableSpec | None:
        return self._by_id.get(tid)

    def table_of_section(self, section: str | None) -> str | None:
        return next((t.id for t in self.tables if section and t.section == section), None)

    def section_title(self, number: str) -> str:
        return next((s.title for s in self.sections if s.number == number), number)

    def section_titles(self) -> dict[str, str]:
        return {s.number: s.title for s in self.sections}

    def section_keywords(self) -> tuple[str, ...]:
        out: list[str] = []
        for s in self.sections:
            out.extend(s.keywords)
        return tuple(dict.fromkeys(out))

    # ---- addresses
    def matching_rows(self, table_id: str, pattern: str, template: str | None) -> tuple[str, ...]:
        key = ("rows", table_id, pattern, template, None)
        found = self._refs.get(key)
        if found is None:
            t = self._by_id.get(table_id)
            found = self._refs[key] = () if t is None else tuple(r for r in t.row_ids(template) if _match(pattern, r))
        return found

    def matching_columns(self, table_id: str, pattern: str, template: str | None, row: str | None = None) -> tuple[str, ...]:
        key = ("columns", table_id, pattern, template, row)
        found = self._refs.get(key)
        if found is None:
            t = self._by_id.get(table_id)
            found = self._refs[key] = () if t is None else tuple(c for c in t.column_ids(template, row) if _match(pattern, c))
        return found

    def addresses(self, table: str | None, name: str, template: str | None, *, row: str | None = None,
                  column: str | None = None) -> tuple[tuple[str, str, str, str], ...]:
        """The cells an expression reference names, as ``(address, table, row, column)``, in the
        order of the rows and columns: ``name`` an address (``table/row/column``, wildcards
        allowed), else a row of ``table`` in ``column`` or a column of ``table`` in ``row``.
        Resolved once per template version and kept."""
        if "/" in name:
            key: tuple[str, str, str, str | None, str | None] = ("cells", "", name, template, None)
        elif column is not None:
            key = ("in-column", table or "", name, template, column)
        else:
            key = ("in-row", table or "", name, template, row)
        found = self._refs.get(key)
        if found is None:
            found = self._refs[key] = self._addresses(table, name, template, row, column)
        return found

    def _addresses(self, table: str | None, name: str, template: str | None, row: str | None,
                   column: str | None) -> tuple[tuple[str, str, str, str], ...]:
        if "/" in name:
            t, r, c = name.split("/")
            return tuple(
                (f"{t}/{rid}/{cid}", t, rid, cid)
                for rid in self.matching_rows(t, r, template)
                for cid in self.matching_columns(t, c, template, rid)
            )
        assert table is not None
        if column is not None:  # refs are rows
            return tuple((f"{table}/{rid}/{column}", table, rid, column) for rid in self.matching_rows(table, name, template))
        assert row is not None  # refs are columns
        return tuple((f"{table}/{row}/{cid}", table, row, cid) for cid in self.matching_columns(table, name, template, row))

    def label(self, address: str, template: str | None = None) -> str:
        """The Chinese name of a table, a row or a cell, the same in messages and reports.

        ``applications`` → ``表三``; ``applications/carried_out`` → ``表三“结转下年度继续办理”行``;
        ``applications/granted/total`` → ``表三“（一）予以公开”行“总计”列``; wildcards name the
        group (``“（三）不予公开”各行``) or ``各行``/``各列``.  An unknown address is returned as is.
        """
        parts = address.split("/")
        t = self._by_id.get(parts[0])
        if t is None or len(parts) > 3:
            return address
        if len(parts) == 1:
            return t.short
        row = parts[1]
        if "*" in row:
            group = t.wildcard_label(row)
            rtext = f"“{group}”各行" if group != row else "各行"
        else:
            rtext = f"“{t.row_label(row)}”行"
        if len(parts) == 2:
            return f"{t.short}{rtext}"
        col = parts[2]
        ctext = "各列" if "*" in col else f"“{t.column_label(col, template)}”列"
        return f"{t.short}{rtext}{ctext}"


def _terms(node: Any) -> list[str] | None:
    """``a + b + c`` → ``["a", "b", "c"]``; None for anything else."""
    if isinstance(node, Ref) and not node.summed and "*" not in node.name:
        return [node.name]
    if isinstance(node, BinOp) and node.op == "+":
        left, right = _terms(node.left), _terms(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _match(pattern: str, name: str) -> bool:
    if "*" not in pattern:
        return pattern == name
    return fnmatch.fnmatchcase(name, pattern)


# --------------------------------------------------------------------------------------------
# loading


class _Reader:
    """Builds a Template from the data file's dict, naming the place of every error."""

    def __init__(self, path: str, data: Mapping[str, Any]) -> None:
        self.path = path
        self.data = data

    def fail(self, where: str, message: str) -> TemplateError:
        return TemplateError(self.path, where, message)

    def versions(self) -> tuple[Version, ...]:
        raw = self.data.get("versions")
        if not isinstance(raw, dict) or not raw:
            raise self.fail("versions", "缺少模板版本（[versions.名称]）")
        out: list[Version] = []
        for name, v in raw.items():
            where = f"versions.{name}"
            kind = v.get("kind", "national")
            if kind not in ("national", "legacy"):
                raise self.fail(where, f"kind 应为 national 或 legacy，而不是 {kind!r}")
            like = v.get("like")
            fp = tuple(v.get("fingerprint", ()))
            if like is not None:
                base = next((x for x in out if x.name == like), None)
                if base is None:
                    raise self.fail(where, f"like = {like!r}：没有在它之前声明的这个版本")
                fp = base.fingerprint + fp
                kind = base.kind
            years = v.get("years", {})
            out.append(
                Version(
                    name=str(name), kind=kind, title=str(v.get("title", name)),
                    years_min=years.get("min"), years_max=years.get("max"),
                    ruleset=v.get("ruleset"), fingerprint=fp, like=like, default=bool(v.get("default", False)),
                )
            )
        return tuple(out)

    def label(self, lid: str, d: Mapping[str, Any], national: tuple[str, ...], where: str) -> Label:
        if not isinstance(d, dict) or "label" not in d:
            raise self.fail(where, "每一行、列须有 label")
        names = (d["label"], *d.get("aliases", ()))
        return Label(
            id=lid,
            label=d["label"],
            aliases=tuple(d.get("aliases", ())),
            templates=tuple(d.get("templates", national)),
            group=d.get("group"),
            leaf=bool(d.get("leaf", False)),
            signed=bool(d.get("signed", False)),
            decimal=bool(d.get("decimal", False)),
            keys=tuple(dict.fromkeys(label_key(x) for x in names)),
            printed=tuple(sorted(d.get("printed", {}).items())),
            display=str(d.get("display", "")),
            names=tuple(d.get("names", ())),
            unless=tuple(d.get("unless", ())),
        )

    def labels(self, items: Any, national: tuple[str, ...], where: str) -> tuple[Label, ...]:
        if isinstance(items, dict):
            return tuple(self.label(k, v, national, f"{where}.{k}") for k, v in items.items())
        return tuple(self.label(d.get("id", ""), d, national, f"{where}[{i}]") for i, d in enumerate(items or ()))

    def identity(self, tid: str, i: int, d: Mapping[str, Any], versions: tuple[str, ...]) -> Identity:
        where = f"tables.{tid}.identities[{i}]"
        for_each = d.get("for_each")
        if for_each not in ("column", "row"):
            raise self.fail(where, "for_each 应为 column 或 row")
        try:
            expr = parse_expr(d.get("expr", ""))
        except ExprError as exc:
            raise self.fail(where, f"expr：{exc.message}") from None
        return Identity(str(d.get("id", f"identity-{i + 1}")), tid, for_each, expr, tuple(d.get("templates", versions)))

    def build(self) -> Template:
        versions = self.versions()
        national = tuple(v.name for v in versions if v.kind == "national" and v.like is None)
        sections = tuple(SectionSpec(s["number"], s["title"], tuple(s["keywords"])) for s in self.data.get("sections", ()))
        tables: list[TableSpec] = []
        for tid, t in (self.data.get("tables") or {}).items():
            where = f"tables.{tid}"
            layout = t.get("layout")
            if layout not in ("blocks", "grid", "groups", "legacy"):
                raise self.fail(where, f"layout 应为 blocks、grid、groups 或 legacy，而不是 {layout!r}")
            columns = self.labels(t.get("columns", {}), national, f"{where}.columns")
            rows = self.labels(t.get("rows", {}), national, f"{where}.rows")
            groups = self.labels(t.get("groups", {}), national, f"{where}.groups")
            has = tuple(dict.fromkeys(v for lab in (*rows, *columns) for v in lab.templates))
            blocks = tuple(
                Block(b["item"], tuple(b["templates"]), tuple(b["rows"]), tuple(b["columns"]), bool(b.get("decimal", False)))
                for b in t.get("blocks", ())
            )
            identities = tuple(self.identity(tid, i, d, has) for i, d in enumerate(t.get("identities", ())))
            tables.append(
                TableSpec(
                    id=tid, short=t.get("short", tid), section=t.get("section", ""), title=t["title"], layout=layout,
                    columns=columns, rows=rows, blocks=blocks, groups=groups,
                    header_words=tuple(t.get("header", {}).get("words", ())), marks=tuple(t.get("marks", ())),
                    identities=identities,
                    versions=tuple(v for v in national if v in has),
                )
            )
        tables = [self._like(t, versions) for t in tables]
        tables = [self._finish(t) for t in tables]
        self._check(tables)
        hints = tuple((str(k), tuple(v)) for k, v in (self.data.get("hints") or {}).items())
        return Template(self.path, versions, sections, tuple(tables), hints)

    def _like(self, t: TableSpec, versions: tuple[Version, ...]) -> TableSpec:
        """Versions declared ``like`` another: the base's rows, columns, blocks and identities,
        with their renamed rows and added rows."""
        for v in versions:
            if v.like is None or v.like not in t.versions:
                continue
            base, new = v.like, v.name

            def extend(lab: Label) -> Label:
                if base not in lab.templates:
                    return lab
                printed = dict(lab.printed)
                if base in printed and new not in printed:
                    printed[new] = printed[base]
                return evolve(lab, templates=(*lab.templates, new), printed=tuple(sorted(printed.items())))

            rows = [extend(r) for r in t.rows]
            spec = (self.data["versions"][new] or {})
            for address, wording in (spec.get("rename") or {}).items():
                tid, _, rid = str(address).partition("/")
                if tid != t.id:
                    continue
                i = next((k for k, r in enumerate(rows) if r.id == rid), None)
                if i is None:
                    raise self.fail(f"versions.{new}.rename", f"{address}：表中没有这一行")
                r = rows[i]
                printed = dict(r.printed)
                printed[new] = wording
                rows[i] = evolve(
                    r, printed=tuple(sorted(printed.items())), aliases=(*r.aliases, wording),
                    keys=tuple(dict.fromkeys((*r.keys, label_key(wording)))),
                )
            for k, add in enumerate(spec.get("add_rows") or ()):
                if add.get("table") != t.id:
                    continue
                where = f"versions.{new}.add_rows[{k}]"
                lab = self.label(add.get("id", ""), {**add, "templates": [new]}, (new,), where)
                after = add.get("after")
                pos = next((j + 1 for j, r in enumerate(rows) if r.id == after), None) if after else len(rows)
                if pos is None:
                    raise self.fail(where, f"after = {after!r}：表中没有这一行")
                rows.insert(pos, lab)
            t = evolve(
                t,
                rows=tuple(rows),
                columns=tuple(extend(c) for c in t.columns),
                groups=tuple(extend(g) for g in t.groups),
                blocks=tuple(evolve(b, templates=(*b.templates, new)) if base in b.templates else b for b in t.blocks),
                identities=tuple(evolve(i, templates=(*i.templates, new)) if base in i.templates else i for i in t.identities),
                versions=(*t.versions, new),
            )
        return t

    def _finish(self, t: TableSpec) -> TableSpec:
        """Display names of grouped rows; the columns of each row of a table in blocks."""
        rows = []
        for r in t.rows:
            display = r.display
            if not display:
                g = t.group(r.group) if r.group else None
                display = f"{g.display or g.label}·{r.label}" if g is not None else r.label
            rows.append(evolve(r, display=display))
        groups = tuple(evolve(g, display=g.display or g.label) for g in t.groups)
        row_columns: dict[tuple[str, str], list[str]] = {}
        for b in t.blocks:
            for tpl in b.templates:
                for rid in b.rows:
                    cols = row_columns.setdefault((tpl, rid), [])
                    cols.extend(c for c in b.columns if c not in cols)
        return evolve(
            t, rows=tuple(rows), groups=groups,
            row_columns=tuple(sorted((k, tuple(v)) for k, v in row_columns.items())),
        )

    def _check(self, tables: list[TableSpec]) -> None:
        """Every id a block or an identity names is a row or column of its table."""
        for t in tables:
            rows = {r.id for r in t.rows}
            cols = {c.id for c in t.columns}
            for b in t.blocks:
                for name in b.rows:
                    if name not in rows:
                        raise self.fail(f"tables.{t.id}.blocks", f"没有这一行：{name}")
                for name in b.columns:
                    if name not in cols:
                        raise self.fail(f"tables.{t.id}.blocks", f"没有这一列：{name}")
            for ident in t.identities:
                pool = rows if ident.for_each == "column" else cols
                for ref in ident.expr.refs():
                    if not any(_match(ref, x) for x in pool):
                        raise self.fail(f"tables.{t.id}.identities.{ident.id}", f"{ref} 不是本表的{'行' if ident.for_each == 'column' else '列'}")


def default_path() -> Path:
    return rules_dir() / "templates" / "national.toml"


@lru_cache(maxsize=8)
def load_template(path: str | None = None) -> Template:
    """Load a template data file (default: the bundled national templates); cached per path."""
    p = Path(path) if path is not None else default_path()
    try:
        with open(p, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(str(p), "TOML", str(exc)) from None
    return _Reader(str(p), data).build()


_CURRENT: contextvars.ContextVar[Template | None] = contextvars.ContextVar("compliance_template", default=None)


def current() -> Template:
    """The template family in use in this thread/task (the bundled one unless :func:`use`)."""
    t = _CURRENT.get()
    return t if t is not None else load_template()


@contextmanager
def use(template: Template) -> Iterator[Template]:
    """Make ``template`` current for the ``with`` block (this thread/task only)."""
    token = _CURRENT.set(template)
    try:
        yield template
    finally:
        _CURRENT.reset(token)


def label(address: str, template: str | None = None) -> str:
    """The Chinese name of a table, row or cell address in the current template family."""
    return current().label(address, template)


def table_name(table: str) -> str:
    t = current().get(table)
    return t.short if t else table


def table_heading(table: str) -> str:
    t = current().get(table)
    return t.heading if t else table


def version_title(name: str) -> str:
    return current().title_of(name)


def table_order() -> tuple[str, ...]:
    """The tables of the national format in printed order (二、三、四)."""
    return tuple(t.id for t in current().tables if t.section)


__all__ = [
    "Block", "Identity", "Label", "SectionSpec", "TableSpec", "Template", "TemplateError", "Version",
    "TITLE_END", "current", "label", "label_key", "load_template", "table_heading", "table_name",
    "table_order", "use", "version_title",
]

