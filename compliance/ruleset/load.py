"""Rule sets from folders of TOML files: ``ruleset.toml`` plus one ``<ID>.toml`` per rule.

    rules/cn-national-2021/ruleset.toml     id, title, extends, template, years, disable, [override.ID]
    rules/cn-national-2021/T3-001.toml      one rule

A set that ``extends`` another inherits its rules; ``disable = [...]`` removes inherited rules,
``[override.ID]`` changes fields of an inherited rule (``params`` are merged key by key), and
the set's own rule files add rules.  Every file is validated when the set is loaded: unknown
keys, wrong types, unknown table/row/column ids, placeholders the kind cannot fill, regular
expressions and rule expressions that do not compile.  Any error is a :class:`RulesetError`
naming the file and line.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import codes
from ..codes import ID_RE, NAME_RE
from ..findings import Severity
from ..model import Report
from ..resources import rules_dir
from .model import Rule, Ruleset, RulesetError, message_fields
from .params import KINDS, CompileContext, ParamError, Params
from ..template import current as current_template

RULE_KEYS = {
    "id", "name", "kind", "severity", "summary", "message", "basis", "rationale", "limitations",
    "params", "evidence_tag", "requires", "aliases", "years",
}
REQUIRED_RULE_KEYS = ("id", "name", "kind", "severity", "summary", "message", "basis", "rationale", "limitations")
OVERRIDE_KEYS = {"severity", "summary", "message", "basis", "rationale", "limitations", "params", "evidence_tag", "years", "name"}
SET_KEYS = {"id", "title", "extends", "template", "years", "disable", "override", "description", "basis", "abstract"}
SET_ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
FACTS = ("published_on", "issuer_kind")


# --------------------------------------------------------------------------------------------
# reading TOML with line numbers for errors


def _read_toml(path: Path) -> tuple[dict, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RulesetError(path, None, "文件不是 UTF-8 编码的文本") from None
    except OSError as e:
        raise RulesetError(path, None, f"无法读取文件：{e.strerror or e}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise RulesetError(path, line, f"TOML 语法错误：{msg}") from None


def find_line(text: str, path: tuple) -> int | None:
    """Best-effort line of a key path (``("params", "claims", 2, "pattern")``) in TOML text."""
    lines = text.splitlines()
    start = 0
    header: list[str] = []
    i = 0
    found: int | None = None
    while i < len(path):
        comp = path[i]
        if isinstance(comp, int):
            # the comp-th [[header]] of the array named so far, else stay on the key's line
            name = ".".join(str(c) for c in path[:i] if not isinstance(c, int))
            count = -1
            hit = None
            for n, ln in enumerate(lines):
                s = ln.strip()
                if s.startswith("[[") and s.rstrip("]").lstrip("[").strip() == name:
                    count += 1
                    if count == comp:
                        hit = n
                        break
            if hit is not None:
                start, found = hit, hit + 1
                header = name.split(".")
            i += 1
            continue
        key = str(comp)
        pat_key = re.compile(rf"^\s*(\"{re.escape(key)}\"|{re.escape(key)})\s*=")
        pat_head = re.compile(rf"^\s*\[\[?\s*([A-Za-z0-9_.\-\"]+\.)?\"?{re.escape(key)}\"?\s*\]\]?")
        hit = None
        for n in range(start, len(lines)):
            if pat_key.match(lines[n]) or pat_head.match(lines[n]):
                hit = n
                break
            if n > start and lines[n].lstrip().startswith("[") and header and i == len(header):
                pass
        if hit is None:
            # inline table / same line: look for `key =` anywhere on a line after start
            rx = re.compile(rf"[{{,\s]{re.escape(key)}\s*=")
            for n in range(start, len(lines)):
                if rx.search(" " + lines[n]):
                    hit = n
                    break
        if hit is None:
            return found
        start, found = hit, hit + 1
        i += 1
    return found


def _err(path: Path, text: str, keypath: tuple, message: str) -> RulesetError:
    return RulesetError(path, find_line(text, keypath) if keypath else None, message)


# --------------------------------------------------------------------------------------------
# rules


def _years(value: Any, path: Path, text: str, keypath: tuple) -> tuple[int | None, int | None]:
    if value is None:
        return (None, None)
    if not isinstance(value, dict) or set(value) - {"min", "max"}:
        raise _err(path, text, keypath, "years 应为 { min = 年份, max = 年份 }（可只写其一）")
    lo, hi = value.get("min"), value.get("max")
    for k, v in (("min", lo), ("max", hi)):
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or not 1990 <= v <= 2100):
            raise _err(path, text, keypath + (k,), f"years.{k} 应为年份（整数）")
    if lo is not None and hi is not None and lo > hi:
        raise _err(path, text, keypath, "years.min 大于 years.max")
    return (lo, hi)


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _check_rule_fields(data: dict, path: Path, text: str, *, partial: bool = False, prefix: tuple = ()) -> None:
    allowed = OVERRIDE_KEYS if partial else RULE_KEYS
    for k in data:
        if k not in allowed:
            what = "覆盖（override）中不允许的字段" if partial else "未知字段"
            raise _err(path, text, prefix + (k,), f"{what} {k}")
    if not partial:
        for k in REQUIRED_RULE_KEYS:
            if k not in data:
                raise _err(path, text, (), f"缺少必填字段 {k}")
    for k in ("id", "name", "kind", "severity", "summary", "message", "rationale", "limitations", "evidence_tag"):
        if k in data and (not isinstance(data[k], str) or not data[k].strip()):
            raise _err(path, text, prefix + (k,), f"字段 {k} 应为非空字符串")
    if "id" in data and not ID_RE.match(data["id"]):
        raise _err(path, text, ("id",), f"规则编号 {data['id']!r} 应形如 T3-001（大写字母族名-三位数字）")
    if "id" in data and codes.is_reserved(data["id"]):
        raise _err(path, text, ("id",), f"规则编号 {data['id']!r} 属于非规则问题代码（{'、'.join(codes.FAMILIES)}），规则集不能使用")
    if "name" in data and not NAME_RE.match(data["name"]):
        raise _err(path, text, prefix + ("name",), f"规则名称 {data['name']!r} 应为小写短横线形式，例如 application-balance-mismatch")
    if "kind" in data and data["kind"] not in KINDS:
        raise _err(path, text, ("kind",), f"未知的规则类型 {data['kind']!r}，可选：{', '.join(sorted(KINDS))}")
    if "severity" in data and data["severity"] not in ("error", "warning", "info"):
        raise _err(path, text, prefix + ("severity",), f"严重程度 {data['severity']!r} 无效，可选：error、warning、info")
    if "evidence_tag" in data and data["evidence_tag"] not in ("V", "P", "G"):
        raise _err(path, text, prefix + ("evidence_tag",), "evidence_tag 应为 V、P 或 G（见 regulation.md §0）")
    if "basis" in data and (not _str_list(data["basis"]) or not data["basis"]):
        raise _err(path, text, prefix + ("basis",), "basis 应为非空的字符串列表（法规、文件依据）")
    for k in ("requires", "aliases"):
        if k in data and not _str_list(data[k]):
            raise _err(path, text, prefix + (k,), f"{k} 应为字符串列表")
    if "requires" in data:
        for i, f in enumerate(data["requires"]):
            if f not in FACTS:
                raise _err(path, text, prefix + ("requires", i), f"requires 中的 {f!r} 无效，可选：{', '.join(FACTS)}")
    if "params" in data and not isinstance(data["params"], dict):
        raise _err(path, text, prefix + ("params",), "params 应为表（[params]）")


def _build_rule(data: dict, path: Path, text: str, ctx: CompileContext, defined_in: str, overridden_in: tuple[str, ...] = ()) -> Rule:
    spec = KINDS[data["kind"]]
    try:
        fields = message_fields(data["message"])
    except ValueError as e:
        raise _err(path, text, ("message",), f"message 模板无效：{e}") from None
    for f in fields:
        if f not in spec.placeholders:
            raise _err(
                path, text, ("message",),
                f"message 中的占位符 {{{f}}} 不是 {spec.name} 类型能提供的，可用：{', '.join('{' + x + '}' for x in sorted(spec.placeholders))}",
            )
    tag = data.get("evidence_tag", "P")
    if tag == "G" and data["severity"] == "error":
        raise _err(path, text, ("severity",), "依据标注为 [G]（未经核实的一般知识）的规则不能是 error，只能是 warning 或 info")
    try:
        compiled = spec.compile(Params(data.get("params", {})), ctx)
    except ParamError as e:
        raise _err(path, text, e.path, e.message) from None
    return Rule(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        severity=Severity(data["severity"]),
        summary=data["summary"].strip(),
        message=data["message"],
        basis=tuple(data["basis"]),
        rationale=data["rationale"].strip(),
        limitations=data["limitations"].strip(),
        params=data.get("params", {}),
        evidence_tag=tag,
        requires=tuple(data.get("requires", ())),
        aliases=tuple(data.get("aliases", ())),
        years=_years(data.get("years"), path, text, ("years",)),
        source=str(path),
        defined_in=defined_in,
        overridden_in=overridden_in,
        compiled=compiled,
        raw=data,
    )


# --------------------------------------------------------------------------------------------
# sets


def builtin_sets() -> list[str]:
    """The rule sets shipped in ``rules/`` (sorted)."""
    root = rules_dir()
    return sorted(p.name for p in root.iterdir() if (p / "ruleset.toml").is_file())


def resolve_set(name: str, near: Path | None = None) -> Path:
    """A set name or folder → its folder.  A name is looked up beside ``near`` first (so a
    province's sets can extend each other), then among the built-in sets."""
    p = Path(name)
    if ("/" in name or "\\" in name or name.startswith(".")) or (p.is_dir() and (p / "ruleset.toml").is_file()):
        if (p / "ruleset.toml").is_file():
            return p
        raise RulesetError(p, None, "不是规则集目录：找不到 ruleset.toml")
    if near is not None and (near / name / "ruleset.toml").is_file():
        return near / name
    cand = rules_dir() / name
    if (cand / "ruleset.toml").is_file():
        return cand
    known = ", ".join(builtin_sets())
    raise RulesetError(None, None, f"找不到规则集 {name!r}（内置规则集：{known}；也可给出规则集目录的路径）")


def load_ruleset(name_or_dir: str | Path) -> Ruleset:
    """Load a rule set by name (``cn-national-2021``) or folder; cached per resolved folder."""
    folder = resolve_set(str(name_or_dir))
    return _load_cached(str(folder.resolve()))


@lru_cache(maxsize=32)
def _load_cached(folder: str) -> Ruleset:
    return _load(Path(folder), ())


def _load(folder: Path, seen: tuple[str, ...]) -> Ruleset:
    path = folder / "ruleset.toml"
    data, text = _read_toml(path)
    for k in data:
        if k not in SET_KEYS:
            raise _err(path, text, (k,), f"ruleset.toml 中的未知字段 {k}")
    set_id = data.get("id")
    if not isinstance(set_id, str) or not SET_ID_RE.match(set_id):
        raise _err(path, text, ("id",), "id 应为规则集名称，例如 cn-national-2021")
    if set_id != folder.name:
        raise _err(path, text, ("id",), f"id {set_id!r} 与目录名 {folder.name!r} 不一致")
    if set_id in seen:
        raise _err(path, text, ("extends",), f"extends 形成循环：{' → '.join(seen + (set_id,))}")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _err(path, text, ("title",), "缺少 title（规则集的中文标题）")
    extends = data.get("extends")
    if extends is not None and (not isinstance(extends, str) or not extends):
        raise _err(path, text, ("extends",), "extends 应为一个规则集名称")
    parent: Ruleset | None = None
    if extends:
        try:
            parent_dir = resolve_set(extends, near=folder.parent)
        except RulesetError as e:
            raise _err(path, text, ("extends",), e.message) from None
        parent = _load(parent_dir, seen + (set_id,))
    tpl = data.get("template", None)
    if tpl is None:
        templates = parent.templates if parent else ()
    else:
        templates = tuple([tpl] if isinstance(tpl, str) else tpl) if (isinstance(tpl, str) or _str_list(tpl)) else ()
        names = current_template().version_names
        if not templates or any(t not in names for t in templates):
            raise _err(path, text, ("template",), f"template 应为 {', '.join(names)} 之一或其列表")
    if not templates:
        raise _err(path, text, ("template",), "缺少 template（规则集适用的报告格式）")
    years = _years(data.get("years"), path, text, ("years",)) if "years" in data else (parent.years if parent else (None, None))
    for k in ("description",):
        if k in data and not isinstance(data[k], str):
            raise _err(path, text, (k,), f"{k} 应为字符串")
    if "basis" in data and not _str_list(data["basis"]):
        raise _err(path, text, ("basis",), "basis 应为字符串列表")
    abstract = data.get("abstract", False)
    if not isinstance(abstract, bool):
        raise _err(path, text, ("abstract",), "abstract 应为 true 或 false")
    ctx = CompileContext(templates, current_template())

    # inherited rules, re-validated against this set's templates
    rules: dict[str, Rule] = {}
    raw: dict[str, tuple[dict, Path, str, str, tuple[str, ...]]] = {}
    if parent is not None:
        for r in parent.rules:
            _, rtext = _read_toml(Path(r.source))
            raw[r.id] = (dict(r.raw), Path(r.source), rtext, r.defined_in, r.overridden_in)

    disable = data.get("disable", [])
    if not _str_list(disable):
        raise _err(path, text, ("disable",), "disable 应为规则编号列表")
    for i, rid in enumerate(disable):
        if rid not in raw:
            raise _err(path, text, ("disable", i), f"disable 中的规则 {rid} 不在所继承的规则集中")
        del raw[rid]

    overrides = data.get("override", {})
    if not isinstance(overrides, dict):
        raise _err(path, text, ("override",), "override 应为表：[override.规则编号]")
    for rid, ov in overrides.items():
        if rid not in raw:
            raise _err(path, text, ("override", rid), f"override 的规则 {rid} 不在所继承的规则集中")
        if not isinstance(ov, dict):
            raise _err(path, text, ("override", rid), f"override.{rid} 应为表")
        _check_rule_fields(ov, path, text, partial=True, prefix=("override", rid))
        base, src, stext, defined_in, ovr = raw[rid]
        raw[rid] = (_merge(base, ov), src, stext, defined_in, ovr + (set_id,))

    for rid, (rdata, src, stext, defined_in, ovr) in raw.items():
        try:
            rules[rid] = _build_rule(rdata, src, stext, ctx, defined_in, ovr)
        except RulesetError as e:
            if ovr and ovr[-1] == set_id:
                raise RulesetError(path, find_line(text, ("override", rid)), f"覆盖规则 {rid} 后无效：{e.message}（原规则文件 {src}）") from None
            raise RulesetError(e.path, e.line, f"{e.message}（在规则集 {set_id} 中继承时）") from None

    # own rule files
    for file in sorted(folder.glob("*.toml")):
        if file.name == "ruleset.toml":
            continue
        rdata, rtext = _read_toml(file)
        _check_rule_fields(rdata, file, rtext)
        if rdata["id"] != file.stem:
            raise _err(file, rtext, ("id",), f"规则编号 {rdata['id']} 与文件名 {file.name} 不一致")
        if rdata["id"] in rules or rdata["id"] in disable:
            raise _err(file, rtext, ("id",), f"规则 {rdata['id']} 已由所继承的规则集定义：请在 ruleset.toml 中用 [override.{rdata['id']}] 修改，或先 disable 再换一个新编号")
        rules[rdata["id"]] = _build_rule(rdata, file, rtext, ctx, set_id)
    by_name: dict[str, str] = {}
    for r in rules.values():
        if r.name in by_name:
            raise RulesetError(r.source, find_line(_read_toml(Path(r.source))[1], ("name",)), f"规则名称 {r.name} 与规则 {by_name[r.name]} 重复")
        by_name[r.name] = r.id
    chain = (set_id,) + (parent.chain if parent else ())
    return Ruleset(
        id=set_id,
        title=title.strip(),
        path=str(folder),
        templates=templates,
        chain=chain,
        rules=tuple(sorted(rules.values(), key=lambda r: r.id)),
        extends=extends,
        years=years,
        description=data.get("description", "").strip(),
        basis=tuple(data.get("basis", ())),
        abstract=abstract,
        disabled=tuple(disable),
    )


def _merge(base: dict, ov: dict) -> dict:
    out = dict(base)
    for k, v in ov.items():
        if k == "params" and isinstance(v, dict):
            p = dict(base.get("params", {}))
            p.update(v)
            out["params"] = p
        else:
            out[k] = v
    return out


# --------------------------------------------------------------------------------------------
# choosing a set


def select_ruleset(report: Report) -> str:
    """The built-in set for a parsed report: the one its template version names, else the one of
    the version its year falls in, else the default version's (rules/templates/national.toml).

    template 2019 → cn-national-2019; 2021 → cn-national-2021; legacy → cn-legacy; unknown:
    year 2019–2020 → cn-national-2019, ≥ 2021 → cn-national-2021, ≤ 2018 → cn-legacy, no year →
    cn-national-2021.
    """
    found = current_template().ruleset_for(report.template, report.year)
    if found is None:
        raise RulesetError(current_template().path, None, f"模板数据没有为格式 {report.template} 指定规则集（ruleset）")
    return found
