"""The one registry of rule kinds (:data:`KINDS`).  Each kind is declared once, here, as a
:class:`Kind`: its ``[params]`` (as :class:`Param` data: name, type, required/default, meaning),
the compiler that validates them at load time into typed params (so nothing fails later during
a check), the message placeholders it fills (with their meaning), its summary and notes.  Its
check function lives in ``compliance/checks/`` and is attached there with :func:`implements`:
the rule loader (this layer) needs only the declarations, the engine (above ``checks``) runs
``KINDS[kind].check``.  ``docs/rule-kinds.md`` is generated from this registry
(``python -m compliance.devtools gen-docs``).

A compiler reads its params only through :class:`Params`, which reads each key by its
declaration (type, required, default, choices): the declaration is the contract, and reading
an undeclared key is a programming error.  A user error is a :class:`ParamError` carrying the
key path (``("params", "claims", 2, "pattern")``) so the loader can name the line of the rule file.
"""

from __future__ import annotations

import builtins

import re
from typing import Any, Callable, Iterable, Mapping, Sequence

from attrs import define, field, frozen, setters

from ..expr import Expr, ExprError, Ref, parse_expr
from ..template import Template
from .model import ISSUER_KINDS

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
# parameter declarations

# the value types of a parameter, with their wording in docs/rule-kinds.md
PARAM_TYPES = {
    "string": "字符串",
    "strings": "字符串列表",
    "regex": "正则表达式",
    "regexes": "正则表达式列表",
    "integer": "整数",
    "number": "非负数",
    "boolean": "`true` / `false`",
    "expression": "表达式",
    "expressions": "表达式，或表达式的列表",
    "tables": "表的数组",
}


@frozen
class Param:
    """One key of a kind's ``[params]`` (or of each ``[[params.NAME]]`` table, see ``fields``)."""

    name: str
    type: str = field()  # a key of PARAM_TYPES
    meaning: str
    required: bool = False
    default: Any = None  # the value when absent (None: no value)
    default_text: str | None = None  # the doc's wording of a default that is not a literal
    choices: tuple[str, ...] | None = None  # string / strings: the allowed values
    nonempty: bool = False  # strings / regexes: an empty list is an error
    fields: tuple["Param", ...] = ()  # tables: the keys of each table

    @type.validator
    def _known_type(self, _attribute: Any, value: str) -> None:
        if value not in PARAM_TYPES:
            raise ValueError(f"unknown parameter type {value!r}")


class Params:
    """The ``[params]`` table of one rule (or one ``[[params.NAME]]`` table), read by declared
    :class:`Param` s: each reader takes required/default/choices from the declaration and
    fails (``LookupError``, a bug in the kind) for an undeclared key or another type."""

    def __init__(self, data: Any, path: tuple = ("params",), spec: Sequence[Param] = ()) -> None:
        if not isinstance(data, dict):
            raise ParamError(path, "应为表（键值对）")
        self.data = data
        self.path = path
        self.spec = {d.name: d for d in spec}
        self.used: set[str] = set()

    def _decl(self, key: str, *types: str) -> Param:
        d = self.spec.get(key)
        if d is None:
            raise LookupError(f"parameter {key!r} is not declared (at {'.'.join(map(str, self.path))})")
        if d.type not in types:
            raise LookupError(f"parameter {key!r} is declared as {d.type}, read as {'/'.join(types)}")
        return d

    def _get(self, d: Param) -> Any:
        self.used.add(d.name)
        if d.name not in self.data:
            if d.required:
                raise ParamError(self.path, f"缺少参数 {d.name}")
            return d.default
        return self.data[d.name]

    def str(self, key: str) -> Any:
        d = self._decl(key, "string")
        v = self._get(d)
        if key not in self.data:
            return v
        if not isinstance(v, str):
            raise ParamError(self.path + (key,), f"参数 {key} 应为字符串")
        if d.choices is not None and v not in d.choices:
            raise ParamError(self.path + (key,), f"参数 {key} 的值 {v!r} 无效，可选：{', '.join(d.choices)}")
        return v

    def int(self, key: builtins.str) -> Any:
        v = self._get(self._decl(key, "integer"))
        if key not in self.data:
            return v
        if not isinstance(v, int) or isinstance(v, bool):
            raise ParamError(self.path + (key,), f"参数 {key} 应为整数")
        return v

    def number(self, key: builtins.str) -> Any:
        v = self._get(self._decl(key, "number"))
        if key not in self.data:
            return v
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0:
            raise ParamError(self.path + (key,), f"参数 {key} 应为非负数")
        return v

    def bool(self, key: builtins.str) -> builtins.bool:
        v = self._get(self._decl(key, "boolean"))
        if not isinstance(v, bool):
            raise ParamError(self.path + (key,), f"参数 {key} 应为 true 或 false")
        return v

    def _strings(self, d: Param) -> tuple[builtins.str, ...]:
        key = d.name
        v = self._get(d)
        if key not in self.data:
            return tuple(v or ())
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ParamError(self.path + (key,), f"参数 {key} 应为字符串列表")
        if d.nonempty and not v:
            raise ParamError(self.path + (key,), f"参数 {key} 不能为空")
        if d.choices is not None:
            for i, x in enumerate(v):
                if x not in d.choices:
                    raise ParamError(self.path + (key, i), f"参数 {key} 中的 {x!r} 无效，可选：{', '.join(d.choices)}")
        return tuple(v)

    def str_list(self, key: builtins.str) -> tuple[builtins.str, ...]:
        return self._strings(self._decl(key, "strings"))

    def regex_list(self, key: builtins.str, *, groups: Sequence[builtins.str] = ()) -> tuple[re.Pattern, ...]:
        """``groups``: the named groups each pattern must have (they may depend on other params)."""
        d = self._decl(key, "regexes")
        return tuple(compile_regex(src, self.path + (key, i), groups) for i, src in enumerate(self._strings(d)))

    def regex(self, key: builtins.str, *, groups: Sequence[builtins.str] = ()) -> re.Pattern | None:
        d = self._decl(key, "regex")
        v = self._get(d)
        if key not in self.data:
            return None
        if not isinstance(v, str):
            raise ParamError(self.path + (key,), f"参数 {key} 应为字符串")
        return compile_regex(v, self.path + (key,), groups)

    def expr(self, key: builtins.str) -> Expr | None:
        v = self._get(self._decl(key, "expression"))
        if key not in self.data:
            return None
        return compile_expr(v, self.path + (key,))

    def exprs(self, key: builtins.str) -> tuple[Expr, ...]:
        """One expression, or a list of them (alternatives)."""
        raw = self._get(self._decl(key, "expressions"))
        if key not in self.data:
            return ()
        alts = raw if isinstance(raw, list) else [raw]
        if not alts:
            raise ParamError(self.path + (key,), f"{key} 不能为空")
        return tuple(compile_expr(src, self.path + (key,) + ((i,) if isinstance(raw, list) else ())) for i, src in enumerate(alts))

    def tables(self, key: builtins.str) -> list["Params"]:
        d = self._decl(key, "tables")
        v = self._get(d)
        if key not in self.data:
            v = []
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise ParamError(self.path + (key,), f"参数 {key} 应为表的数组（[[params.{key}]]）")
        if d.required and not v:
            raise ParamError(self.path + (key,), f"参数 {key} 不能为空")
        return [Params(x, self.path + (key, i), d.fields) for i, x in enumerate(v)]

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


