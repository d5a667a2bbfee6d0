"""Mapping table rows to the canonical ``table/row/column`` ids, with typed cells.

Works on the document's items in order (rows of every table, captions, headings, paragraphs),
so tables split in three, tables whose section heading is a cell, and rows whose rowspan
labels were lost (``(三)不予 | 1.属于国家秘密 | 0 …``) all come out the same way:

* the *table context* follows section headings (二/三/四), captions (第二十条第（X）项) and the
  labels themselves;
* a row's label is its leading text cells; it matches a template row by key (exact, alias),
  by key after dropping header words, or fuzzily (difflib) — the row records which;
* values are the cells after the label; where there are fewer than the template's columns and
  they are glued digits, :mod:`compliance.layout.split` proposes the splits and the template's
  identities choose — or the row is reported unreadable.
"""

from __future__ import annotations

import difflib
import fnmatch
from functools import lru_cache
import re

from attrs import Factory, define, frozen

from .. import ast
from ..build import caption_pattern
from ..codes import GLUED_DIGITS_INCONSISTENT, ROW_MISFIT, UNREADABLE_ROW
from ..expr import Expr, Ref, compile_check
from ..findings import Finding
from ..model import Cell, DataRow, DataTable, PLACEHOLDERS, match_kind, type_cell
from ..text import Span
from . import align, glued, split
from ..template import Label, Template, TableSpec, label_key

_NUMERIC = re.compile(r"^-?\d+(?:\.\d+)?(?:万元|元|%)?$")
#: Readings of one glued row the joint solve combines; a row with more stays unknown there.
ROW_READINGS = 16


@lru_cache(maxsize=4096)
def value_like(text: str) -> bool:
    t = text.strip().replace(",", "")
    if not t or t in PLACEHOLDERS or _NUMERIC.match(t):
        return True
    return bool(set(t) <= set("-—/─–"))


class _Matcher:
    """Label → row id for one table, with header words removed first."""

    def __init__(self, table: TableSpec) -> None:
        self.table = table
        self.rows = table.rows
        self.by_key: dict[str, list[Label]] = {}
        for r in table.rows:
            for k in r.keys:
                self.by_key.setdefault(k, []).append(r)
        self.group_keys: dict[str, str] = {}
        for g in table.groups:
            for k in g.keys:
                self.group_keys[k] = g.id
        words = [label_key(w) for w in table.header_words]
        for c in table.columns:
            words.extend(c.keys)
        # longest first, so "本年处理决定数量" goes before "处理决定数量"
        self.header_words = sorted({w for w in words if len(w) >= 2}, key=len, reverse=True)
        self.all_keys = sorted(self.by_key, key=len, reverse=True)
        printed = list(table.header_words)
        for c in table.columns:
            printed.extend((c.label, *c.aliases))
        self.printed_header_words = sorted(set(printed), key=len, reverse=True)
        self._memo: dict[tuple, tuple[Label | None, str]] = {}
        self._trimmed: dict[str, str] = {}
        self.header_keys = frozenset(
            [k for c in table.columns for k in c.keys] + [label_key(w) for w in table.header_words]
        )
        self.column_keys = sorted(((k, c.id) for c in table.columns for k in c.keys), key=lambda x: -len(x[0]))

    def trim(self, text: str) -> str:
        hit = self._trimmed.get(text)
        if hit is None:
            hit = _trim_printed(text, self)
            if len(self._trimmed) < 50_000:
                self._trimmed[text] = hit
        return hit

    def strip_headers(self, key: str) -> str:
        for w in self.header_words:
            if w in key and key != w:
                key = key.replace(w, "")
        return key

    def group(self, key: str) -> str | None:
        return self.group_keys.get(key)

    def match(self, text: str, group: str | None, fuzzy: bool = True) -> tuple[Label | None, str]:
        memo_key = (text, group, fuzzy)
        hit = self._memo.get(memo_key)
        if hit is None:
            hit = self._match(text, group, fuzzy)
            if len(self._memo) < 50_000:
                self._memo[memo_key] = hit
        return hit

    def _match(self, text: str, group: str | None, fuzzy: bool) -> tuple[Label | None, str]:
        key = label_key(text)
        if not key:
            return None, ""
        found = self._exact(key, group)
        if found:
            return found, "exact"
        stripped = self.strip_headers(key)
        if stripped != key and stripped:
            found = self._exact(stripped, group)
            if found:
                return found, "exact"
            for k in self.all_keys:  # "信息内容…行政许可": the label is what the text ends with
                if len(k) >= 2 and stripped.endswith(k):
                    return self._pick(self.by_key[k], group), "exact"
        return self._loose(key, group) if fuzzy else (None, "")

    def _loose(self, key: str, group: str | None) -> tuple[Label | None, str]:
        # containment: wrapped or annotated labels ("部分公开区分处理的只计这一情")
        for k in self.all_keys:
            if len(k) >= 3 and (key.startswith(k) or (len(key) >= 3 and k.startswith(key) and len(key) * 2 >= len(k))):
                return self._pick(self.by_key[k], group), "fuzzy"
        best, score = None, 0.0
        if len(key) >= 3:
            for k in self.all_keys:
                if len(k) < 3:
                    continue
                r = difflib.SequenceMatcher(None, key, k, autojunk=False).ratio()
                if r > score:
                    best, score = k, r
        if best is not None and score >= 0.8:
            return self._pick(self.by_key[best], group), "fuzzy"
        return None, ""

    def _exact(self, key: str, group: str | None) -> Label | None:
        rows = self.by_key.get(key)
        return self._pick(rows, group) if rows else None

    @staticmethod
    def _pick(rows: list[Label], group: str | None) -> Label:
        for r in rows:
            if r.group == group:
                return r
        return rows[0]


def _matchers(schema: Template) -> dict[str, _Matcher]:
    """Matchers are pure functions of the template: built once, kept on the template."""
    return schema.derived("layout.matchers", lambda t: {x.id: _Matcher(x) for x in t.tables})


