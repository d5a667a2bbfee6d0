"""Developer tools: ``python -m compliance.devtools gen-docs [--check]``.

``gen-docs`` writes ``docs/rules/<set>/<ID>.md`` for every rule defined (or overridden) in each
built-in set, from the rule file (summary, rationale, basis, limitations, params) and its test
cases (``tests/rules/<set>/<ID>.toml``: the ``doc = "good"`` and ``doc = "bad"`` cases, with their
exact expected findings), ``docs/rules/codes/<ID>.md`` for every non-rule code of
:mod:`compliance.codes` (PRS, ENG, BSL), plus ``docs/rules/index.md``, and ``docs/rule-kinds.md``
from the kind registry (``compliance.ruleset.params.KINDS``: parameters, placeholders,
summaries, notes).  ``--check`` writes nothing and exits 1 when a page is missing or stale (the
test suite runs the same check).
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from . import codes
from .ruleset import builtin_sets, load_ruleset
from .template import version_title

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"
CASES = ROOT / "tests" / "rules"
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
TAG_ZH = {"V": "已核实（V）", "P": "部分核实（P）", "G": "未核实的一般知识（G）"}
HEADER = "<!-- 由 python -m compliance.devtools gen-docs 生成，请勿手工编辑 / generated, do not edit -->\n"


def doc_set(rule) -> str:
    return rule.overridden_in[-1] if rule.overridden_in else rule.defined_in


def _cases(set_id: str, rule_id: str) -> dict:
    path = CASES / set_id / f"{rule_id}.toml"
    if not path.is_file():
        return {}
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _edit_text(e: dict) -> str:
    if "set_cell" in e:
        return f"把单元格 `{e['set_cell']}` 改为 `{e['to']}`" if e["to"] != "" else f"把单元格 `{e['set_cell']}` 清空"
    if "delete_section" in e:
        return f"删除第{e['delete_section']}部分"
    if "replace" in e:
        new = e["with"]
        return f"把“{e['replace']}”改为“{new}”" if new else f"删去“{e['replace']}”"
    return json.dumps(e, ensure_ascii=False)


def _example(case: dict, data: dict) -> list[str]:
    out = []
    base = case.get("base", data.get("base"))
    if "text" in case:
        out.append("报告全文见测试用例。")
    else:
        out.append(f"以测试底稿 `tests/rules/fixtures/{base}` 为基础" + ("：" if case.get("edits") else "，不作改动。"))
        for e in case.get("edits", []):
            out.append(f"- {_edit_text(e)}")
    if case.get("facts"):
        facts = "，".join(f"`--{k.replace('_', '-')} {v}`" for k, v in case["facts"].items())
        out.append(f"\n事实：{facts}")
    if case.get("note"):
        out.append(f"\n说明：{case['note']}")
    out.append("")
    if case.get("expect"):
        out.append("检查结果：")
        out.append("")
        out.append("```text")
        for e in case["expect"]:
            msg = e.get("message", "")
            out.append(f"第 {e['line']} 行  {e['rule']}  {msg}")
        out.append("```")
    else:
        out.append("检查结果：无问题。")
    return out


def rule_page(rule, rs) -> str:
    set_id = doc_set(rule)
    data = _cases(set_id, rule.id)
    cases = data.get("case", [])
    good = next((c for c in cases if c.get("doc") == "good"), None)
    bad = next((c for c in cases if c.get("doc") == "bad"), None)
    lo, hi = rule.years
    lines = [
        HEADER,
        f"# {rule.id} {rule.name}",
        "",
        f"**{rule.summary}**",
        "",
        "| | |",
        "|---|---|",
        f"| 规则集 | `{set_id}`（定义于 `{rule.defined_in}`{'，覆盖于 ' + '、'.join(f'`{s}`' for s in rule.overridden_in) if rule.overridden_in else ''}） |",
        f"| 类型 | `{rule.kind}`（见 [规则类型](../../rule-kinds.md)） |",
        f"| 严重程度 | {rule.severity.value}（{SEVERITY_ZH[rule.severity.value]}） |",
        f"| 依据核实程度 | {TAG_ZH[rule.evidence_tag]} |",
    ]
    if rule.years != (None, None):
        lines.append(f"| 适用年度 | {lo or '不限'} — {hi or '不限'} |")
    if rule.requires:
        lines.append(f"| 需要的事实 | {'、'.join('`--' + r.replace('_', '-') + '`' for r in rule.requires)} |")
    lines += [
        "",
        "## 依据",
        "",
        *[f"- {b}" for b in rule.basis],
        "",
        "## 为什么",
        "",
        rule.rationale,
        "",
        "## 已知局限",
        "",
        rule.limitations,
        "",
        "## 消息模板",
        "",
        f"`{rule.message}`",
        "",
        "## 参数",
        "",
        "规则文件 `[params]` 的内容（以 JSON 表示）：",
        "",
        "```json",
        json.dumps(rule.params, ensure_ascii=False, indent=2),
        "```",
        "",
    ]
    if good:
        lines += ["## 合规示例", "", *_example(good, data), ""]
    if bad:
        lines += ["## 不合规示例", "", *_example(bad, data), ""]
    lines.append(f"规则文件：`{Path(rule.source).resolve().relative_to(ROOT).as_posix() if Path(rule.source).resolve().is_relative_to(ROOT) else rule.source}`；"
                 f"测试用例：`tests/rules/{set_id}/{rule.id}.toml`")
    return "\n".join(lines).rstrip() + "\n"


def index_page(sets) -> str:
    lines = [HEADER, "# 规则一览 / Rules", ""]
    for rs in sets:
        lines += [
            f"## {rs.id}{'（抽象，供继承）' if rs.abstract else ''}",
            "",
            f"{rs.title}。继承链：{' → '.join(f'`{s}`' for s in rs.chain)}；格式：{'、'.join(version_title(t) for t in rs.templates)}。",
            "",
            "| 规则 | 严重程度 | 摘要 |",
            "|---|---|---|",
        ]
        for r in rs.rules:
            ds = doc_set(r)
            lines.append(f"| [{r.id}]({ds}/{r.id}.md) `{r.name}` | {r.severity.value} | {r.summary} |")
        if rs.disabled:
            lines += ["", f"停用的继承规则：{'、'.join(rs.disabled)}"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------------------------
# docs/rule-kinds.md, from the kind registry

KINDS_DOC = ROOT / "docs" / "rule-kinds.md"

KINDS_INTRO = """\
# 规则类型 / Rule kinds