@define(eq=False, on_setattr=setters.frozen)
class Kind:
    """A rule kind: everything about it but the check function's body (``compliance/checks/``)."""

    name: str
    summary: str
    uses_tables: bool  # runs only when the report's template is one of the set's
    params: tuple[Param, ...]
    placeholders: Mapping[str, str]  # message placeholder → what the check fills in
    compiler: Callable[[Params, CompileContext], Any]
    notes: str = ""  # prose for docs/rule-kinds.md
    # what a check sees: "report" (one report, compliance.checks.Context); "previous" (the report
    # and the same agency's report of the year before), "children" (the report and its lower
    # bodies' reports), "batch" (every report of the run): compliance.series runs those
    scope: str = "report"
    _check: Callable[..., Iterable] | None = field(default=None, on_setattr=setters.NO_OP)

    def compile(self, p: Params, ctx: CompileContext) -> Any:
        """Validate and compile a rule's ``[params]`` (raises :class:`ParamError`)."""
        return self.compiler(Params(p.data, p.path, self.params), ctx)

    @property
    def check(self) -> Callable[..., Iterable]:
        """The check function ``(rule, ctx) -> findings``, attached by ``compliance.checks``."""
        if self._check is None:
            raise LookupError(f"rule kind {self.name} has no check function (is compliance.checks imported?)")
        return self._check

    @property
    def has_check(self) -> bool:
        return self._check is not None

    def attach(self, fn: Callable[..., Iterable]) -> None:
        old = self._check
        if old is not None and (old.__module__, old.__qualname__) != (fn.__module__, fn.__qualname__):
            raise ValueError(f"rule kind {self.name} already has the check {old.__module__}.{old.__qualname__}")
        self._check = fn


KINDS: dict[str, Kind] = {}
SCOPES = ("report", "previous", "children", "batch")


def kind(
    name: str,
    *,
    summary: str,
    uses_tables: bool,
    params: Sequence[Param],
    placeholders: Mapping[str, str],
    notes: str = "",
    scope: str = "report",
) -> Callable[[Callable[[Params, CompileContext], Any]], Callable[[Params, CompileContext], Any]]:
    """Declare a kind; decorates its params compiler."""

    def deco(fn: Callable[[Params, CompileContext], Any]) -> Callable[[Params, CompileContext], Any]:
        if name in KINDS:
            raise ValueError(f"rule kind {name} declared twice")
        if scope not in SCOPES:
            raise ValueError(f"rule kind {name}: unknown scope {scope!r}")
        KINDS[name] = Kind(name, summary, uses_tables, tuple(params), dict(placeholders), fn, notes.strip(), scope=scope)
        return fn

    return deco


def implements(name: str) -> Callable[[Callable[..., Iterable]], Callable[..., Iterable]]:
    """Attach the decorated function as the check of the declared kind ``name`` (used in
    ``compliance/checks/``, the layer above this one)."""

    def deco(fn: Callable[..., Iterable]) -> Callable[..., Iterable]:
        if name not in KINDS:
            raise LookupError(f"no rule kind {name} is declared in compliance.ruleset.params")
        KINDS[name].attach(fn)
        return fn

    return deco


SCOPE = Param(
    "sections", "strings", "检查的正文范围：`all`（导语与全部章节）、`preamble`（导语）或章节序号一至六",
    default=("all",),
)


def _scope(p: Params) -> tuple[str, ...]:
    """``sections``: section numbers, or ``all`` (the preamble and every section)."""
    secs = p.str_list("sections")
    for i, s in enumerate(secs):
        if s not in SECTIONS and s not in ("all", "preamble"):
            raise ParamError(p.path + ("sections", i), f"章节 {s!r} 无效，应为 一…六、preamble 或 all")
    return secs


TABLE = "表格编号，如 `applications`（见 `rules/templates/national.toml`）"
QUOTE = "正文中匹配的原文（过长时截断）"


# ---- required_section


@frozen
class RequiredSection:
    sections: tuple[str, ...]
    check: str