class _RowDraft:
    """Values found for one template row, before identities choose among glued splits."""

    def __init__(self, label: Label, printed: str, match: str, values: list[ast.Entry], where: ast.Row | Span):
        self.label = label
        self.printed = printed
        self.match = match_kind(match)
        self.values = values
        self.where = where  # the row (or a span): located only when asked
        self.candidates: list[list[tuple[int, int, int]]] = []
        self.glued = False
        self.too_many = False
        # glued digits: the consistent splits counted (saturated), the tokens and how they were split
        self.count = 0
        self.tokens: list[str] = []
        self.split_args: dict = {}
        self.joint = False  # no combination of the table's glued rows holds (reported once)
        self.from_text = isinstance(where, ast.Row) and where.line.origin == "text"

    @property
    def span(self) -> Span:
        return self.where.span


@define
class _Walk:
    """Where the walk through a document's items stands: the table, block and group it is in,
    the appeals group a caption named, and label-only rows waiting for their values."""

    table: str | None = None
    section: str | None = None
    block_columns: tuple[str, ...] | None = None  # the columns a block's header printed
    group: str | None = None
    appeal_group: str | None = None
    pending: list[tuple[str, ast.Row]] = Factory(list)  # label-only rows
    pending_match: tuple[Label, str, str] | None = None  # a label-only row that named a row

    def reset_pending(self) -> None:
        self.pending, self.pending_match = [], None


@frozen
class _Plan:
    """What the walk needs of a template, computed once per template (``Template.derived``)."""

    kinds: dict[str, str]  # layout kind → table id: blocks (表二), grid (表三), groups (表四)
    shared_keys: frozenset[str]  # labels printed in more than one table: no evidence of which

    @classmethod
    def of(cls, schema: Template) -> "_Plan":
        national = [t for t in schema.tables if t.section]
        seen: dict[str, set[str]] = {}
        for t in national:
            for lab in (*t.rows, *t.columns):
                for k in lab.keys:
                    seen.setdefault(k, set()).add(t.id)
        return cls({t.layout: t.id for t in national}, frozenset(k for k, ids in seen.items() if len(ids) > 1))


