"""``compliance rules list|explain`` and ``compliance rulesets``: what the rule sets hold.

``rules explain`` also explains the catalogue codes that are not rules (``PRS-003``, ``ENG-002``,
``BSL-001`` …, :mod:`compliance.codes`), and ``rules list`` lists them after the set's rules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..ruleset import Rule, Ruleset, RulesetError, builtin_sets, load_ruleset

from .. import codes

DEFAULT_SET = "cn-national-2021"
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
TAG_ZH = {"V": "已核实", "P": "部分核实", "G": "未核实（一般知识）"}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser("rules", help="列出或解释规则", description="List or explain the rules of a rule set; 列出或解释规则。")
    sub = p.add_subparsers(dest="rules_command", metavar="list|explain")
    sub.required = True
    ls = sub.add_parser("list", help="列出规则集中的全部规则", description="List the rules of a rule set.")
    ls.add_argument("--rules", default=DEFAULT_SET, metavar="NAME|DIR", help=f"规则集名称或目录（默认 {DEFAULT_SET}）")
    ls.set_defaults(handler=run_list, func=run_list)
    ex = sub.add_parser("explain", help="解释一条规则：检查什么、为什么、依据、局限", description="Explain one rule.")
    ex.add_argument("rule_id", metavar="RULE_ID")
    ex.add_argument("--rules", default=None, metavar="NAME|DIR", help="规则集名称或目录（默认在内置规则集中查找）")
    ex.set_defaults(handler=run_explain, func=run_explain)

    rs = subparsers.add_parser("rulesets", help="列出内置规则集及其继承关系", description="List the built-in rule sets with their extends chains.")
    rs.set_defaults(handler=run_rulesets, func=run_rulesets)
    return p


def _load(name: str) -> Ruleset | None:
    try:
        return load_ruleset(name)
    except RulesetError as exc:
        print(f"compliance rules: 规则集无效：{exc}", file=sys.stderr)
        return None


def run_list(args: argparse.Namespace) -> int:
    rs = _load(args.rules)
    if rs is None:
        return 2
    out = [f"规则集 {rs.id}：{rs.title}（继承链：{' → '.join(rs.chain)}）", ""]
    width = max((len(r.id) for r in rs.rules), default=6)
    for r in rs.rules:
        origin = "" if r.defined_in == rs.id else f"  [来自 {r.defined_in}{'，已覆盖' if r.overridden_in else ''}]"
        if r.defined_in == rs.id and r.overridden_in:
            origin = "  [已覆盖]"
        out.append(f"{r.id:<{width}}  {r.severity.value:<7}  {r.kind:<19}  {r.name}  {r.summary}{origin}")
    out.append("")
    out.append(f"共 {len(rs.rules)} 条规则" + (f"；已停用：{'、'.join(rs.disabled)}" if rs.disabled else ""))
    out += ["", "非规则问题代码（解析、引擎、基线；不属于任何规则集，任何规则集下都可能出现）：", ""]
    out += [f"{c.id:<{width}}  {c.severity.value:<7}  {c.group:<19}  {c.name}  {c.summary}" for c in codes.CODES]
    out += ["", f"共 {len(codes.CODES)} 个代码；compliance rules explain <代码> 查看说明"]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def doc_set(rule: Rule) -> str:
    """The set whose docs page describes this version of the rule."""
    return rule.overridden_in[-1] if rule.overridden_in else rule.defined_in


def explain_text(rule: Rule, rs: Ruleset) -> str:
    import json

    lines = [
        f"{rule.id} {rule.name}",
        f"  规则集：{rs.id}（定义于 {rule.defined_in}{'；覆盖于 ' + '、'.join(rule.overridden_in) if rule.overridden_in else ''}）",
        f"  类型：{rule.kind}    严重程度：{rule.severity.value}（{SEVERITY_ZH[rule.severity.value]}）    依据核实程度：{rule.evidence_tag}（{TAG_ZH[rule.evidence_tag]}）",
        f"  摘要：{rule.summary}",
        "  依据：",
        *[f"    - {b}" for b in rule.basis],
        "  理由：",
        *[f"    {ln}" for ln in rule.rationale.splitlines()],
        "  局限：",
        *[f"    {ln}" for ln in rule.limitations.splitlines()],
        f"  消息模板：{rule.message}",
    ]
    if rule.requires:
        lines.append(f"  需要的事实：{'、'.join('--' + r.replace('_', '-') for r in rule.requires)}")
    if rule.years != (None, None):
        lo, hi = rule.years
        lines.append(f"  适用年度：{lo or '不限'} — {hi or '不限'}")
    lines.append("  参数：")
    for k, v in rule.params.items():
        lines.append(f"    {k} = {json.dumps(v, ensure_ascii=False)}")
    src = Path(rule.source)
    try:
        src = src.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    lines.append(f"  规则文件：{src.as_posix()}")
    doc = Path("docs") / "rules" / doc_set(rule) / f"{rule.id}.md"
    lines.append(f"  文档：{doc.as_posix()}")
    return "\n".join(lines) + "\n"


def explain_code_text(code: codes.Code) -> str:
    """``rules explain`` for a catalogue code (:mod:`compliance.codes`), in the style of a rule."""
    lines = [
        f"{code.id} {code.name}",
        f"  类别：{codes.GROUP_ZH[code.group]}（非规则问题代码：不属于任何规则集，任何规则集下都可能出现）",
        f"  严重程度：{code.severity.value}（{SEVERITY_ZH[code.severity.value]}）",
        f"  摘要：{code.summary}",
        "  依据：",
        *([f"    - {b}" for b in code.basis] or ["    （无：这不是对报告内容的法定要求的检查）"]),
        "  理由：",
        *[f"    {ln}" for ln in code.rationale.splitlines()],
    ]
    if code.aliases:
        lines.append(f"  旧编号：{'、'.join(code.aliases)}")
    lines.append(f"  文档：{(Path('docs') / 'rules' / 'codes' / f'{code.id}.md').as_posix()}")
    return "\n".join(lines) + "\n"


def run_explain(args: argparse.Namespace) -> int:
    wanted = args.rule_id.strip().upper()
    code = codes.get(wanted)
    if code is not None and not args.rules:
        sys.stdout.write(explain_code_text(code))
        return 0
    names = [args.rules] if args.rules else [DEFAULT_SET] + [s for s in builtin_sets() if s != DEFAULT_SET]
    for name in names:
        rs = _load(name)
        if rs is None:
            return 2
        rule = rs.rule(wanted)
        if rule is not None:
            sys.stdout.write(explain_text(rule, rs))
            return 0
    if code is not None:  # --rules named a valid set; a code belongs to every set
        sys.stdout.write(explain_code_text(code))
        return 0
    where = f"规则集 {args.rules}" if args.rules else "内置规则集"
    print(f"compliance rules explain: {where}中没有规则 {args.rule_id}（用 compliance rules list 查看）", file=sys.stderr)
    return 2


def run_rulesets(args: argparse.Namespace) -> int:
    out = []
    for name in builtin_sets():
        rs = _load(name)
        if rs is None:
            return 2
        lo, hi = rs.years
        years = f"{lo or ''}–{hi or ''}" if rs.years != (None, None) else "不限"
        kind = "（抽象，供继承）" if rs.abstract else ""
        out.append(f"{rs.id}{kind}")
        out.append(f"  {rs.title}")
        out.append(f"  继承链：{' → '.join(rs.chain)}    格式：{'、'.join(rs.templates)}    年度：{years}    规则：{len(rs.rules)} 条")
    sys.stdout.write("\n".join(out) + "\n")
    return 0