@kind(
    "required_section",
    summary="模板规定的章节（一至六）必须齐全；或章节序号与顺序须与模板一致",
    uses_tables=False,
    params=[
        Param("sections", "strings", "要求（或核对序号）的章节", default=SECTIONS, default_text="一至六", choices=SECTIONS),
        Param("check", "string", "`presence`：章节须存在；`numbering`：印出的序号须与模板一致，不得重复，顺序不得颠倒",
              default="presence", choices=("presence", "numbering")),
    ],
    placeholders={
        "section": "章节序号，如“六”",
        "title": "章节标题（印出的标题；缺失的章节为模板标题）",
        "printed": "`numbering`：印出的序号",
        "expected_number": "`numbering`：按模板应为的序号",
        "problem": "`numbering`：问题，如“重复出现”“的序号印为“七”，按模板应为“六””",
    },
    notes="缺少的章节定位在它应出现的位置（下一个存在的章节，否则上一个）。",
)
def _required_section(p: Params, ctx: CompileContext) -> RequiredSection:
    secs = p.str_list("sections")
    check = p.str("check")
    p.finish()
    return RequiredSection(secs, check)


# ---- required_table


@frozen
class RequiredTable:
    table: str
    rows: tuple[str, ...] | None  # None: every row of the report's template


@kind(
    "required_table",
    summary="模板规定的表格及其全部行、单元格必须存在",
    uses_tables=True,
    params=[
        Param("table", "string", TABLE, required=True),
        Param("rows", "strings", "只要求这些行（行编号）", default_text="报告所用格式的全部行"),
    ],
    placeholders={
        "table": "表格简称，如“表三”",
        "table_title": "表格全称（表号与模板标题）",
        "missing": "缺少的内容：“整张表格”，或所缺的行、单元格（超过 6 处时只列前 6 处）",
        "count": "缺少的处数",
    },
    notes="按报告所用格式核对。整章缺失时不报告（由 required_section 报告）。",
)
def _required_table(p: Params, ctx: CompileContext) -> RequiredTable:
    table = p.str("table")
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


@kind(
    "row_labels",
    summary="表格的行标题须与模板文字一致",
    uses_tables=True,
    params=[Param("tables", "strings", "要核对的表格编号（如 `disclosure`、`applications`）", required=True, nonempty=True)],
    placeholders={
        "table": "表格简称",
        "row": "行的（模板）名称",
        "printed": "印出的行标题",
        "expected": "模板文字（按报告所用格式）",
    },
    notes="""
2021 年格式与试行格式各按自己的文字（模板数据中行的 `printed`）。比较前去掉空格、序号、括号内的说明和
标点；近似匹配（错字、漏字）识别出的行也在此报告。表四按位置读取，不核对。证据：`printed`、`expected`、`match`、`row`。
""",
)
def _row_labels(p: Params, ctx: CompileContext) -> RowLabels:
    tables = p.str_list("tables")
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


@kind(
    "cell_values",
    summary="表格单元格须填写数字（filled），且为合规的数值：非负整数，金额可含小数，增减可为负（domain）",
    uses_tables=True,
    params=[
        Param("tables", "strings", "表格编号", required=True, nonempty=True),
        Param("check", "string", "`filled`：须填数字，空白或占位符（“—”“/”“无”）每张表报告一次（列出整列、整行和其余单元格）；`domain`：数值须为非负整数",
              required=True, choices=("filled", "domain")),
        Param("decimal_columns", "strings", "`domain`：可有小数的列（列编号，如金额）"),
        Param("signed_columns", "strings", "`domain`：可为负数的列（列编号，如增减）"),
    ],
    placeholders={
        "table": "表格简称",
        "row": "行的名称",
        "cell": "（首个）问题单元格的名称",
        "cells": "`filled`：该行未填数字的各列；`domain`：该列",
        "count": "问题单元格的个数",
        "raw": "（首个）问题单元格的原文",
        "problem": "`filled`：“空白”“占位符”；`domain`：“不是数字”“不能为负数”“应为整数”",
    },
    notes="无法拆分的粘连数字由解析器报告（PRS-003），此处不重复。",
)
def _cell_values(p: Params, ctx: CompileContext) -> CellValues:
    tables = p.str_list("tables")
    for i, t in enumerate(tables):
        check_table(ctx, t, p.path + ("tables", i))
    check = p.str("check")
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
    texts: Mapping[str, str] = {}  # message_unfilled_violated, message_unfilled_needed, cause_* → template


# the messages of a table identity over unfilled cells, and the likely-cause sentences: each a
# template with its placeholders (the rule file may word them for its identity)
UNFILLED_PLACEHOLDERS = {
    "table": "表格简称", "where": "所核对的列或行", "lhs_text": "左边逐项（空白单元格标明“空白”）",
    "rhs_text": "右边逐项", "lhs": "左边已填部分之和", "rhs": "右边已填部分之和", "diff": "已填部分左边减右边",
    "identity": "等式的文字", "blanks": "空白（或未填数字）的单元格，简写", "count": "这些单元格的个数",
    "any_value": "“非负数”（可为负的行列为“数”）", "need": "空白单元格须取的值，如“……各项合计须为 5”",
    "amount": "须取的合计",
}
CAUSE_PLACEHOLDERS = {
    "misclassified": {"cells": "差额相反的两列（行）", "k": "差额", "axis": "“列”或“行”", "balanced": "仍然成立的另一方向的勾稽关系"},
    "split_cell": {"left": "左边的单元格及其值", "right": "右边的单元格及其值", "joined": "连起来的数", "into": "按连起来的数计的单元格"},
    "unit": {"cell": "单元格", "value": "所填的数", "repaired": "按 元/万元 换算后的数"},
    "row_left_out": {"cell": "被漏计的单元格", "value": "它的值"},
}
TEXT_DEFAULTS = {
    "message_unfilled_violated": "{table}{where}：{lhs_text}；{rhs_text}；即使空白单元格按任何{any_value}计，“{identity}”也不成立（已填部分相差 {diff}）",
    "message_unfilled_needed": "{table}{where}：{lhs_text}；{rhs_text}；{need} 才能成立（空白单元格不按 0 计）",
    "cause_misclassified": "疑似归类错位：{cells}的差额一正一负（各 {k}），而{balanced}成立，可能有 {k} 件计入了错误的{axis}",
    "cause_split_cell": "疑似拆格：{left}与{right}连起来为 {joined}，按{into}为 {joined}、另一格为 0 计，各项勾稽关系均成立，可能是一个数被拆成了两格",
    "cause_unit": "疑似单位错误：{cell}为 {value}，按 {repaired} 计勾稽关系成立，可能把元与万元混用",
    "cause_row_left_out": "疑似漏计：不计{cell}（{value}）时勾稽关系成立，可能合计漏计了这一项",
}