class TableBuilder:
    """Reads the template's tables from a document's items: one handler per kind of item (a
    section change, a caption, a line of text, a row), over an explicit :class:`_Walk`; one
    finisher per layout kind."""

    def __init__(self, schema: Template, template: str) -> None:
        self.schema = schema
        self.template = template
        self.matchers = _matchers(schema)
        self.problems: list[Finding] = []
        plan = schema.derived("layout.plan", _Plan.of)
        self.blocks_table = plan.kinds.get("blocks")
        self.grid_table = plan.kinds.get("grid")
        self.groups_table = plan.kinds.get("groups")
        self.shared_keys = plan.shared_keys
        self.drafts: dict[str, dict[str, _RowDraft]] = {tid: {} for tid in plan.kinds.values()}
        self.block_columns: dict[str, tuple[str, ...]] = {}
        self.appeal_rows: list[tuple[str | None, list[ast.Entry], ast.Row]] = []
        # the first row of the groups table that prints its column headings (where it stands)
        self.groups_heads: tuple[ast.Row, list[str]] | None = None
        # the grid table's rows in reading order, placed at the end by the template's row order
        self.streams: dict[str, align.Stream] = {tid: [] for tid in plan.kinds.values()}

    # -- walking -----------------------------------------------------------------------------
    def run(self, items: list, section_of: list[str | None], heading_positions: set[int]) -> tuple[DataTable, ...]:
        walk = _Walk()
        for pos, item in enumerate(items):
            self._enter_section(walk, section_of[pos])
            if pos in heading_positions:
                continue
            if isinstance(item, ast.Caption):
                self._enter_block(walk)
            elif isinstance(item, (ast.Heading, ast.Paragraph)):
                self._on_text(walk, item.text)
            elif isinstance(item, ast.Row):
                self._on_row(walk, item)
        return self._finish()

    def _enter_section(self, walk: _Walk, section: str | None) -> None:
        """A new section: its table (if it has one), no group, nothing pending."""
        if section == walk.section:
            return
        walk.section = section
        if section:
            walk.table = self.schema.table_of_section(section)
        walk.group = None
        walk.reset_pending()

    def _enter_block(self, walk: _Walk) -> None:
        """A 第二十条第（X）项 caption: the block table, with the columns of that block until a
        header names others."""
        if self.blocks_table is not None:
            walk.table, walk.block_columns = self.blocks_table, None

    def _on_text(self, walk: _Walk, text: str) -> None:
        """A line of text may name an appeals group (a caption over its small table) or, in the
        grid table, a group of rows (``（三）不予公开`` on a line of its own)."""
        if walk.table == self.groups_table or (walk.table is None and walk.section is None):
            g = self._appeal_group(text)
            if g:
                walk.appeal_group = g
        if walk.table is not None and walk.table == self.grid_table and len(text) < 40:
            g = self.matchers[walk.table].group(label_key(text))
            if g:
                walk.group = g

    def _on_row(self, walk: _Walk, item: ast.Row) -> None:
        entries = list(item.entries)
        # a caption printed as (or glued into) the first cell
        if entries and self.blocks_table is not None and caption_pattern().search(entries[0].text[:20]):
            self._enter_block(walk)
            cap = caption_pattern().search(entries[0].text)
            if cap is not None and not entries[0].text[cap.end():].strip() and len(entries) == 1:
                return
        label_entries, values = self._split_label(entries, walk.table)
        labels = [e.text for e in label_entries if e.text]
        walk.table = self._infer_context(walk.table, walk.section, labels, values)
        if walk.table is None:
            return
        if walk.table == self.groups_table:
            self._on_group_row(walk, item, labels, values)
        elif not (not values and self._on_header_row(walk, labels)):
            self._on_data_row(walk, item, labels, values)

    def _on_group_row(self, walk: _Walk, item: ast.Row, labels: list[str], values: list[ast.Entry]) -> None:
        """Appeals: rows are collected in order, each with the group its caption or label named."""
        g = self._appeal_group(" ".join(labels))
        if g:
            walk.appeal_group = g
        if self.groups_heads is None and self.groups_table is not None:
            key = label_key("".join(labels))
            heads = [c.label for c in self.schema.table(self.groups_table).columns if len(label_key(c.label)) >= 4 and label_key(c.label) in key]
            if len(heads) >= 3:
                self.groups_heads = (item, heads)
        if values and any(_NUMERIC.match(v.text.strip()) or split.splittable(v.text.replace(" ", "")) for v in values):
            self.appeal_rows.append((walk.appeal_group, values, item))
            walk.appeal_group = None

    def _on_header_row(self, walk: _Walk, labels: list[str]) -> bool:
        """A row of column labels (no values): it names the block's columns; True if it was one."""
        assert walk.table is not None
        if _is_header(self.matchers[walk.table], labels):
            walk.reset_pending()
            if walk.table == self.blocks_table:
                walk.block_columns = self._header_columns(labels)
            return True
        if walk.table == self.blocks_table:
            columns = self._header_columns(labels)
            if columns:
                walk.block_columns = columns
                return True
        return False

    def _row_label(self, walk: _Walk, matcher: _Matcher, labels: list[str], has_values: bool) -> tuple[Label | None, str, str]:
        """The template row the label cells name (the last one wins); group labels among them
        set the walk's group."""
        label, how, printed = None, "", ""
        distinct = [t for i, t in enumerate(labels) if i == 0 or t != labels[i - 1]]  # a colspan's copies once
        if not has_values and _is_header(matcher, distinct):
            # column headings with only empty positions after them (a header row whose
            # rowspans were lost, padded to the table's width): a heading such as 总计 that
            # is also a row's label names no row here
            return label, how, printed
        for text in _label_parts(labels):
            g = matcher.group(label_key(text))
            row, kind = matcher.match(text, walk.group)
            # a text that names a group and a row (其他) is the row inside that group, else
            # the group label unless the row has numbers
            inside = row is not None and row.group is not None and row.group == walk.group
            # a text that is a group label in one version and a row of this version
            # (2019: （六）其他处理 is a row) is the row
            own = row is not None and row.group is None and self.template in row.templates
            if row is not None and (has_values or g is None or inside or own):
                label, how, printed = row, kind, matcher.trim(text)
            elif g is not None:
                walk.group = g
        return label, how, printed

    def _on_data_row(self, walk: _Walk, item: ast.Row, labels: list[str], values: list[ast.Entry]) -> None:
        table = walk.table
        assert table is not None
        matcher = self.matchers[table]
        has_values = any(v.text for v in values)
        label, how, printed = self._row_label(walk, matcher, labels, has_values)
        if table in (self.grid_table, self.blocks_table):
            self._on_table_row(walk, item, labels, values, (label, how, printed))
            return
        if values and not has_values and label is not None:
            # a template row printed with every cell empty: blank cells, not a missing row
            walk.reset_pending()
            self._add(walk, label, printed, how, values, item)
            return
        if not has_values:
            # a label-only row: its values may follow on the next row
            if label is not None and not values:
                walk.pending_match = (label, how, printed)
                walk.pending = []
            elif labels:
                walk.pending.append((" ".join(labels), item))
            return
        if label is None and walk.pending:
            # a label wrapped over the rows before its values
            joined = "".join(t for t, _ in walk.pending[-3:]) + "".join(labels)
            found, _how = matcher.match(joined, walk.group)
            if found is not None:
                label, how, printed = found, "fuzzy", joined
        if label is None and not labels and not any(_NUMERIC.match(v.text.strip()) for v in values):
            walk.reset_pending()
            return  # a row of placeholders under a header: nothing to read
        if label is None and walk.pending_match is not None:
            label, how, printed = walk.pending_match
            printed = printed + "".join(labels)
        walk.reset_pending()
        if label is None:
            if labels or any(value_like(v.text) and _NUMERIC.match(v.text.strip()) for v in values):
                self._misfit(table, labels, values, item.span)
            return
        if label.group and label.group != walk.group and table == self.grid_table:
            walk.group = label.group
        self._add(walk, label, printed, how, values, item)

    def _on_table_row(self, walk: _Walk, item: ast.Row, labels: list[str], values: list[ast.Entry],
                      named: tuple[Label | None, str, str]) -> None:
        """The grid and block tables: every row is recorded in reading order (label-only rows
        as label fragments); :func:`align.read_labels` and :func:`align.place` place them at
        the end (:meth:`_align_table`)."""
        label, how, printed = named
        stream = self.streams[walk.table or ""]
        has_values = any(v.text for v in values)
        if label is not None and label.group and label.group != walk.group and walk.table == self.grid_table:
            walk.group = label.group
        if not values:
            if len(labels) > 3:
                return  # a row of column headings (数据1 … 总计), not a row label
            if label is not None:
                stream.append(align.Fragment(printed, walk.group, item))
            else:
                stream.extend(align.Fragment(p, walk.group, item) for p in _label_parts(labels))
            return
        if not has_values and label is None and (labels or len(values) < 2):
            if labels:
                stream.extend(align.Fragment(p, walk.group, item) for p in _label_parts(labels))
            return
        if has_values and label is not None and walk.table is not None and walk.table == self.grid_table and self._collapsed(walk.table, label, printed, labels, values, item):
            return
        numeric = any(_NUMERIC.match(v.text.strip()) for v in values)
        stream.append(align.NumberRow(list(labels), label, how, printed, values, item, walk.group, blank=not has_values,
                                      numeric=numeric, columns=walk.block_columns if walk.table == self.blocks_table else None))

    def _collapsed(self, table: str, label: Label, printed: str, labels: list[str], values: list[ast.Entry], item: ast.Row) -> bool:
        """A group of rows printed as one row with numbers (2021: （六）其他处理 as the 2019
        format has it, instead of its three rows): recorded as a ``PRS-005`` problem naming the
        group (``evidence.group``), which the table's structure rule turns into its finding."""
        t = self.schema.table(table)
        if self.template not in t.versions or self.template in label.templates:
            return False
        gid = None
        for text in [printed, *labels]:
            gid = gid or self.matchers[table].group(label_key(text))
        if gid is None or not any(r.group == gid and self.template in r.templates for r in t.rows):
            return False
        group = t.group(gid)
        nums = [v.text for v in values if v.text]
        shown = group.display or group.label if group is not None else printed
        self.problems.append(
            ROW_MISFIT.finding(
                f"{self._name(table)}“{shown}”印为一行（{len(nums)} 个数值：{' '.join(nums)[:60]}），未计入该表",
                span=item.span,
                evidence={"group": f"{table}/{gid}", "values": tuple(nums)},
            )
        )
        return True

    def _align_table(self, t: TableSpec) -> None:
        """Place a table's recorded rows: labels, then the template's row order, then the
        identities (:mod:`compliance.layout.align`)."""
        stream = self.streams.get(t.id)
        if not stream:
            return
        m = self.matchers[t.id]
        version = self.template if self.template in t.versions else self.schema.default_version().name
        numbers = align.read_labels(stream, t, m.match, lambda text, g: m.match(text, g, fuzzy=False)[0], version)
        if t.id == self.blocks_table:
            # a block's rows have the block's columns: a row of another width is not one of them
            def width(u: align.NumberRow) -> int:
                return len(u.values)

            def fits(u: align.NumberRow, rid: str) -> bool:
                return align.fits(u.values, len(self._columns_for(t.id, rid, u.columns)))
        else:
            def width(u: align.NumberRow) -> int:
                return len(t.columns)

            def fits(u: align.NumberRow, rid: str) -> bool:
                return True

        placement = align.place(numbers, t, version, t.column_checks(self.template), lambda u: align.numbers_of(u.values, width(u)), fits)
        undecided = {i for run in placement.undecided for i in run}
        for i, u in enumerate(numbers):
            rid = placement.rows.get(i)
            if rid is None and u.label is not None:
                rid = u.label.id  # a second row with the same label: reported by _place
            if rid is not None:
                if t.id == self.blocks_table:
                    self.block_columns.setdefault(rid, self._columns_for(t.id, rid, u.columns))
                if u.label is not None and u.label.id == rid:
                    self._place(t.id, u.label, u.printed, u.how, u.values, u.item)
                else:
                    self._place(t.id, t.row(rid), "", "position", u.values, u.item)
            elif i not in undecided and (u.labels or u.numeric):
                self._misfit(t.id, u.labels, u.values, u.item.span)
        for run in placement.undecided:
            first, last = numbers[run[0]].item, numbers[run[-1]].item
            self.problems.append(
                ROW_MISFIT.finding(
                    f"{self._name(t.id)}中有 {len(run)} 行数字没有行标题，按模板的行序和勾稽关系无法确定它们各是哪一行，未计入该表",
                    span=first.span.cover(last.span),
                )
            )

    def _split_label(self, entries: list[ast.Entry], ctx: str | None) -> tuple[list[ast.Entry], list[ast.Entry]]:
        """Leading text cells are the label; the rest are values.  A text cell after the cell
        that names the row is a value (2019 table 二: 政府集中采购 | 电脑(6台)… | 47888元;
        a count written as 约86)."""
        lead = 0
        while lead < len(entries) - 1 and not entries[lead].text:
            lead += 1  # empty cells of a merged label column before the label (spreadsheet export)
        if lead and not value_like(entries[lead].text):
            entries = entries[lead:]
        n = 0
        while n < len(entries) and not value_like(entries[n].text):
            n += 1
        if n == len(entries) and not (ctx and n >= 2):
            return entries, []
        label, values = entries[:n], entries[n:]
        if values and not any(v.text and value_like(v.text) for v in values) and any(v.text for v in values):
            # only blanks and words after the label: a header row of a merged grid
            # ("申请人情况 | | | 自然人 …"), not a data row
            return [e for e in entries if e.text], []
        if ctx is not None and ctx in (self.blocks_table, self.grid_table) and len(label) >= 2:
            m = self.matchers[ctx]
            for i in range(len(label) - 1, -1, -1):
                row, how = m.match(label[i].text, None, fuzzy=False)
                if row is not None:
                    rest = label[i + 1:]
                    if rest and not any(label_key(e.text) in m.header_keys for e in rest):
                        return label[: i + 1], rest + values
                    break
        return label, values

    def _infer_context(self, ctx: str | None, sec: str | None, labels: list[str], values: list) -> str | None:
        """Switch table when the labels say so (a missing section heading, a fragment)."""
        if not labels:
            return ctx
        text = "".join(labels)
        groups = self.groups_table
        if groups is not None and ctx != groups and any(w in text for w in self.schema.table(groups).marks):
            return groups
        if ctx is None or ctx in (self.blocks_table, groups):
            for tid in (self.grid_table, self.blocks_table):
                if tid is None or tid == ctx:
                    continue
                row, how = self.matchers[tid].match(labels[-1], None, fuzzy=False)
                if row is not None and how == "exact" and (tid != self.grid_table or values or ctx is None):
                    if any(k in self.shared_keys for k in row.keys[:1]):
                        continue  # "总计", "其他": printed in several tables
                    return tid
            grid = self.grid_table
            if ctx is None and grid is not None and any(w in text for w in self.schema.table(grid).marks):
                return grid
        return ctx

    def _header_columns(self, labels: list[str]) -> tuple[str, ...] | None:
        if self.blocks_table is None:
            return None
        joined = label_key("".join(labels))
        keyed = self.matchers[self.blocks_table].column_keys
        hits: list[tuple[int, str]] = []
        used = joined
        for k, cid in keyed:
            i = used.find(k)
            if i >= 0 and cid not in [c for _, c in hits]:
                hits.append((i, cid))
                used = used[:i] + "\0" * len(k) + used[i + len(k):]
        hits.sort()
        cols = [c for _, c in hits]
        return tuple(cols) if cols else None

    def _appeal_group(self, text: str) -> str | None:
        """The group (row) of the groups table a caption names; None for one that names several."""
        if self.groups_table is None:
            return None
        found = [
            r.id for r in self.schema.table(self.groups_table).rows
            if any(w in text for w in r.names) and not any(w in text for w in r.unless)
        ]
        return found[0] if len(found) == 1 else None

    def _name(self, ctx: str) -> str:
        return self.schema.table(ctx).short

    def _misfit(self, ctx: str, labels: list[str], values: list[ast.Entry], span: Span) -> None:
        name = self._name(ctx)
        label = "".join(labels) or "（无行标题）"
        nums = [v.text for v in values if v.text]
        self.problems.append(
            ROW_MISFIT.finding(
                f"{name}中的一行“{label[:40]}”（{len(nums)} 个数值：{' '.join(nums)[:60]}）与模板的任何一行都对不上，未计入该表",
                span=span,
            )
        )

    # -- collecting -------------------------------------------------------------------------
    def _add(self, walk: _Walk, label: Label, printed: str, how: str, values: list[ast.Entry], where: ast.Row) -> None:
        ctx = walk.table
        assert ctx is not None
        if ctx == self.blocks_table:
            self.block_columns.setdefault(label.id, self._columns_for(ctx, label.id, walk.block_columns))
        self._place(ctx, label, printed, how, values, where)

    def _place(self, ctx: str, label: Label, printed: str, how: str, values: list[ast.Entry], where: ast.Row) -> None:
        drafts = self.drafts[ctx]
        if label.id in drafts:
            span = where.span
            name = self._name(ctx)
            self.problems.append(
                ROW_MISFIT.finding(
                    f"{name}“{label.label}”行出现了两次（第 {drafts[label.id].span.line} 行和第 {span.line} 行），只采用第一次出现的数据",
                    span=span,
                    row=f"{ctx}/{label.id}",
                )
            )
            return
        drafts[label.id] = _RowDraft(label, printed, how, [v for v in values], where)

    def _columns_for(self, ctx: str, row_id: str, printed: tuple[str, ...] | None) -> tuple[str, ...]:
        t = self.schema.table(ctx)
        block = None
        version = self.template if self.template in t.versions else self.schema.default_version().name
        for b in t.blocks_for(version):
            if row_id in b.rows:
                block = b
        if block is None:
            for b in t.blocks:
                if row_id in b.rows:
                    block = b
                    break
        template_cols = block.columns if block else ()
        if printed and len(printed) == len(template_cols) and set(printed) <= {c.id for c in t.columns}:
            return printed
        if printed and not template_cols:
            return printed
        return template_cols or (printed or ())

    # -- finishing: one finisher per layout kind (the template data names each table's) ------
    def _finish(self) -> tuple[DataTable, ...]:
        finishers = {"blocks": self._finish_blocks, "grid": self._finish_grid, "groups": self._finish_groups}
        tables = []
        for t in self.schema.tables:
            finish = finishers.get(t.layout)
            if finish is None or t.id not in self.drafts:
                continue
            done = finish(t)
            if done is not None:
                tables.append(done)
        return tuple(tables)

    def _cells_from(self, values: list[ast.Entry], cand: list[tuple[int, int, int]], columns, *, decimal_cols=(), signed_cols=()):
        cells = []
        for (ti, s, e), col in zip(cand, columns):
            entry = values[ti]
            piece = entry.piece
            if s == 0 and e == len(entry.text):
                text, raw, where = entry.text, entry.raw, piece
            else:
                sub = piece.sub(s, e)
                text, raw, where = sub.text, sub.raw, sub
            cells.append((col, type_cell(text, raw, where, signed=col in signed_cols)))
        return tuple(cells)

    def _unreadable(self, ctx: str, draft: _RowDraft, columns, n_candidates: int, reason: str | None = None) -> tuple:
        raw = " ".join(v.raw for v in draft.values)
        span = draft.values[0].span.cover(draft.values[-1].span) if draft.values else draft.span
        name = self._name(ctx)
        if reason is None:
            n = len(columns)
            spec = self.schema.table(ctx)
            ways = f"超过 {ROW_READINGS} 种" if n_candidates > ROW_READINGS and spec.sum_group() is not None else f"有 {n_candidates} 种"
            if spec.sum_group() is None and not spec.column_checks(self.template):
                # no identity of the table can choose a split (table 二)
                if n_candidates == 0:
                    reason = f"无法拆分为 {n} 个格式正确的数值"
                else:
                    reason = f"可以拆分为 {n} 个数值的方式有 {n_candidates} 种，{name}没有可用于确定拆分的勾稽关系"
            elif n_candidates == 0:
                reason = f"无法拆分为 {n} 个格式正确的数值"
            else:
                reason = f"满足模板勾稽关系的拆分方式{ways}，模板勾稽关系不能确定唯一拆分"
        self.problems.append(
            UNREADABLE_ROW.finding(
                f"{name}“{draft.label.label}”行的数字“{raw[:60]}”粘连在一起，{reason}；该行各单元格按“无法读取”处理",
                span=span,
                row=f"{ctx}/{draft.label.id}",
            )
        )
        return self._unread_cells(draft, columns)

    @staticmethod
    def _unread_cells(draft: _RowDraft, columns) -> tuple:
        raw = " ".join(v.raw for v in draft.values)
        span = draft.values[0].span.cover(draft.values[-1].span) if draft.values else draft.span
        return tuple((c, Cell(raw, "unreadable", None, None, span)) for c in columns)

    def _inconsistent(self, ctx: str, draft: _RowDraft, columns, row_ids: tuple[str, ...] | None = None) -> tuple | None:
        """Glued digits that no split makes consistent with the row identity: an error on the
        sum cell of the group that fails in the closest reading (None when no split of the
        digits is well-formed at all: that is not an identity failing)."""
        k = draft.split_args.get("sum_group")
        if k is None:
            return None
        n = len(columns)
        if not split.solve(draft.tokens, n, decimal=draft.split_args.get("decimal", False),
                           signed=draft.split_args.get("signed", ()), limit=1, keep=0).count:
            return None
        near = split.closest(draft.tokens, n, sum_group=k, decimal=draft.split_args.get("decimal", False),
                             signed=draft.split_args.get("signed", ()))
        spec = self.schema.table(ctx)
        group = near.failing[0] if near is not None and near.failing else 0
        if row_ids is None:  # one row of the table: its columns
            row, col = draft.label.id, columns[group * k + k - 1]
            subject = f"{self._name(ctx)}“{draft.label.label}”行"
        else:  # the whole table's digits: the group's row, the sum column
            row, col = row_ids[group], columns[k - 1]
            subject = self._name(ctx)
        sum_label = spec.column(col).label
        identity = _row_identity(spec, col, self.template)
        raw = " ".join(v.raw for v in draft.values)
        span = draft.values[0].span.cover(draft.values[-1].span) if draft.values else draft.span
        reading: list | None = None
        if near is not None:
            reading = [split.as_number(draft.tokens[ti][s:e]) for ti, s, e in near.reading]
            shown = "|".join(str(v) for v in reading)
            closest_text = f"最接近的读法是“{shown}”，相差 {near.difference}"
        else:
            closest_text = "拆分方式过多，未给出最接近的读法"
        if n == k:
            what = f"“{sum_label}”都不等于其余各列之和"
        else:
            what = f"总有一组的“{sum_label}”不等于同组其余各项之和"
            if near is not None:
                closest_text += f"，不成立的是{self.schema.label(f'{ctx}/{row}')}这一组"
        message = (
            f"{subject}的数字“{raw[:60]}”粘连在一起，无论如何拆分为 {n} 个数，{what}（{closest_text}）：公布的数字有误；"
            f"{'该行' if row_ids is None else '该表'}各单元格按“无法读取”处理"
        )
        self.problems.append(
            GLUED_DIGITS_INCONSISTENT.finding(
                message,
                span=span,
                cell=f"{ctx}/{row}/{col}",
                evidence=(
                    ("digits", raw),
                    ("identity", identity),
                    ("closest_reading", reading),
                    ("difference", near.difference if near is not None else None),
                ),
            )
        )
        return self._unread_cells(draft, columns)

    def _prepare(self, ctx: str, draft: _RowDraft, columns, *, decimal: bool = False, signed: tuple[str, ...] = (),
                 sum_group: int | None = None) -> None:
        tokens = [v.text.replace(" ", "") for v in draft.values]
        n = len(columns)
        if len(tokens) > n:
            # trailing blanks of a padded grid are not values
            while len(tokens) > n and not tokens[-1]:
                tokens.pop()
                draft.values.pop()
        if len(tokens) > n:
            # one cell spanning several columns (HTML colspan) is repeated by the grid: count it once
            merged = [v for i, v in enumerate(draft.values) if i == 0 or v is not draft.values[i - 1]]
            if len(merged) == n:
                draft.values = merged
                tokens = [v.text.replace(" ", "") for v in merged]
        if len(tokens) > n and all(not t for t in tokens[: len(tokens) - n]):
            # empty cells of a merged label column (spreadsheet export) before the values
            draft.values = draft.values[len(tokens) - n:]
            tokens = tokens[len(tokens) - n:]
        if len(tokens) == n:
            draft.candidates = [[(i, 0, len(draft.values[i].text)) for i in range(n)]]
            draft.count = 1
            return
        if len(tokens) > n or not draft.from_text:
            # too many cells, or too few cells in a format whose cells are delimited: the row
            # does not fit; glued digits are only a thing of flattened page text
            draft.candidates = []
            draft.glued = False
            return
        draft.glued = True
        signed_positions = tuple(i for i, c in enumerate(columns) if c in signed)
        draft.tokens = tokens
        draft.split_args = {"decimal": decimal, "signed": signed_positions, "sum_group": sum_group}
        # with a sum group, the readings are kept for the joint solve; without, only counted
        limit = ROW_READINGS + 1 if sum_group is not None else 10 ** 12
        found = split.solve(tokens, n, decimal=decimal, signed=signed_positions, sum_group=sum_group,
                            limit=limit, keep=ROW_READINGS + 1)
        draft.count = found.count
        draft.too_many = found.exhausted
        draft.candidates = [] if found.exhausted else [list(r) for r in found.readings]

    def _finish_blocks(self, t: TableSpec) -> DataTable | None:
        """A table in blocks (表二): each row has its block's columns."""
        drafts = self.drafts[t.id]
        self._align_table(t)
        if not drafts:
            return None
        rows = []
        decimal_cols = {c.id for c in t.columns if c.decimal}
        signed_cols = {c.id for c in t.columns if c.signed}
        for r in t.rows:
            draft = drafts.get(r.id)
            if draft is None:
                continue
            columns = self.block_columns.get(r.id, ())
            if align.short_row(draft.values, len(columns), draft.from_text):
                cells = self._short_row(t.id, draft, columns)
                rows.append(DataRow(r.id, draft.printed, draft.match, cells, draft.where))
                continue
            self._prepare(t.id, draft, columns, decimal=any(c in decimal_cols for c in columns), signed=tuple(signed_cols))
            cells = self._resolve(t.id, draft, columns, signed_cols=signed_cols)
            rows.append(DataRow(r.id, draft.printed, draft.match, cells, draft.where))
        return DataTable(t.id, tuple(rows))

    def _short_row(self, ctx: str, draft: _RowDraft, columns) -> tuple:
        """A row of page text one or more cells short (a column the extraction lost), in a
        table with no identity to place its numbers: one finding naming the row, no cell
        shifted into another column."""
        texts = [v.text for v in draft.values if v.text]
        self.problems.append(
            ROW_MISFIT.finding(
                f"{self._name(ctx)}“{draft.label.label}”行只有 {len(texts)} 个数值（{' '.join(texts)[:60]}），模板该行有 {len(columns)} 列："
                f"缺少的一列无法确定是哪一列，不按位置猜测；该行各单元格按“无法读取”处理",
                span=draft.span,
                row=f"{ctx}/{draft.label.id}",
            )
        )
        raw = " ".join(v.raw for v in draft.values)
        return tuple((c, Cell(raw, "unreadable", None, None, draft.span)) for c in columns)

    def _resolve(self, ctx: str, draft: _RowDraft, columns, **typing) -> tuple:
        if len(draft.candidates) == 1 and draft.count == 1 and not draft.too_many:
            return self._cells_from(draft.values, draft.candidates[0], columns, **typing)
        if not draft.glued:
            return self._overfull(ctx, draft, columns)
        if draft.joint:
            return self._unread_cells(draft, columns)  # the table's error names these rows
        reason = None
        if draft.too_many:
            reason = f"可能的拆分方式太多，检查了 {split.MAX_WORK} 步仍不能确定，未再继续"
        elif draft.count == 0:
            cells = self._inconsistent(ctx, draft, columns)
            if cells is not None:
                return cells
        return self._unreadable(ctx, draft, columns, draft.count, reason)

    def _overfull(self, ctx: str, draft: _RowDraft, columns) -> tuple:
        """The row has more or fewer cells than the template's columns: not read, reported."""
        name = self._name(ctx)
        texts = [v.text for v in draft.values]
        self.problems.append(
            ROW_MISFIT.finding(
                f"{name}“{draft.label.label}”行有 {len(texts)} 个单元格（{' '.join(t or '空白' for t in texts)[:60]}），模板该行{'只' if len(texts) > len(columns) else '应'}有 {len(columns)} 列；该行各单元格按“无法读取”处理",
                span=draft.span,
                row=f"{ctx}/{draft.label.id}",
            )
        )
        raw = " ".join(v.raw for v in draft.values)
        return tuple((c, Cell(raw, "unreadable", None, None, draft.span)) for c in columns)

    def _finish_grid(self, t: TableSpec) -> DataTable | None:
        """A grid (表三): every row has every column; glued rows are split with the row
        identity forced (``sum_group``) and chosen jointly by the column identities."""
        drafts = self.drafts[t.id]
        self._align_table(t)
        if not drafts:
            return None
        columns = tuple(c.id for c in t.columns)
        for draft in drafts.values():
            self._prepare(t.id, draft, columns, sum_group=t.sum_group())
        self._disambiguate(t, drafts)
        rows = []
        for r in t.rows:
            found = drafts.get(r.id)
            if found is None:
                continue
            draft = found
            cells = self._resolve(t.id, draft, columns)
            rows.append(DataRow(r.id, draft.printed, draft.match, cells, draft.where))
        return DataTable(t.id, tuple(rows))

    def _disambiguate(self, t: TableSpec, drafts: dict[str, _RowDraft]) -> None:
        """Keep the one combination of the ambiguous rows' readings under which the template's
        column identities hold (:func:`glued.combine`).  Rows not read (no consistent split,
        too many readings) are unknown there; when no combination holds, one error names the
        identity that fails and the rows stay unreadable."""
        ambiguous = [d for d in drafts.values() if d.glued and not d.too_many and 1 < d.count <= ROW_READINGS]
        checks = t.column_checks(self.template)
        if not ambiguous or not checks:
            return
        ncols = len(t.columns)

        def values_of(draft: _RowDraft, cand) -> list:
            out = []
            for ti, s, e in cand:
                txt = draft.values[ti].text[s:e]
                out.append(split.as_number(txt) if _NUMERIC.match(txt) else None)
            return out

        base = {
            rid: (values_of(d, d.candidates[0]) if len(d.candidates) == 1 and d.count == 1 and not d.too_many else [None] * ncols)
            for rid, d in drafts.items()
        }
        idents, sides = _column_identities(t, self.template)
        found = glued.combine(
            base, [d.label.id for d in ambiguous], [[values_of(d, c) for c in d.candidates] for d in ambiguous],
            checks, ncols, sides=sides,
        )
        if found.status == "unique" and found.choice is not None:
            for d, idx in zip(ambiguous, found.choice):
                d.candidates, d.count = [d.candidates[idx]], 1
        elif found.status == "inconsistent" and found.failing is not None and found.closest is not None:
            for d in ambiguous:
                d.joint = True
            self._joint_error(t, ambiguous, idents, found, [values_of(d, d.candidates[i]) for d, i in zip(ambiguous, found.closest)])

    def _joint_error(self, t: TableSpec, rows: list[_RowDraft], idents, found: glued.Joint, closest: list[list]) -> None:
        """No combination of the glued rows' readings satisfies the column identities."""
        assert found.failing is not None and found.row is not None
        i, c = found.failing
        col = t.columns[c]
        anchor = rows[found.row]
        name = self._name(t.id)
        ident = idents[i]
        text = ident.expr.text(lambda ref: _row_name(self.schema, t, ref))
        printed = "、".join(f"“{d.label.label}”行“{' '.join(v.raw for v in d.values)[:40]}”" for d in rows)
        if found.every:
            what = f"无论如何拆分，“{col.label}”列都不满足 {text}"
        else:
            what = f"无论如何拆分，各列的勾稽关系都不能同时成立（最接近的读法中“{col.label}”列不满足 {text}）"
        diff = "" if found.difference is None else f"，相差 {found.difference}"
        reading = "|".join(str(v) for v in closest[found.row])
        self.problems.append(
            GLUED_DIGITS_INCONSISTENT.finding(
                f"{name}{printed}的数字粘连在一起，单独拆分时都有不止一种读法，但{what}"
                f"（“{anchor.label.label}”行最接近的读法是“{reading}”{diff}）：公布的数字有误；这些行的各单元格按“无法读取”处理",
                span=anchor.values[0].span.cover(anchor.values[-1].span) if anchor.values else anchor.span,
                cell=f"{t.id}/{anchor.label.id}/{col.id}",
                evidence=(
                    ("digits", " ".join(v.raw for v in anchor.values)),
                    ("identity", f"{ident.id}:{col.id}"),
                    ("closest_reading", closest[found.row]),
                    ("difference", found.difference),
                    ("rows", [d.label.id for d in rows]),
                ),
            )
        )

    def _finish_groups(self, t: TableSpec) -> DataTable | None:
        """Groups of cells (表四): one row per group, each named by a caption or read in order."""
        if not self.appeal_rows:
            if self.groups_heads is not None:
                # the table is printed (its headings are there) but no number was read under
                # them: say so, so that "the report lacks the table" is never claimed
                item, heads = self.groups_heads
                shown = "、".join(f"“{h}”" for h in heads)
                self.problems.append(ROW_MISFIT.finding(
                    f"{self._name(t.id)}的表头（{shown}）印在第 {item.span.line} 行，但其下没有读到任何数字"
                    "（单元格可能全部空白，或版面无法识别），未能读取该表",
                    span=item.span,
                ))
            return None
        columns = tuple(c.id for c in t.columns)
        width = len(columns)
        row_ids = tuple(r.id for r in t.rows)
        span = self.appeal_rows[0][2].span.cover(self.appeal_rows[-1][2].span)
        groups = [g for g, _, _ in self.appeal_rows]
        value_rows = self.appeal_rows
        if (
            all(len([v for v in vals if v.text]) == width for _, vals, _ in value_rows)
            and len(set(groups)) == len(groups)
            and None not in groups
        ):
            # small tables each named by its group: map by name; a group that is not printed
            # stays missing (the structure rules report it)
            rows = []
            by = {g: (vals, sp) for g, vals, sp in value_rows}
            for rid in row_ids:
                if rid not in by:
                    continue
                vals, sp = by[rid]
                vals = [v for v in vals if v.text]
                cells = self._cells_from(vals, [(i, 0, len(v.text)) for i, v in enumerate(vals)], columns)
                rows.append(DataRow(rid, t.row(rid).label, "exact", cells, sp))
            return DataTable(t.id, tuple(rows))
        values: list[ast.Entry] = []
        for _, vals, _ in value_rows:
            values.extend(vals)
        n = width * len(row_ids)
        # trailing empty cells past the table's width are separators; within it they are blanks
        while len(values) > n and not values[-1].text:
            values.pop()
        if len(values) < n or any(row.line.origin == "text" for _, _, row in self.appeal_rows):
            while values and not values[-1].text:
                values.pop()
        tokens = [v.text.replace(" ", "") for v in values]
        fake = _RowDraft(t.rows[0], t.rows[0].label, "position", values, span)
        from_text = all(row.line.origin == "text" for _, _, row in self.appeal_rows)
        if len(tokens) == n:
            cands = [[(i, 0, len(values[i].text)) for i in range(n)]]
        elif len(tokens) < n and from_text:
            fake.glued, fake.tokens, fake.split_args = True, tokens, {"sum_group": t.sum_group()}
            found = split.solve(tokens, n, sum_group=t.sum_group(), limit=ROW_READINGS + 1, keep=1)
            fake.count, fake.too_many = found.count, found.exhausted
            cands = [list(found.readings[0])] if found.count == 1 and not found.exhausted else []
        else:
            cells = self._overfull(t.id, fake, columns * len(row_ids))
            rows = [DataRow(rid, t.row(rid).label, "position", cells[i * width:(i + 1) * width], span) for i, rid in enumerate(row_ids)]
            return DataTable(t.id, tuple(rows))
        rows = []
        if len(cands) == 1:
            cells = self._cells_from(values, cands[0], columns * len(row_ids))
        else:
            fake.label = Label(t.id, t.title)  # the digits of the whole table: named by its title
            got = None
            if fake.glued and fake.count == 0 and not fake.too_many:
                got = self._inconsistent(t.id, fake, columns * len(row_ids), row_ids=row_ids)
            if got is None:
                reason = f"可能的拆分方式太多，检查了 {split.MAX_WORK} 步仍不能确定，未再继续" if fake.too_many else None
                got = self._unreadable(t.id, fake, [f"{r}/{c}" for r in row_ids for c in columns], fake.count or len(cands), reason)
                got = tuple((c.split("/")[1], cell) for c, cell in got)
            cells = got
        for i, rid in enumerate(row_ids):
            chunk = cells[i * width:(i + 1) * width]
            rspan = chunk[0][1].span.cover(chunk[-1][1].span) if chunk else span
            rows.append(DataRow(rid, t.row(rid).label, "position", tuple(chunk), rspan))
        return DataTable(t.id, tuple(rows))