每条规则（`rules/<规则集>/<编号>.toml`）选择下列固定类型之一，并在 `[params]` 中给出参数。每个类型只声明一次
（`compliance/ruleset/params.py` 的 `KINDS`：参数、消息占位符、摘要），其检查函数在 `compliance/checks/` 中以
`@implements("类型")` 挂接；本页由该声明生成。参数在加载时校验：未知参数、类型错误、未知的表格/行/列编号、
无法编译的正则表达式或规则表达式、类型不提供的占位符，都会在加载时以“文件:行号”报错，`compliance` 以退出码 2 结束。

Every rule picks one of these kinds and gives its parameters under `[params]`.  Kinds are code
(`compliance/checks/`), rules are data; each kind is declared once (`compliance/ruleset/params.py`)
and this page is generated from that declaration.  **Each kind handles only its own concern**: a
missing section is `required_section`'s finding, a missing table `required_table`'s, a blank cell
`cell_values`'; the other kinds then say nothing about it (or, for a blank operand, only an
info “not assessable”).  That is what makes “one fault ⇒ exactly one rule” testable
(`tests/properties/`).

Common fields of a rule file: `id`, `name` (kebab-case, names the problem), `kind`,
`severity` (`error`/`warning`/`info`), `summary`, `message` (Chinese template; only `{名称}`
placeholders the kind provides), `basis` (list of legal citations), `rationale`,
`limitations`, optional `evidence_tag` (`V`/`P`/`G`, regulation.md §0 — a `G` rule may not be
an `error`), `years = { min = …, max = … }` (report years the rule applies to), `requires`
(facts: `published_on`, `issuer_kind`), `aliases`.

## 单元格引用与表达式 / Cell references and expressions

单元格地址为 `表/行/列`，编号见 `rules/templates/national.toml` 与 spec/contract.md，例如
`applications/new_received/total`。行编号中的 `*` 为通配：`applications/denied.*/total` 指 `denied.` 开头的
各行的总计列，只能写在 `sum(…)` 中。