def _text_placeholders(key: str) -> Mapping[str, str]:
    if key.startswith("message_"):
        return UNFILLED_PLACEHOLDERS
    return CAUSE_PLACEHOLDERS[key[len("cause_"):]]


def _texts(p: Params) -> dict[str, str]:
    from .model import message_fields

    out = {}
    for key in TEXT_DEFAULTS:
        text = p.str(key)
        try:
            fields = message_fields(text)
        except ValueError as e:
            raise ParamError(p.path + (key,), f"{key} 模板无效：{e}") from None
        allowed = _text_placeholders(key)
        for f in fields:
            if f not in allowed:
                raise ParamError(p.path + (key,), f"{key} 中的占位符 {{{f}}} 无效，可用：{', '.join('{' + x + '}' for x in allowed)}")
        out[key] = text
    return out


def _placeholder_list(values: Mapping[str, str]) -> str:
    return "；".join(f"`{{{k}}}` {v}" for k, v in values.items())


@kind(
    "table_identity",
    summary="表内勾稽关系：对每一列（或每一行）核对一个等式",
    uses_tables=True,
    params=[
        Param("table", "string", TABLE, required=True),
        Param("for_each", "string", "`column`：对每一列核对，等式中的名称为行编号；`row`：对每一行核对，名称为列编号",
              required=True, choices=("column", "row")),
        Param("identity", "expression", "比较式，例如 `new_received + carried_in == total + carried_out`；也可写完整的单元格地址",
              required=True),
        Param("columns", "strings", "`for_each = \"column\"`：只核对这些列", default_text="全部列"),
        Param("rows", "strings", "`for_each = \"row\"`：只核对这些行", default_text="全部行"),
        Param("at", "string", "问题定位到的行（`column`）或列（`row`）编号，须为等式中直接引用的名称",
              default_text="等式右边第一个直接引用的名称（右边没有则为左边第一个）"),
        Param("tolerance", "number", "允许误差（只用于 `==`）", default=0),
        Param("message_unfilled_violated", "string",
              "有单元格未填数字、且空白按任何值计等式都不成立时的消息（严重程度同规则）。占位符：" + _placeholder_list(UNFILLED_PLACEHOLDERS),
              default=TEXT_DEFAULTS["message_unfilled_violated"]),
        Param("message_unfilled_needed", "string",
              "有单元格未填数字、且只有空白取非零值等式才能成立时的消息（警告）。占位符同上",
              default=TEXT_DEFAULTS["message_unfilled_needed"]),
        Param("cause_misclassified", "string", "可能原因“归类错位”（`misclassified`）附加的句子。占位符："
              + _placeholder_list(CAUSE_PLACEHOLDERS["misclassified"]), default=TEXT_DEFAULTS["cause_misclassified"]),
        Param("cause_split_cell", "string", "可能原因“拆格”（`split-cell`）附加的句子。占位符："
              + _placeholder_list(CAUSE_PLACEHOLDERS["split_cell"]), default=TEXT_DEFAULTS["cause_split_cell"]),
        Param("cause_unit", "string", "可能原因“元与万元混用”（`unit-yuan-wanyuan`，只看金额单元格）附加的句子。占位符："
              + _placeholder_list(CAUSE_PLACEHOLDERS["unit"]), default=TEXT_DEFAULTS["cause_unit"]),
        Param("cause_row_left_out", "string", "可能原因“漏计一项”（`row-left-out`）附加的句子。占位符："
              + _placeholder_list(CAUSE_PLACEHOLDERS["row_left_out"]), default=TEXT_DEFAULTS["cause_row_left_out"]),
    ],
    placeholders={
        "table": "表格简称",
        "where": "所核对的列或行，如“总计”列",
        "lhs_text": "等式左边的文字说明，逐项带数值",
        "rhs_text": "等式右边的文字说明，逐项带数值",
        "lhs": "左边的值",
        "rhs": "右边的值",
        "diff": "左边减右边",
    },
    notes="行或列缺失时不报告（结构规则报告）。空白、占位符、文字或无法识别的单元格是未知数（非负；"
    "模板标为可负的行列可为任何数；金额可有小数），从不按 0 计，也不因此放弃核对：空白按任何值计都不成立时按规则的"
    "严重程度报告（`message_unfilled_violated`）；只有空白取非零值才能成立时报告警告（名称 `needs-unfilled-value`，"
    "`message_unfilled_needed`，写明空白单元格及须取的值）；空白按 0 计即成立时不报告（空白本身由 STR-007 报告）。"
    "所有单元格都已填而不成立时，若数字显示了可能的原因，在消息末尾附加一句，并在证据 `cause` 中给出原因编号"
    "（`misclassified` 归类错位、`split-cell` 拆格、`unit-yuan-wanyuan` 元与万元、`row-left-out` 漏计一项）及所涉单元格；"
    "原因从不改变结论。证据（evidence）：`left`、`right`、`identity`、`operands`，有空白时另有 `unfilled`、`decision`、`need`。",
)
def _table_identity(p: Params, ctx: CompileContext) -> TableIdentity:
    table = p.str("table")
    check_table(ctx, table, p.path + ("table",))
    for_each = p.str("for_each")
    ident = p.expr("identity")
    assert ident is not None  # required
    if ident.sides is None:
        raise ParamError(p.path + ("identity",), "identity 应为一个比较式，例如 a + b == c")
    if not all(_is_sum(side) for side in ident.sides):
        raise ParamError(p.path + ("identity",), "identity 的两边只能是单元格与数的和、差（空白单元格按未知数核对）")
    check_expr_refs(ctx, ident, p.path + ("identity",), table=table, mode=for_each)
    key = "columns" if for_each == "column" else "rows"  # the other one stays an unknown param
    only = p.str_list(key) or None
    if only:
        (check_columns if for_each == "column" else check_rows)(ctx, table, only, p.path + (key,))
    refs = [r for r in ident.ref_nodes() if not r.summed and "/" not in r.name]
    default_at = next((r.name for r in ident.ref_nodes() if r in refs and r in _side_refs(ident, 1)), refs[0].name if refs else "")
    at = p.str("at")
    if at is None:
        at = default_at
    if at not in [r.name for r in refs]:
        raise ParamError(p.path + ("at",), f"at = {at!r} 应为等式中直接引用的一个行/列编号")
    tol = p.number("tolerance")
    texts = _texts(p)
    p.finish()
    return TableIdentity(table, for_each, only, ident, at, tol, texts)