def _row_identity(spec: TableSpec, sum_column: str, template: str) -> str:
    """The id of the row identity whose left side is the sum column."""
    for ident in spec.identities_for(template):
        sides = ident.expr.sides
        if ident.for_each == "row" and sides is not None and isinstance(sides[0], Ref) and sides[0].name == sum_column:
            return ident.id
    return sum_column


def _column_identities(t: TableSpec, template: str) -> tuple[list, list]:
    """The column identities (in the order of ``column_checks``) and their two sides as
    functions of one column's ``{row: number}`` (for the difference shown as evidence)."""
    idents = [i for i in t.identities_for(template) if i.for_each == "column"]
    ids = [r.id for r in t.rows]

    def expand(ref: str) -> tuple[str, ...]:
        return tuple(x for x in ids if (fnmatch.fnmatchcase(x, ref) if "*" in ref else x == ref))

    sides: list = []
    for ident in idents:
        pair = ident.expr.sides
        sides.append(None if pair is None else tuple(compile_check(Expr(ident.source, p), expand) for p in pair))
    return idents, sides


def _row_name(schema: Template, t: TableSpec, ref: str) -> str:
    """A row reference of an identity, as the template names it (without the table's name)."""
    name = schema.label(f"{t.id}/{ref}")
    return name[len(t.short):] if name.startswith(t.short) else name


