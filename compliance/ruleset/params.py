"""The fixed set of rule kinds: for each, the ``[params]`` it accepts, validated and compiled
at load time (so nothing fails later during a check), and the message placeholders it fills.

The checks themselves live in ``compliance/checks/``; this module is data validation only.
An error is a :class:`ParamError` carrying the key path (``("params", "claims", 2, "pattern")``)
so the loader can name the line of the rule file.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from attrs import frozen

from ..expr import Expr, ExprError, Ref, parse_expr
from ..template import Template

SECTIONS = ("一", "二", "三", "四", "五", "六")


class ParamError(ValueError):
    def __init__(self, path: Sequence[Any], message: str) -> None:
        super().__init__(message)
        self.path = tuple(path)
        self.message = message


@frozen
class CompileContext:
    templates: tuple[str, ...]  # the rule set's templates
    schema: Template

    @property
    def table_templates(self) -> tuple[str, ...]:
        return tuple(t for t in self.templates if t in self.schema.version_names)


# --------------------------------------------------------------------------------------------
# small typed readers


class Params:
    def __init__(self, data: Any, path: tuple = ("params",)) -> None:
        if not isinstance(data, dict):
            raise ParamError(path, "应为表（键值对）")
        self.data = data
        self.path = path
        self.used: set[str] = set()

    def _get(self, key: str, required: bool, default: Any) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required:
                raise ParamError(self.path, f"缺少参数 {key}")
            return default
        return self.data[key]

    def str(self, key: str, *, required: bool = False, default: str | None = None, choices: Sequence[str] | None = None) -> Any:
        v = self._get(key, required, default)
        if v is default and key not in self.data:
            return v
        if not isinstance(v, str):
            raise ParamError(self.path + (key,), f"参数 {key} 应为字符串")
        if choices is not None and v not in choices:
            raise ParamError(self.path + (key,), f"参数 {key} 的值 {v!r} 无效，可选：{', '.join(choices)}")
        return v

    def int(self, key: str, *, required: bool = False, default: int | None = None) -> Any:
        v = self._get(key, required, default)
        if key not in self.data:
            return v
        if not isinstance(v, int) or isinstance(v, bool):
            raise ParamError(self.path + (key,), f"参数 {key} 应为整数")
        return v

    def number(self, key: str, *, default: float = 0) -> Any:
        v = self._get(key, False, default)
        if key not in self.data:
            return v
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0:
            raise ParamError(self.path + (key,), f"参数 {key} 应为非负数")
        return v

    def bool(self, key: str, *, default: bool = False) -> bool:
        v = self._get(key, False, default)
        if not isinstance(v, bool):
            raise ParamError(self.path + (key,), f"参数 {key} 应为 true 或 false")
        return v

    def str_list(self, key: str, *, required: bool = False, default: Sequence[str] = (), choices: Sequence[str] | None = None, nonempty: bool = False) -> tuple[str, ...]:
        v = self._get(key, required, None)
        if v is None:
            return tuple(default)
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ParamError(self.path + (key,), f"参数 {key} 应为字符串列表")
        if nonempty and not v:
            raise ParamError(self.path + (key,), f"参数 {key} 不能为空")
        if choices is not None:
            for i, x in enumerate(v):
                if x not in choices:
                    raise ParamError(self.path + (key, i), f"参数 {key} 中的 {x!r} 无效，可选：{', '.join(choices)}")
        return tuple(v)

    def regex_list(self, key: str, *, required: bool = False, groups: Sequence[str] = (), nonempty: bool = False) -> tuple[re.Pattern, ...]:
        out = []
        for i, src in enumerate(self.str_list(key, required=required, nonempty=nonempty)):
            out.append(compile_regex(src, self.path + (key, i), groups))
        return tuple(out)

    def tables(self, key: str, *, required: bool = False) -> list["Params"]:
        v = self._get(key, required, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise ParamError(self.path + (key,), f"参数 {key} 应为表的数组（[[params.{key}]]）")
        if required and not v:
            raise ParamError(self.path + (key,), f"参数 {key} 不能为空")
        return [Params(x, self.path + (key, i)) for i, x in enumerate(v)]

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise ParamError(self.path + (unknown[0],), f"未知参数 {unknown[0]}")


def compile_regex(src: str, path: tuple, groups: Sequence[str] = ()) -> re.Pattern:
    try:
        rx = re.compile(src)
    except re.error as e:
        raise ParamError(path, f"正则表达式无效：{e}") from None
    for g in groups:
        if g not in rx.groupindex:
            raise ParamError(path, f"正则表达式缺少命名分组 (?P<{g}>…)")
    return rx


def compile_expr(src: Any, path: tuple) -> Expr:
    if not isinstance(src, str):
        raise ParamError(path, "表达式应为字符串")
    try:
        return parse_expr(src)
    except ExprError as e:
        raise ParamError(path, f"表达式 {src!r} 无效：{e.message}") from None


# --------------------------------------------------------------------------------------------
# id validation


def check_table(ctx: CompileContext, table: str, path: tuple) -> None:
    if ctx.schema.get(table) is None:
        raise ParamError(path, f"未知的表格编号 {table!r}，可选：{', '.join(sorted(t.id for t in ctx.schema.tables))}")
    if not ctx.table_templates:
        raise ParamError(path, f"规则集格式 {', '.join(ctx.templates)} 没有表格，不能使用表格规则")


def check_rows(ctx: CompileContext, table: str, rows: Sequence[str], path: tuple) -> None:
    for i, r in enumerate(rows):
        for t in ctx.table_templates:
            if not ctx.schema.matching_rows(table, r, t):
                raise ParamError(path + (i,), f"表格 {table} 在 {t} 格式中没有行 {r!r}")


def check_columns(ctx: CompileContext, table: str, cols: Sequence[str], path: tuple) -> None:
    for i, c in enumerate(cols):
        for t in ctx.table_templates:
            if not ctx.schema.matching_columns(table, c, t):
                raise ParamError(path + (i,), f"表格 {table} 在 {t} 格式中没有列 {c!r}")


def check_address(ctx: CompileContext, address: str, path: tuple, *, wildcard: bool) -> None:
    parts = address.split("/")
    if len(parts) != 3:
        raise ParamError(path, f"单元格地址 {address!r} 应为 表/行/列，例如 applications/new_received/total")
    table, row, col = parts
    if "*" in table:
        raise ParamError(path, f"单元格地址 {address!r} 的表格编号不能含通配符")
    if not wildcard and ("*" in row or "*" in col):
        raise ParamError(path, f"单元格地址 {address!r} 含通配符，只能写在 sum(…) 中")
    check_table(ctx, table, path)
    for t in ctx.table_templates:
        rows = ctx.schema.matching_rows(table, row, t)
        if not rows:
            raise ParamError(path, f"单元格地址 {address!r}：表格 {table} 在 {t} 格式中没有行 {row!r}")
        if not any(ctx.schema.matching_columns(table, col, t, r) for r in rows):
            raise ParamError(path, f"单元格地址 {address!r}：表格 {table} 在 {t} 格式中没有列 {col!r}")


def check_expr_refs(ctx: CompileContext, expr: Expr, path: tuple, *, table: str | None, mode: str) -> None:
    """mode: ``column`` (refs are row ids), ``row`` (refs are column ids), ``cell`` (addresses)."""
    for ref in expr.ref_nodes():
        name = ref.name
        if "*" in name and not ref.summed:
            raise ParamError(path, f"表达式中的通配引用 {name!r} 只能写在 sum(…) 中")
        if "/" in name or mode == "cell":
            check_address(ctx, name, path, wildcard=ref.summed)
            continue
        assert table is not None
        if mode == "column":
            for t in ctx.table_templates:
                if not ctx.schema.matching_rows(table, name, t):
                    raise ParamError(path, f"表达式引用了未知的行 {name!r}（表格 {table}，{t} 格式）")
        else:
            for t in ctx.table_templates:
                if not ctx.schema.matching_columns(table, name, t):
                    raise ParamError(path, f"表达式引用了未知的列 {name!r}（表格 {table}，{t} 格式）")


# --------------------------------------------------------------------------------------------
# kinds


@frozen
class KindSpec:
    name: str
    compile: Callable[[Params, CompileContext], Any]
    placeholders: frozenset[str]
    uses_tables: bool  # runs only when the report's template is one of the set's
    summary: str


KINDS: dict[str, KindSpec] = {}


def kind(name: str, placeholders: Sequence[str], *, uses_tables: bool, summary: str):
    def deco(fn: Callable[[Params, CompileContext], Any]):
        KINDS[name] = KindSpec(name, fn, frozenset(placeholders), uses_tables, summary)
        return fn

    return deco


def _scope(p: Params) -> tuple[str, ...]:
    """``sections``: section numbers, or ``all`` (the preamble and every section)."""
    secs = p.str_list("sections", default=("all",))
    for i, s in enumerate(secs):
        if s not in SECTIONS and s not in ("all", "preamble"):
            raise ParamError(p.path + ("sections", i), f"章节 {s!r} 无效，应为 一…六、preamble 或 all")
    return secs


# ---- required_section


@frozen
class RequiredSection:
    sections: tuple[str, ...]
    check: str


@kind("required_section", ["section", "title", "printed", "expected_number", "problem"], uses_tables=False,
      summary="模板规定的章节（一至六）必须齐全；或章节序号与顺序须与模板一致")
def _required_section(p: Params, ctx: CompileContext) -> RequiredSection:
    secs = p.str_list("sections", default=SECTIONS, choices=SECTIONS)
    check = p.str("check", default="presence", choices=("presence", "numbering"))
    p.finish()
    return RequiredSection(secs, check)


# ---- required_table


@frozen
class RequiredTable:
    table: str
    rows: tuple[str, ...] | None  # None: every row of the report's template


@kind("required_table", ["table", "table_title", "missing", "count"], uses_tables=True,
      summary="模板规定的表格及其全部行、单元格必须存在")
def _required_table(p: Params, ctx: CompileContext) -> RequiredTable:
    table = p.str("table", required=True)
    check_table(ctx, table, p.path + ("table",))
    rows = p.str_list("rows") or None
    if rows:
        check_rows(ctx, table, rows, p.path + ("rows",))
    p.finish()
    return RequiredTable(table, rows)


# ---- row_labels


@frozen
class RowLabels:
    tables: tuple[str, ...]


@kind("row_labels", ["table", "row", "printed", "expected"], uses_tables=True,
      summary="表格的行标题须与模板文字一致")
def _row_labels(p: Params, ctx: CompileContext) -> RowLabels:
    tables = p.str_list("tables", required=True, nonempty=True)
    for i, t in enumerate(tables):
        check_table(ctx, t, p.path + ("tables", i))
    p.finish()
    return RowLabels(tuple(tables))


# ---- cell_values


@frozen
class CellValues:
    tables: tuple[str, ...]
    check: str  # filled | domain
    decimal_columns: tuple[str, ...]
    signed_columns: tuple[str, ...]


@kind("cell_values", ["table", "row", "cell", "cells", "count", "raw", "problem"], uses_tables=True,
      summary="表格单元格须填写数字（filled），且为合规的数值：非负整数，金额可含小数，增减可为负（domain）")
def _cell_values(p: Params, ctx: CompileContext) -> CellValues:
    tables = p.str_list("tables", required=True, nonempty=True)
    for i, t in enumerate(tables):
        check_table(ctx, t, p.path + ("tables", i))
    check = p.str("check", required=True, choices=("filled", "domain"))
    dec = p.str_list("decimal_columns")
    sig = p.str_list("signed_columns")
    for key, cols in (("decimal_columns", dec), ("signed_columns", sig)):
        for i, c in enumerate(cols):
            if not any(ctx.schema.matching_columns(t, c, None) for t in tables):
                raise ParamError(p.path + (key, i), f"表格 {', '.join(tables)} 没有列 {c!r}")
    p.finish()
    return CellValues(tables, check, dec, sig)


# ---- table_identity


@frozen
class TableIdentity:
    table: str
    for_each: str  # column | row | none
    only: tuple[str, ...] | None  # the rows (for_each=row) or columns (for_each=column) to check
    identity: Expr
    at: str
    tolerance: float


@kind("table_identity", ["table", "where", "lhs_text", "rhs_text", "lhs", "rhs", "diff"], uses_tables=True,
      summary="表内勾稽关系：对每一列（或每一行）核对一个等式")
def _table_identity(p: Params, ctx: CompileContext) -> TableIdentity:
    table = p.str("table", required=True)
    check_table(ctx, table, p.path + ("table",))
    for_each = p.str("for_each", required=True, choices=("column", "row"))
    ident = compile_expr(p._get("identity", True, None), p.path + ("identity",))
    if ident.sides is None:
        raise ParamError(p.path + ("identity",), "identity 应为一个比较式，例如 a + b == c")
    check_expr_refs(ctx, ident, p.path + ("identity",), table=table, mode=for_each)
    key = "columns" if for_each == "column" else "rows"
    only = p.str_list(key) or None
    if only:
        (check_columns if for_each == "column" else check_rows)(ctx, table, only, p.path + (key,))
    refs = [r for r in ident.ref_nodes() if not r.summed and "/" not in r.name]
    default_at = next((r.name for r in ident.ref_nodes() if r in refs and r in _side_refs(ident, 1)), refs[0].name if refs else "")
    at = p.str("at", default=default_at)
    if at not in [r.name for r in refs]:
        raise ParamError(p.path + ("at",), f"at = {at!r} 应为等式中直接引用的一个行/列编号")
    tol = p.number("tolerance", default=0)
    p.finish()
    return TableIdentity(table, for_each, only, ident, at, tol)


def _side_refs(expr: Expr, side: int) -> list[Ref]:
    from ..expr import _walk

    sides = expr.sides
    if not sides:
        return []
    return [n for n in _walk(sides[side]) if isinstance(n, Ref)]


# ---- zero_implication


@frozen
class ZeroCase:
    when_text: tuple[re.Pattern, ...]
    then_zero: tuple[str, ...]
    when_zero: Expr | None
    then_no_text: tuple[re.Pattern, ...]


@frozen
class ZeroImplication:
    sections: tuple[str, ...]
    cases: tuple[ZeroCase, ...]


@kind("zero_implication", ["quote", "cell", "value", "stated", "condition"], uses_tables=True,
      summary="零值一致：文字称“未发生/未收到”时相应表格数须为 0；表格为 0 时文字不得称有相应数量")
def _zero_implication(p: Params, ctx: CompileContext) -> ZeroImplication:
    secs = _scope(p)
    cases = []
    for c in p.tables("cases", required=True):
        when_text = c.regex_list("when_text")
        then_zero = c.str_list("then_zero")
        when_zero_src = c._get("when_zero", False, None)
        then_no_text = c.regex_list("then_no_text", groups=("n",))
        if when_text and then_zero and when_zero_src is None and not then_no_text:
            for i, a in enumerate(then_zero):
                check_address(ctx, a, c.path + ("then_zero", i), wildcard=True)
            cases.append(ZeroCase(when_text, then_zero, None, ()))
        elif when_zero_src is not None and then_no_text and not when_text and not then_zero:
            wz = compile_expr(when_zero_src, c.path + ("when_zero",))
            if wz.is_comparison:
                raise ParamError(c.path + ("when_zero",), "when_zero 应为一个求和式（其值为 0 时触发），不是比较式")
            check_expr_refs(ctx, wz, c.path + ("when_zero",), table=None, mode="cell")
            cases.append(ZeroCase((), (), wz, then_no_text))
        else:
            raise ParamError(c.path, "每个 case 须为 when_text + then_zero，或 when_zero + then_no_text")
        c.finish()
    p.finish()
    return ZeroImplication(secs, tuple(cases))


# ---- narrative_agreement


@frozen
class Claim:
    pattern: re.Pattern
    label: str
    values: tuple[Expr, ...]  # alternatives: the claim agrees when it equals any one
    percent_of: Expr | None


@frozen
class NarrativeAgreement:
    sections: tuple[str, ...]
    claims: tuple[Claim, ...]
    percent_tolerance: float | None  # None: half a unit of the last printed decimal


@kind("narrative_agreement", ["quote", "label", "stated", "expected", "cells", "diff"], uses_tables=True,
      summary="正文中的数字（件数、百分比）须与表格一致")
def _narrative_agreement(p: Params, ctx: CompileContext) -> NarrativeAgreement:
    secs = _scope(p)
    claims = []
    for c in p.tables("claims", required=True):
        label = c.str("label", required=True)
        pct_src = c._get("percent_of", False, None)
        groups = ("pct",) if pct_src is not None else ("n",)  # a percent claim may also have n
        pattern = compile_regex(c.str("pattern", required=True), c.path + ("pattern",), groups)
        raw = c._get("value", True, None)
        alts = raw if isinstance(raw, list) else [raw]
        if not alts:
            raise ParamError(c.path + ("value",), "value 不能为空")
        values = []
        for i, src in enumerate(alts):
            e = compile_expr(src, c.path + ("value",) + ((i,) if isinstance(raw, list) else ()))
            if e.is_comparison:
                raise ParamError(c.path + ("value",), "value 应为求和式，不是比较式")
            check_expr_refs(ctx, e, c.path + ("value",), table=None, mode="cell")
            values.append(e)
        percent_of = None
        if pct_src is not None:
            percent_of = compile_expr(pct_src, c.path + ("percent_of",))
            check_expr_refs(ctx, percent_of, c.path + ("percent_of",), table=None, mode="cell")
        c.finish()
        claims.append(Claim(pattern, label, tuple(values), percent_of))
    tol = p._get("percent_tolerance", False, None)
    p.used.add("percent_tolerance")
    if tol is not None and (not isinstance(tol, (int, float)) or isinstance(tol, bool) or tol < 0):
        raise ParamError(p.path + ("percent_tolerance",), "percent_tolerance 应为非负数")
    p.finish()
    return NarrativeAgreement(secs, tuple(claims), tol)


# ---- narrative_arithmetic


@frozen
class NarrativeArithmetic:
    sections: tuple[str, ...]
    check: str  # parts_sum | part_percent | ratio
    units: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    near_miss: float


@kind("narrative_arithmetic", ["quote", "total", "parts", "sum", "diff", "n", "pct", "expected_pct", "a", "b"], uses_tables=False,
      summary="正文内部的算术：分项之和等于所述总数、所述百分比与数字相符、所述比率与数字相符")
def _narrative_arithmetic(p: Params, ctx: CompileContext) -> NarrativeArithmetic:
    secs = _scope(p)
    check = p.str("check", required=True, choices=("parts_sum", "part_percent", "ratio"))
    units = p.str_list("units", default=("件", "条"))
    patterns = p.regex_list("patterns", groups=("a", "b", "pct") if check == "ratio" else ())
    if check == "ratio" and not patterns:
        raise ParamError(p.path + ("patterns",), "check = \"ratio\" 需要 patterns（含 a、b、pct 命名分组）")
    near = p.number("near_miss", default=0.97)
    if near > 1:
        raise ParamError(p.path + ("near_miss",), "near_miss 应在 0 与 1 之间")
    p.finish()
    return NarrativeArithmetic(secs, check, units, patterns, float(near))


# ---- required_statement


@frozen
class StatementGroup:
    label: str
    any_of: tuple[re.Pattern, ...]


@frozen
class RequiredStatement:
    sections: tuple[str, ...]
    groups: tuple[StatementGroup, ...]
    none_of: tuple[re.Pattern, ...]
    when: Expr | None
    issuer_kinds: tuple[str, ...]
    min_chars: int


@kind("required_statement", ["section", "title", "missing", "quote", "chars"], uses_tables=False,
      summary="某一章节须包含（或不得包含）特定表述；可附加条件（表格数值、机关类型）")
def _required_statement(p: Params, ctx: CompileContext) -> RequiredStatement:
    from .model import ISSUER_KINDS

    secs = _scope(p)
    groups = []
    any_of = p.regex_list("any_of")
    label = p.str("label", default="")
    if any_of:
        groups.append(StatementGroup(label, any_of))
    for g in p.tables("groups"):
        groups.append(StatementGroup(g.str("label", required=True), g.regex_list("any_of", required=True, nonempty=True)))
        g.finish()
    none_of = p.regex_list("none_of")
    min_chars = p.int("min_chars", default=0)
    if not groups and not none_of and not min_chars:
        raise ParamError(p.path, "required_statement 需要 any_of、groups、none_of 或 min_chars 之一")
    when = None
    if "when" in p.data:
        when = compile_expr(p._get("when", True, None), p.path + ("when",))
        if not when.is_comparison:
            raise ParamError(p.path + ("when",), "when 应为比较式，例如 applications/other.overdue_fee/total > 0")
        check_expr_refs(ctx, when, p.path + ("when",), table=None, mode="cell")
    kinds = p.str_list("issuer_kinds", choices=ISSUER_KINDS)
    p.finish()
    return RequiredStatement(secs, tuple(groups), none_of, when, kinds, min_chars)


# ---- template_year


@frozen
class TemplateYear:
    templates: tuple[str, ...]
    expected: str


@kind("template_year", ["year", "template", "expected"], uses_tables=False,
      summary="报告年度与所用格式相符（按年度应使用的格式，见规则的 years 字段）")
def _template_year(p: Params, ctx: CompileContext) -> TemplateYear:
    tpls = p.str_list("templates", required=True, choices=("2019", "2021", "legacy"), nonempty=True)
    expected = p.str("expected", required=True)
    p.finish()
    return TemplateYear(tpls, expected)


# ---- required_metadata


@frozen
class RequiredMetadata:
    field: str
    check: str = "present"


@kind("required_metadata", ["field", "quote", "stated", "year", "where"], uses_tables=False, summary="报告的年度、机关名称等基本信息须可识别且前后一致")
def _required_metadata(p: Params, ctx: CompileContext) -> RequiredMetadata:
    f = p.str("field", required=True, choices=("year", "agency"))
    check = p.str("check", default="present", choices=("present", "agreement"))
    if check == "agreement" and f != "year":
        raise ParamError(p.path + ("check",), "check = \"agreement\" 只用于 field = \"year\"")
    p.finish()
    return RequiredMetadata(f, check)


# ---- deadline


@frozen
class Due:
    issuer_kind: str
    month: int
    day: int
    from_year: int | None
    until_year: int | None
    basis: str


@frozen
class Deadline:
    due: tuple[Due, ...]
    inclusive: bool
    year_offset: int


@kind("deadline", ["published_on", "deadline", "issuer_kind", "year", "days", "basis_text"], uses_tables=False,
      summary="公布日期不晚于期限（需要 --published-on 与 --issuer-kind）")
def _deadline(p: Params, ctx: CompileContext) -> Deadline:
    import datetime

    from .model import ISSUER_KINDS

    dues = []
    for d in p.tables("due", required=True):
        kind_ = d.str("issuer_kind", required=True, choices=ISSUER_KINDS)
        month = d.int("month", required=True)
        day = d.int("day", required=True)
        try:
            datetime.date(2000, month, day)
        except ValueError:
            raise ParamError(d.path + ("month",), f"日期 {month}月{day}日 无效") from None
        dues.append(Due(kind_, month, day, d.int("from_year"), d.int("until_year"), d.str("basis", default="")))
        d.finish()
    inclusive = p.bool("inclusive", default=True)
    offset = p.int("year_offset", default=1)
    p.finish()
    return Deadline(tuple(dues), inclusive, offset)