def _is_sum(node: Any) -> bool:
    """Only sums and differences of cells and numbers: what an identity over unknowns decides."""
    from ..expr import BinOp, Neg, Num

    if isinstance(node, (Num, Ref)):
        return True
    if isinstance(node, Neg):
        return _is_sum(node.operand)
    if isinstance(node, BinOp):
        return _is_sum(node.left) and _is_sum(node.right)
    return False


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


@kind(
    "zero_implication",
    summary="零值一致：文字称“未发生/未收到”时相应表格数须为 0；表格为 0 时文字不得称有相应数量",
    uses_tables=True,
    params=[
        SCOPE,
        Param("cases", "tables", "`[[params.cases]]`，每个二选一：`when_text` + `then_zero`，或 `when_zero` + `then_no_text`",
              required=True, fields=(
                  Param("when_text", "regexes", "正文中“未发生/未收到”的说法"),
                  Param("then_zero", "strings", "`when_text` 匹配时须全为 0 的单元格地址（可含通配，如 `applications/denied.*/total`）"),
                  Param("when_zero", "expression", "求和式：其值为 0 时检查 `then_no_text`（有单元格未填时不检查）"),
                  Param("then_no_text", "regexes", "含命名分组 `n`（可选分组 `unit`）的正则：`when_zero` 为 0 时，所述数量 `n` 须为 0"),
              )),
    ],
    placeholders={
        "quote": QUOTE,
        "cell": "`when_text`：首个不为 0 的单元格；`when_zero`：条件中的单元格",
        "value": "`when_text`：该单元格的值；`when_zero`：“0”",
        "stated": "`when_text`：“0”；`when_zero`：正文所述数量（带单位）",
        "condition": "`when_text`：不为 0 的各单元格及其值；`when_zero`：条件中的单元格",
    },
    notes="所涉单元格缺失时不报告；`when_text` 所涉单元格未填数字时报告“无法核对”（提示）。",
)
def _zero_implication(p: Params, ctx: CompileContext) -> ZeroImplication:
    secs = _scope(p)
    cases = []
    for c in p.tables("cases"):
        when_text = c.regex_list("when_text")
        then_zero = c.str_list("then_zero")
        when_zero = c.expr("when_zero")
        then_no_text = c.regex_list("then_no_text", groups=("n",))
        if when_text and then_zero and when_zero is None and not then_no_text:
            for i, a in enumerate(then_zero):
                check_address(ctx, a, c.path + ("then_zero", i), wildcard=True)
            cases.append(ZeroCase(when_text, then_zero, None, ()))
        elif when_zero is not None and then_no_text and not when_text and not then_zero:
            if when_zero.is_comparison:
                raise ParamError(c.path + ("when_zero",), "when_zero 应为一个求和式（其值为 0 时触发），不是比较式")
            check_expr_refs(ctx, when_zero, c.path + ("when_zero",), table=None, mode="cell")
            cases.append(ZeroCase((), (), when_zero, then_no_text))
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


@kind(
    "narrative_agreement",
    summary="正文中的数字（件数、百分比）须与表格一致",
    uses_tables=True,
    params=[
        SCOPE,
        Param("claims", "tables", "`[[params.claims]]`：要核对的说法。同一段中，前面的 claim 已匹配的文字不再被后面的 claim 匹配"
              "（把更具体的句式写在前面）", required=True, fields=(
                  Param("pattern", "regex", "命名分组 `n` 为件数；有 `percent_of` 时分组 `pct` 为百分比（若也有 `n`，件数一并核对）",
                        required=True),
                  Param("label", "string", "所述数量的中文名称", required=True),
                  Param("value", "expressions", "求和式（单元格地址），或多个可接受的求和式：与任一相等即一致", required=True),
                  Param("percent_of", "expression", "百分比的分母：所述 `pct` 须等于 `value` ÷ `percent_of` × 100"),
              )),
        Param("percent_tolerance", "number", "百分比的允许误差（百分点）",
              default_text="按所写位数四舍五入或截断均可（所写末位的半个单位）"),
    ],
    placeholders={
        "quote": QUOTE,
        "label": "claim 的 `label`（百分比为“…占比”）",
        "stated": "正文所述的数（百分比带 %）",
        "expected": "按表格应为的数（百分比带 %）",
        "cells": "所涉单元格的名称（百分比为“分子÷分母（数值）”）",
        "diff": "所述减应为",
    },
    notes="所涉的表格或行缺失时不报告；单元格未填时报告“无法核对”（提示）。",
)
def _narrative_agreement(p: Params, ctx: CompileContext) -> NarrativeAgreement:
    secs = _scope(p)
    claims = []
    for c in p.tables("claims"):
        label = c.str("label")
        percent_of = c.expr("percent_of")
        groups = ("pct",) if percent_of is not None else ("n",)  # a percent claim may also have n
        pattern = c.regex("pattern", groups=groups)
        assert pattern is not None  # required
        values = c.exprs("value")
        for e in values:
            if e.is_comparison:
                raise ParamError(c.path + ("value",), "value 应为求和式，不是比较式")
            check_expr_refs(ctx, e, c.path + ("value",), table=None, mode="cell")
        if percent_of is not None:
            check_expr_refs(ctx, percent_of, c.path + ("percent_of",), table=None, mode="cell")
        c.finish()
        claims.append(Claim(pattern, label, values, percent_of))
    tol = p.number("percent_tolerance")
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