Expressions (`grammars/expr.lark`, parsed with Lark LALR and evaluated by walking our own
nodes — never `eval`): numbers, references, `+ -`, `sum(ref)`, parentheses, comparisons
`== != <= >= < >`, `and or not`.  In `table_identity` a bare name is a row id
(`for_each = "column"`) or a column id (`for_each = "row"`).  **A blank, placeholder, text or
unreadable cell is never read as 0**: it is an unknown number (≥ 0, any sign in a `signed` row or
column), and the identity is decided over every value it could hold — an error when no value
makes it hold, a warning `needs-unfilled-value` naming the cells and the amount they would need,
nothing when it holds with them 0 (the blanks themselves are `cell_values`' one finding per
table).

参数的写法：“字符串列表”也可只写一个字符串；正则表达式写在单引号字符串里（TOML 字面量，反斜杠不转义），
匹配的是规范化后的正文（全角数字、括号、逗号、冒号已变为半角，繁体已转为简体）。
"""

KINDS_OUTRO = """\
## 引擎自身的问题 / Engine findings

| 编号 | 含义 |
|---|---|
| `PRS-001`…`PRS-006` | 解析器的问题（无法读取、无表格、粘连数字无法拆分、格式无法识别、行对不上、粘连数字无论如何拆分都不满足勾稽关系（错误）），原样转为问题；同一张表的多行 PRS-003 合为一条 |
| `ENG-001` | 报告格式与所选规则集不符：表格规则未运行（提示） |
| `ENG-002` | 某条规则运行出错（错误；请报告此缺陷） |
| 名称 `needs-unfilled-value` | 勾稽关系只有在空白/占位符单元格取非零值时才能成立（警告，编号为该规则，证据 need 为所需数值） |
| 名称 `not-assessable` | 非勾稽关系的规则（如正文与表格的对照）涉及空白/占位符单元格，无法核对（提示，编号为该规则）；其原因（空白单元格、无法读取的行）已有一条问题时，并入该问题的证据 undecided |
| 名称 `not-evaluated` | 规则缺少所需事实，未能运行（提示，编号为该规则） |
"""


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return str(v)


def _param_rows(params, prefix: str = "") -> list[str]:
    from .ruleset.params import PARAM_TYPES

    rows = []
    for d in params:
        typ = PARAM_TYPES[d.type]
        if d.choices is not None:
            typ += "：" + " / ".join(f"`{c}`" for c in d.choices)
        if d.required:
            need = "必填，不能为空" if d.nonempty or d.type == "tables" else "必填"
        elif d.default_text is not None:
            need = f"默认：{d.default_text}"
        elif d.default is None or d.default == () or d.default == "":
            need = "可选"
        else:
            need = f"默认 `{_toml_value(d.default)}`"
        rows.append(f"| `{prefix}{d.name}` | {typ} | {need} | {d.meaning} |")
        if d.fields:
            rows += _param_rows(d.fields, prefix=f"{prefix}{d.name}[].")
    return rows


def kinds_page(sets=None) -> str:
    """``docs/rule-kinds.md``: every kind of the registry, with the built-in rules using it."""
    from .checks import KINDS

    sets = [load_ruleset(name) for name in builtin_sets()] if sets is None else sets
    users: dict[str, list] = {}
    for rs in sets:
        for r in rs.rules:
            if doc_set(r) == rs.id:
                users.setdefault(r.kind, []).append((rs.id, r.id))
    lines = [HEADER, KINDS_INTRO, "## 一览 / Index", "", "| 类型 | 读表格 | 摘要 |", "|---|---|---|"]
    for k in KINDS.values():
        lines.append(f"| [`{k.name}`](#{k.name}) | {'是' if k.uses_tables else '否'} | {k.summary} |")
    lines.append("")
    for k in KINDS.values():
        check = k.check
        lines += [f"## {k.name}", "", f"**{k.summary}**", ""]
        if k.notes:
            lines += [k.notes, ""]
        if k.uses_tables:
            lines += ["读表格：报告格式不是规则集所适用的格式时，本类型的规则不运行（`ENG-001`）。", ""]
        lines += ["| 参数 | 类型 | 必填 / 默认 | 含义 |", "|---|---|---|---|", *_param_rows(k.params), ""]
        lines += ["| 占位符 | 含义 |", "|---|---|", *[f"| `{{{name}}}` | {meaning} |" for name, meaning in k.placeholders.items()], ""]
        used = users.get(k.name, [])
        if used:
            ids = [rid for _sid, rid in used]
            links = [f"[{rid}](rules/{sid}/{rid}.md)" + (f"（{sid}）" if ids.count(rid) > 1 else "") for sid, rid in sorted(used, key=lambda x: (x[1], x[0]))]
            lines += ["内置规则：" + "、".join(links) + "。", ""]
        module = check.__module__.replace(".", "/") + ".py"
        lines += [f"实现：`{module}` 的 `{check.__name__}`；参数：`{k.compiler.__module__.replace('.', '/')}.py` 的 `{k.compiler.__name__}`。", ""]
    lines.append(KINDS_OUTRO)
    return "\n".join(lines).rstrip() + "\n"


def code_page(code) -> str:
    """``docs/rules/codes/<ID>.md``: one non-rule code of :mod:`compliance.codes`."""
    lines = [
        HEADER,
        f"# {code.id} {code.name}",
        "",
        f"**{code.summary}**",
        "",
        "| | |",
        "|---|---|",
        f"| 类别 | {codes.GROUP_ZH[code.group]}（非规则问题代码：不属于任何规则集，任何规则集下都可能出现） |",
        f"| 严重程度 | {code.severity.value}（{SEVERITY_ZH[code.severity.value]}） |",
    ]
    if code.aliases:
        lines.append(f"| 旧编号 | {'、'.join(f'`{a}`' for a in code.aliases)} |")
    if code.basis:
        lines += ["", "## 依据", "", *[f"- {b}" for b in code.basis]]
    lines += [
        "",
        "## 含义与处理",
        "",
        code.rationale,
        "",
        f"命令行查看：`compliance rules explain {code.id}`；定义于 `compliance/codes.py`。",
    ]
    return "\n".join(lines).rstrip() + "\n"


def code_pages() -> dict[Path, str]:
    """``docs/rules/codes/<ID>.md`` for every catalogue code."""
    return {DOCS / "codes" / f"{c.id}.md": code_page(c) for c in codes.CODES}


def codes_index() -> str:
    """The catalogue codes' section of ``docs/rules/index.md``."""
    lines = [
        "## 非规则问题代码 / Non-rule codes",
        "",
        "解析问题（PRS）、引擎问题（ENG）和基线提示（BSL）不属于任何规则集，任何规则集下都可能出现；"
        "编号格式与规则相同，这三族编号规则集不能使用。",
        "",
        "| 代码 | 类别 | 严重程度 | 摘要 |",
        "|---|---|---|---|",
        *[f"| [{c.id}](codes/{c.id}.md) `{c.name}` | {codes.GROUP_ZH[c.group]} | {c.severity.value} | {c.summary} |" for c in codes.CODES],
    ]
    return "\n".join(lines) + "\n"