_PART_CUT = re.compile(r"(?<=\S)\s*(?=(?:[一二三四五六七八九十]{1,2}、|(?<!第)\([一二三四五六七八九十]{1,2}\)|\d[.、](?=\s*[\u4e00-\u9fff])))")


def _label_parts(texts: list[str]) -> list[str]:
    """Label cells, with a cell holding a group label and a row label (“(三)不予公开 1.属于…”)
    cut in two."""
    out: list[str] = []
    for t in texts:
        out.extend(p for p in _PART_CUT.split(t) if p.strip())
    return out


_LEADING_PAREN = re.compile(r"^\s*\([^()]*\)")


def _trim_printed(text: str, matcher: _Matcher) -> str:
    """The row label as printed, without a caption or header words glued before it."""
    t = text
    m = caption_pattern().search(t)
    if m and m.start() < 3:
        t = t[m.end():]
    words = matcher.printed_header_words
    changed = True
    while changed:
        changed = False
        s = t.lstrip()
        for w in words:
            if s.startswith(w) and len(s) > len(w):
                t, changed = _LEADING_PAREN.sub("", s[len(w):]), True
                break
    return t.strip() or text


def _is_header(matcher: _Matcher, labels: list[str]) -> bool:
    """Several column labels (or header words) and nothing else: a header row."""
    if len(labels) < 2:
        return False
    words = matcher.header_keys
    hits = sum(1 for t in labels if label_key(t) in words)
    return hits >= 2 and hits * 2 >= len(labels)


__all__ = ["TableBuilder", "value_like"]