@kind(
    "narrative_arithmetic",
    summary="正文内部的算术：分项之和等于所述总数、所述百分比与数字相符、所述比率与数字相符",
    uses_tables=False,
    params=[
        SCOPE,
        Param("check", "string", "`parts_sum`：“共N条，其中a条……b条……”的分项之和须等于总数；`part_percent`：“a条，占P%”须与 a÷N 相符；"
              "`ratio`：`patterns` 所匹配的 pct 须等于 b÷a", required=True, choices=("parts_sum", "part_percent", "ratio")),
        Param("units", "strings", "`parts_sum`、`part_percent`：计数单位", default=("件", "条")),
        Param("patterns", "regexes", "`ratio`（必填）：含命名分组 `a`、`b`、`pct` 的正则"),
        Param("near_miss", "number", "`parts_sum`：分项之和小于总数时，列举须显然完整才报告——带合计约 100% 的占比、以“其他”收尾，"
              "或至少 3 项且分项之和 ÷ 总数不小于此值（0 至 1）", default=0.97),
    ],
    placeholders={
        "quote": QUOTE,
        "total": "所述总数（带单位）",
        "parts": "`parts_sum`：各分项，如“3 + 4 + 5”",
        "sum": "`parts_sum`：分项之和（带单位）",
        "diff": "`parts_sum`：分项之和减总数",
        "n": "`part_percent`：分项（带单位）",
        "pct": "所述百分比",
        "expected_pct": "按数字应为的百分比",
        "a": "`ratio`：分组 `a` 的数",
        "b": "`ratio`：分组 `b` 的数",
    },
    notes="也用于 2019 年以前的旧格式报告（不读表格）。分项之和超过总数时总是报告。",
)
def _narrative_arithmetic(p: Params, ctx: CompileContext) -> NarrativeArithmetic:
    secs = _scope(p)
    check = p.str("check")
    units = p.str_list("units")
    patterns = p.regex_list("patterns", groups=("a", "b", "pct") if check == "ratio" else ())
    if check == "ratio" and not patterns:
        raise ParamError(p.path + ("patterns",), "check = \"ratio\" 需要 patterns（含 a、b、pct 命名分组）")
    near = p.number("near_miss")
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


@kind(
    "required_statement",
    summary="某一章节须包含（或不得包含）特定表述；可附加条件（表格数值、机关类型）",
    uses_tables=False,
    params=[
        SCOPE,
        Param("any_of", "regexes", "须至少匹配其一的表述（一组要求）"),
        Param("label", "string", "`any_of` 这一组的名称（填入 `{missing}`）", default="", default_text="空（消息中为“规定的表述”）"),
        Param("groups", "tables", "`[[params.groups]]`：多组要求，每组至少匹配一条", fields=(
            Param("label", "string", "这一组的名称（填入 `{missing}`）", required=True),
            Param("any_of", "regexes", "须至少匹配其一的表述", required=True, nonempty=True),
        )),
        Param("none_of", "regexes", "不得出现的表述：每处匹配报告一条问题"),
        Param("min_chars", "integer", "所列章节的最少字数（不计空白）", default=0),
        Param("when", "expression", "比较式：成立时才检查，例如 `applications/other.overdue_fee/total > 0`（单元格未填时不检查）"),
        Param("issuer_kinds", "strings", "只对这些机关类型检查：取 `--issuer-kind`，否则机关名称以“人民政府”“管委会”等结尾的视为 "
              "`government`；无法确定时不检查", choices=ISSUER_KINDS),
    ],
    placeholders={
        "section": "章节的称呼，如 第六部分“其他需要报告的事项”（范围不含具体章节时为“报告正文”）",
        "title": "（首个）所列章节的模板标题（范围不含具体章节时为“全文”）",
        "missing": "缺少的各组的名称，以及字数不足（“实质内容（仅 N 字）”）；`none_of` 的问题为空",
        "quote": "`none_of` 匹配的原文（过长时截断）；其他问题为空",
        "chars": "所列章节的字数（不计空白）",
    },
    notes="须给出 `any_of`、`groups`、`none_of` 或 `min_chars` 之一。所列章节有缺失时不报告（由 required_section 报告）。",
)
def _required_statement(p: Params, ctx: CompileContext) -> RequiredStatement:
    secs = _scope(p)
    groups = []
    any_of = p.regex_list("any_of")
    label = p.str("label")
    if any_of:
        groups.append(StatementGroup(label, any_of))
    for g in p.tables("groups"):
        groups.append(StatementGroup(g.str("label"), g.regex_list("any_of")))
        g.finish()
    none_of = p.regex_list("none_of")
    min_chars = p.int("min_chars")
    if not groups and not none_of and not min_chars:
        raise ParamError(p.path, "required_statement 需要 any_of、groups、none_of 或 min_chars 之一")
    when = p.expr("when")
    if when is not None:
        if not when.is_comparison:
            raise ParamError(p.path + ("when",), "when 应为比较式，例如 applications/other.overdue_fee/total > 0")
        check_expr_refs(ctx, when, p.path + ("when",), table=None, mode="cell")
    kinds = p.str_list("issuer_kinds")
    p.finish()
    return RequiredStatement(secs, tuple(groups), none_of, when, kinds, min_chars)


# ---- template_year


@frozen
class TemplateYear:
    templates: tuple[str, ...]
    expected: str


@kind(
    "template_year",
    summary="报告年度与所用格式相符（按年度应使用的格式，见规则的 years 字段）",
    uses_tables=False,
    params=[
        Param("templates", "strings", "报告使用这些格式之一、且年度在规则的 `years` 之内时报告", required=True, nonempty=True,
              choices=("2019", "2021", "legacy")),
        Param("expected", "string", "应如何（填入 `{expected}`）", required=True),
    ],
    placeholders={
        "year": "报告年度",
        "template": "报告所用格式的中文名称",
        "expected": "参数 `expected`",
    },
    notes="例如 2021 年度仍用试行格式。报告年度无法识别时不报告。",
)
def _template_year(p: Params, ctx: CompileContext) -> TemplateYear:
    tpls = p.str_list("templates")
    expected = p.str("expected")
    p.finish()
    return TemplateYear(tpls, expected)


