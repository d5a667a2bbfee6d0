"""Canonical table / row / column ids per template, read from ``grammars/layout/national.toml``.

The rule loader validates every id a rule names against this; the checks use it to expand
wildcards (``denied.*``) and to print Chinese labels in messages.  Read-only, cached.
"""

from __future__ import annotations

from functools import lru_cache

from attrs import evolve, frozen

from ..schema import Label, load_schema as load_layout

TEMPLATES = ("2019", "2021", "legacy")  # templates that have tables (legacy: its statistics table)
TABLE_NAMES = {"disclosure": "表二", "applications": "表三", "appeals": "表四", "legacy_stats": "统计表"}

# short display names for messages (the printed labels are long)
_ROW_DISPLAY = {
    ("applications", "new_received"): "本年新收政府信息公开申请数量",
    ("applications", "carried_in"): "上年结转政府信息公开申请数量",
    ("applications", "total"): "（七）总计",
    ("applications", "carried_out"): "结转下年度继续办理",
    ("applications", "granted"): "（一）予以公开",
    ("applications", "partially_granted"): "（二）部分公开",
    ("applications", "other"): "（六）其他处理",
}
_GROUP_PREFIX = {"denied": "（三）不予公开", "unable": "（四）无法提供", "not_processed": "（五）不予处理", "other": "（六）其他处理"}


# rows and columns are the layout's own labels (compliance.schema.Label: id, label, templates …)
Item = Label


@frozen
class TableSpec:
    id: str
    section: str
    title: str
    rows: tuple[Item, ...]
    columns: tuple[Item, ...]
    # (template, row) → allowed columns; None = every column of the template
    row_columns: dict | None = None

    def row_ids(self, template: str | None = None) -> tuple[str, ...]:
        return tuple(r.id for r in self.rows if template is None or template in r.templates)

    def column_ids(self, template: str | None = None, row: str | None = None) -> tuple[str, ...]:
        if self.row_columns is not None and row is not None:
            cols: list[str] = []
            for t in (template,) if template else TEMPLATES:
                for c in self.row_columns.get((t, row), ()):
                    if c not in cols:
                        cols.append(c)
            return tuple(c.id for c in self.columns if c.id in cols)
        return tuple(c.id for c in self.columns if template is None or template in c.templates)

    def has_cell(self, row: str, column: str, template: str) -> bool:
        return row in self.row_ids(template) and column in self.column_ids(template, row)

    def row_label(self, row: str) -> str:
        if (self.id, row) in _ROW_DISPLAY:
            return _ROW_DISPLAY[(self.id, row)]
        label = next((r.label for r in self.rows if r.id == row), row)
        if self.id == "applications" and "." in row:
            group = row.split(".", 1)[0]
            return f"{_GROUP_PREFIX.get(group, group)}·{label}"
        return label

    def column_label(self, column: str) -> str:
        return next((c.label for c in self.columns if c.id == column), column)


@frozen
class Schema:
    tables: dict

    def table(self, table_id: str) -> TableSpec | None:
        return self.tables.get(table_id)

    def cell_label(self, address: str) -> str:
        """``applications/granted/total`` → ``表三“（一）予以公开”行“总计”列``."""
        parts = address.split("/")
        if len(parts) != 3 or parts[0] not in self.tables:
            return address
        t = self.tables[parts[0]]
        row, col = parts[1], parts[2]
        if "*" in row:
            group = row.split(".", 1)[0]
            rtext = f"“{_GROUP_PREFIX[group]}”各行" if "." in row and group in _GROUP_PREFIX else "各行"
        else:
            rtext = f"“{t.row_label(row)}”行"
        ctext = "各列" if "*" in col else f"“{t.column_label(col)}”列"
        return f"{TABLE_NAMES.get(t.id, t.id)}{rtext}{ctext}"

    def matching_rows(self, table_id: str, pattern: str, template: str | None) -> tuple[str, ...]:
        t = self.tables.get(table_id)
        if t is None:
            return ()
        return tuple(r for r in t.row_ids(template) if _match(pattern, r))

    def matching_columns(self, table_id: str, pattern: str, template: str | None, row: str | None = None) -> tuple[str, ...]:
        t = self.tables.get(table_id)
        if t is None:
            return ()
        return tuple(c for c in t.column_ids(template, row) if _match(pattern, c))


def _match(pattern: str, name: str) -> bool:
    if "*" not in pattern:
        return pattern == name
    import fnmatch

    return fnmatch.fnmatchcase(name, pattern)


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """The rule-facing view of the template layout (one source: compliance.schema)."""
    tables: dict[str, TableSpec] = {}
    for t in load_layout().tables:
        cols, rows = t.columns, t.rows
        row_columns = None
        if t.blocks:
            row_columns = {}
            for b in t.blocks:
                for tpl in b.templates:
                    for rid in b.rows:
                        row_columns.setdefault((tpl, rid), [])
                        for c in b.columns:
                            if c not in row_columns[(tpl, rid)]:
                                row_columns[(tpl, rid)].append(c)
            # a row's templates are where a block carries it
            rows = tuple(
                evolve(r, templates=tuple(tp for tp in r.templates if (tp, r.id) in row_columns)) for r in rows
            )
        tables[t.id] = TableSpec(t.id, t.section, t.title, rows, cols, row_columns)
    return Schema(tables)