def expected_pages() -> dict[Path, str]:
    pages: dict[Path, str] = {}
    sets = [load_ruleset(name) for name in builtin_sets()]
    for rs in sets:
        for rule in rs.rules:
            if doc_set(rule) == rs.id:
                pages[DOCS / rs.id / f"{rule.id}.md"] = rule_page(rule, rs)
    pages[DOCS / "index.md"] = index_page(sets) + "\n" + codes_index()
    pages.update(code_pages())
    pages[KINDS_DOC] = kinds_page(sets)
    return pages


def stale_pages() -> list[str]:
    """Pages that are missing, differ, or should not exist (relative paths)."""
    pages = expected_pages()
    problems = []
    for path, text in pages.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            problems.append(path.relative_to(ROOT).as_posix())
    if DOCS.is_dir():
        for path in DOCS.rglob("*.md"):
            if path not in pages:
                problems.append(path.relative_to(ROOT).as_posix() + "（多余）")
    return sorted(problems)


def gen_docs(check: bool = False) -> int:
    if check:
        stale = stale_pages()
        for p in stale:
            print(f"过期或缺失：{p}", file=sys.stderr)
        if stale:
            print("请运行 python -m compliance.devtools gen-docs", file=sys.stderr)
        return 1 if stale else 0
    pages = expected_pages()
    for path, text in pages.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    for path in DOCS.rglob("*.md"):
        if path not in pages:
            path.unlink()
    print(f"已生成 {len(pages) - 1} 个页面于 {DOCS.relative_to(ROOT).as_posix()}/，以及 {KINDS_DOC.relative_to(ROOT).as_posix()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["gen-docs"]:
        return gen_docs(check="--check" in argv[1:])
    print("用法：python -m compliance.devtools gen-docs [--check]", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