# ---- required_metadata


@frozen
class RequiredMetadata:
    field: str
    check: str = "present"


@kind(
    "required_metadata",
    summary="报告的年度、机关名称等基本信息须可识别且前后一致",
    uses_tables=False,
    params=[
        Param("field", "string", "`year` 报告年度，`agency` 机关名称", required=True, choices=("year", "agency")),
        Param("check", "string", "`present`：须可识别；`agreement`（只用于 `field = \"year\"`）：导语与第一部分所写的统计期限"
              "（“××年1月1日至××年12月31日”）和“现将××年度……报告如下”须与标题的年度（标题无年度时为识别出的报告年度）一致",
              default="present", choices=("present", "agreement")),
    ],
    placeholders={
        "field": "`present`：“报告年度”或“机关名称”",
        "quote": "`agreement`：写有另一年度的原文",
        "stated": "`agreement`：原文所写的年度",
        "year": "`agreement`：标题（或识别出）的年度",
        "where": "`agreement`：“标题”或“报告年度”",
    },
)
def _required_metadata(p: Params, ctx: CompileContext) -> RequiredMetadata:
    f = p.str("field")
    check = p.str("check")
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


@kind(
    "deadline",
    summary="公布日期不晚于期限（需要 --published-on 与 --issuer-kind）",
    uses_tables=False,
    params=[
        Param("due", "tables", "`[[params.due]]`：各类机关的期限（取第一个适用的）", required=True, fields=(
            Param("issuer_kind", "string", "机关类型", required=True, choices=ISSUER_KINDS),
            Param("month", "integer", "期限的月", required=True),
            Param("day", "integer", "期限的日", required=True),
            Param("from_year", "integer", "适用的最早报告年度"),
            Param("until_year", "integer", "适用的最晚报告年度"),
            Param("basis", "string", "期限的依据（填入 `{basis_text}`）", default=""),
        )),
        Param("inclusive", "boolean", "期限当日公布不算逾期（“××日前”含当日）", default=True),
        Param("year_offset", "integer", "期限所在的年 = 报告年度 + `year_offset`", default=1),
    ],
    placeholders={
        "published_on": "公布日期（`--published-on`）",
        "deadline": "期限",
        "issuer_kind": "机关类型的中文名称",
        "year": "报告年度",
        "days": "逾期天数",
        "basis_text": "所用期限的 `basis`",
    },
    notes="缺少事实时以提示（名称 `not-evaluated`）说明未能核对，**绝不默默通过**；未配置的机关类型、无法识别的报告年度也报告提示。"
    "公布日期早于报告年度结束的，报告 `implausible-publication-date`。",
)
def _deadline(p: Params, ctx: CompileContext) -> Deadline:
    import datetime

    dues = []
    for d in p.tables("due"):
        kind_ = d.str("issuer_kind")
        month = d.int("month")
        day = d.int("day")
        try:
            datetime.date(2000, month, day)
        except ValueError:
            raise ParamError(d.path + ("month",), f"日期 {month}月{day}日 无效") from None
        dues.append(Due(kind_, month, day, d.int("from_year"), d.int("until_year"), d.str("basis")))
        d.finish()
    inclusive = p.bool("inclusive")
    offset = p.int("year_offset")
    p.finish()
    return Deadline(tuple(dues), inclusive, offset)


# --------------------------------------------------------------------------------------------
# kinds over several reports (compliance.series runs them; compliance/checks/series.py checks)


@frozen
class CarryOver:
    table: str
    this_row: str
    last_row: str
    columns: tuple[str, ...] | None  # None: every column both reports have


@kind(
    "carry_over",
    summary="本年度报告的某一行须与同一机关上一年度报告的另一行逐列相等（如表三的结转关系）",
    uses_tables=True,
    scope="previous",
    params=[
        Param("table", "string", TABLE, required=True),
        Param("this_row", "string", "本年度报告中的行（行编号），如 `carried_in`", required=True),
        Param("last_row", "string", "上一年度报告中的行（行编号），如 `carried_out`", required=True),
        Param("columns", "strings", "只核对这些列", default_text="两份报告都有的全部列"),
    ],
    placeholders={
        "table": "表格简称，如“表三”",
        "this_row": "本年度报告的行名",
        "last_row": "上一年度报告的行名",
        "last_year": "上一年度",
        "details": "不相等的各列：本年度值与上一年度值",
        "count": "不相等的列数",
    },
    notes="需要同一机关上一年度的报告（批次、清单、历史库或 `--previous`）；找不到时不运行（批次汇总中计为“无法核对”）。"
          "任一方为空白、占位符或无法识别时不作判断，以提示说明。",
)
def _carry_over(p: Params, ctx: CompileContext) -> CarryOver:
    table = p.str("table")
    check_table(ctx, table, p.path + ("table",))
    this_row, last_row = p.str("this_row"), p.str("last_row")
    check_rows(ctx, table, [this_row], p.path + ("this_row",))
    check_rows(ctx, table, [last_row], p.path + ("last_row",))
    cols = p.str_list("columns") or None
    if cols:
        check_columns(ctx, table, cols, p.path + ("columns",))
    p.finish()
    return CarryOver(table, this_row, last_row, cols)


@frozen
class StockContinuity:
    table: str
    rows: tuple[str, ...]
    stock: str
    added: str
    removed: str
    tolerance: float
    explained_by: tuple[re.Pattern, ...]
    stated: tuple[tuple[re.Pattern, str], ...] = ()  # (pattern with group n, the cell it states)


@kind(
    "stock_continuity",
    summary="存量连续：本年“现行有效” = 上年“现行有效” + 本年“制发” − 本年“废止”（需要上一年度报告）",
    uses_tables=True,
    scope="previous",
    params=[
        Param("table", "string", TABLE, required=True),
        Param("rows", "strings", "核对的行（行编号）", required=True, nonempty=True),
        Param("stock", "string", "存量列，如 `in_force`", required=True),
        Param("added", "string", "本年增加列，如 `issued`", required=True),
        Param("removed", "string", "本年减少列，如 `repealed`", required=True),
        Param("tolerance", "number", "允许的差额", default=0),
        Param("explained_by", "regexes", "正文中说明存量变动原因（清理、口径调整等）的表述：本年度报告印有时不报告", default=()),
        Param("stated", "tables", "`[[params.stated]]`：正文陈述某个单元格数字的句式（命名分组 `n`），用于拆分粘连的行", fields=(
            Param("pattern", "regex", "命名分组 `n` 为件数", required=True),
            Param("cell", "string", "所述的单元格地址（表/行/列）", required=True),
        )),
    ],
    placeholders={
        "table": "表格简称",
        "row": "行名",
        "stock": "存量列名",
        "this_stock": "本年存量",
        "last_stock": "上年存量",
        "added": "本年增加",
        "removed": "本年减少",
        "expected": "按上年推算的本年存量",
        "diff": "相差",
        "last_year": "上一年度",
    },
    notes="两份报告所用格式不同（如 2019 年试行格式与 2021 年格式）时各列含义不同，不作核对，以提示说明。"
          "某行的数字粘连、单凭本报告无法拆分时，用正文所述的数字（`stated`）和上一年度的存量（存量关系）拆分："
          "只剩一种拆分时采用，并以提示说明由什么确定；否则该行仍按“无法读取”处理。",
)
def _stock_continuity(p: Params, ctx: CompileContext) -> StockContinuity:
    table = p.str("table")
    check_table(ctx, table, p.path + ("table",))
    rows = p.str_list("rows")
    check_rows(ctx, table, rows, p.path + ("rows",))
    cols = [p.str("stock"), p.str("added"), p.str("removed")]
    check_columns(ctx, table, cols, p.path + ("stock",))
    tol = p.number("tolerance")
    explained = p.regex_list("explained_by")
    stated = []
    for c in p.tables("stated"):
        pattern = c.regex("pattern", groups=("n",))
        assert pattern is not None  # required
        cell = c.str("cell")
        check_address(ctx, cell, c.path + ("cell",), wildcard=False)
        c.finish()
        stated.append((pattern, cell))
    p.finish()
    return StockContinuity(table, rows, cols[0], cols[1], cols[2], float(tol), explained, tuple(stated))


@frozen
class HierarchySum:
    tables: tuple[str, ...]
    missing_children: str  # "incomplete" | "skip"


@kind(
    "hierarchy_sum",
    summary="上级机关的表格数字 = 其全部下级机关（清单中 parent 为该机关者）同一单元格之和",
    uses_tables=True,
    scope="children",
    params=[
        Param("tables", "strings", "核对的表格", required=True, nonempty=True),
        Param("missing_children", "string",
              "清单列出的下级机关缺少报告时：`incomplete` 以警告报告“下级报告不全、无法核对”；`skip` 以提示说明未核对",
              default="incomplete", choices=("incomplete", "skip")),
    ],
    placeholders={
        "table": "表格简称",
        "children": "下级机关数",
        "details": "不相等的单元格：上级值与下级合计",
        "count": "不相等的单元格数",
    },
    notes="只在批次清单（`--manifest`）给出上下级关系时运行。下级的某一单元格为空白等未填数字时，该单元格不作判断。",
)
def _hierarchy_sum(p: Params, ctx: CompileContext) -> HierarchySum:
    tables = p.str_list("tables")
    for i, t in enumerate(tables):
        check_table(ctx, t, p.path + ("tables", i))
    policy = p.str("missing_children")
    p.finish()
    return HierarchySum(tables, policy)


@frozen
class CopiedText:
    sections: tuple[str, ...]
    threshold: float
    min_chars: int


@kind(
    "copied_text",
    summary="正文与同一机关上一年度报告雷同（去除模板套话后的相似度）",
    uses_tables=False,
    scope="previous",
    params=[
        Param("sections", "strings", "比较的章节", default=("一", "五"), default_text="一、五", choices=SECTIONS),
        Param("threshold", "number", "相似度（0–1）达到此值即报告", default=0.6),
        Param("min_chars", "integer", "本年章节去除套话后少于此字数时不比较", default=80),
    ],
    placeholders={
        "section": "章节序号",
        "score": "相似度（百分比）",
        "last_year": "上一年度",
        "copied": "照搬的句子数",
        "stale": "照搬句中残留的旧年份",
    },
)
def _copied_text(p: Params, ctx: CompileContext) -> CopiedText:
    secs = p.str_list("sections")
    thr = p.number("threshold")
    if not 0 < thr <= 1:
        raise ParamError(p.path + ("threshold",), "threshold 应在 0 与 1 之间")
    n = p.int("min_chars")
    p.finish()
    return CopiedText(secs, float(thr), int(n))


@frozen
class NearDuplicate:
    threshold: float


@kind(
    "near_duplicate",
    summary="同一年度不同机关的报告正文高度雷同（MinHash 近似查重，再以精确 Jaccard 相似度确认）",
    uses_tables=False,
    scope="batch",
    params=[Param("threshold", "number", "Jaccard 相似度（0–1）达到此值即报告", default=0.8)],
    placeholders={"others": "雷同的其他报告", "score": "最高相似度（百分比）", "year": "年度"},
)
def _near_duplicate(p: Params, ctx: CompileContext) -> NearDuplicate:
    thr = p.number("threshold")
    if not 0 < thr <= 1:
        raise ParamError(p.path + ("threshold",), "threshold 应在 0 与 1 之间")
    p.finish()
    return NearDuplicate(float(thr))
