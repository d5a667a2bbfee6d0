"""The kind registry (``compliance.ruleset.params.KINDS``) is complete and tells the truth.

- every kind has a check function (attached by ``compliance.checks``), a summary, declared
  parameters with a meaning, and declared placeholders with a meaning;
- every declared parameter is read by the kind's compiler (over the built-in rules: a
  declared key the compiler never reads would be documented yet rejected as unknown), and the
  compiler reads nothing undeclared (``Params`` refuses it);
- the placeholders a kind declares are exactly those its check fills into messages: every
  built-in rule's case file is run with ``Rule.finding`` recorded; each templated finding
  fills only declared placeholders, and over all runs every declared one is filled;
- every rule's message uses only placeholders its kind declares (the loader enforces it) and
  that its check actually fills for that rule (a ``{name}`` that is never filled would be
  printed literally);
- ``docs/rule-kinds.md`` equals what ``python -m compliance.devtools gen-docs`` writes.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from compliance.checks import KINDS
from compliance.devtools import KINDS_DOC, kinds_page
from compliance.ruleset import builtin_sets, load_ruleset
from compliance.ruleset.model import Rule, message_fields
from compliance.ruleset.params import PARAM_TYPES, CompileContext, Param, Params, implements
from compliance.template import current as load_schema

from .cases import all_cases, run_case

SETS = [load_ruleset(name) for name in builtin_sets()]
BUILTIN_RULES = [(rs, r) for rs in SETS for r in rs.rules]


def _declared(params: tuple[Param, ...], prefix: str = "") -> set[str]:
    out = set()
    for d in params:
        out.add(prefix + d.name)
        out |= _declared(d.fields, f"{prefix}{d.name}.")
    return out


@pytest.mark.parametrize("name", list(KINDS))
def test_kind_is_complete(name):
    k = KINDS[name]
    assert k.name == name
    assert k.has_check and callable(k.check), f"{name}: no check function (@implements({name!r}) in compliance/checks/)"
    assert k.check.__module__.startswith("compliance.checks."), f"{name}: the check is not in compliance/checks/"
    assert k.summary.strip(), f"{name}: no summary"
    assert k.params, f"{name}: no parameter spec"
    for d in _walk(k.params):
        assert d.type in PARAM_TYPES and d.meaning.strip(), f"{name}: parameter {d.name} lacks a type or meaning"
        assert bool(d.fields) == (d.type == "tables"), f"{name}: parameter {d.name}: fields are for tables only"
        assert not (d.required and (d.default is not None or d.default_text)), f"{name}: {d.name} is required and has a default"
        if d.choices is not None and d.default is not None:
            defaults = d.default if isinstance(d.default, tuple) else (d.default,)
            assert set(defaults) <= set(d.choices), f"{name}: {d.name}: default not among the choices"
    assert k.placeholders, f"{name}: no placeholders"
    for ph, meaning in k.placeholders.items():
        assert ph.isidentifier() and meaning.strip(), f"{name}: placeholder {ph!r} lacks a meaning"


def _walk(params):
    for d in params:
        yield d
        yield from _walk(d.fields)


def test_one_check_per_kind():
    checks = [k.check for k in KINDS.values()]
    assert len(set(checks)) == len(checks)
    assert all(k.check.__name__ == f"check_{k.name}" for k in KINDS.values())


def test_implements_only_declared_kinds():
    with pytest.raises(LookupError):
        implements("no_such_kind")(lambda rule, ctx: ())

    def check_required_section(rule, ctx):  # same name, another function
        return ()

    with pytest.raises(ValueError):
        implements("required_section")(check_required_section)
    assert KINDS["required_section"].check.__module__ == "compliance.checks.structure"


def test_every_kind_has_builtin_rules():
    used = {r.kind for _rs, r in BUILTIN_RULES}
    assert used == set(KINDS), f"kinds without a built-in rule: {sorted(set(KINDS) - used)}"


def test_declared_params_are_read_by_the_compiler(monkeypatch):
    read: dict[str, set[str]] = defaultdict(set)
    original = Params._get

    def recording(self, d):
        name = ".".join([str(c) for c in self.path[1:] if not isinstance(c, int)] + [d.name])
        read[current].add(name)
        return original(self, d)

    monkeypatch.setattr(Params, "_get", recording)
    schema = load_schema()
    for rs, r in BUILTIN_RULES:
        current = r.kind
        KINDS[r.kind].compile(Params(r.params), CompileContext(rs.templates, schema))
    for name, k in KINDS.items():
        declared = _declared(k.params)
        assert declared <= read[name], f"{name}: declared but never read by the compiler: {sorted(declared - read[name])}"
        assert read[name] <= declared, f"{name}: read but not declared: {sorted(read[name] - declared)}"


@pytest.fixture(scope="module")
def filled():
    """(kind → placeholders filled, rule id → placeholders filled), over every rule case."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    by_rule: dict[tuple, set[str]] = defaultdict(set)
    stray: list[str] = []
    original = Rule.finding

    def recording(self, values, **kw):
        if kw.get("message") is None:  # the rule's template is filled (not a fixed info message)
            keys = set(values)
            by_kind[self.kind] |= keys
            by_rule[(self.source, self.id, self.overridden_in)] |= keys
            extra = keys - set(KINDS[self.kind].placeholders)
            if extra:
                stray.append(f"{self.id} ({self.kind}) fills undeclared placeholders {sorted(extra)}")
        return original(self, values, **kw)

    mp = pytest.MonkeyPatch()
    mp.setattr(Rule, "finding", recording)
    try:
        for _id, path, case in all_cases():
            run_case(path, case)
    finally:
        mp.undo()
    return by_kind, by_rule, stray


def test_checks_fill_only_declared_placeholders(filled):
    _by_kind, _by_rule, stray = filled
    assert not stray, "\n".join(stray)


@pytest.mark.parametrize("name", list(KINDS))
def test_every_declared_placeholder_is_filled(filled, name):
    by_kind, _by_rule, _stray = filled
    declared = set(KINDS[name].placeholders)
    got = by_kind[name]
    assert got == declared, f"{name}: declared but never filled: {sorted(declared - got)}; filled but not declared: {sorted(got - declared)}"


@pytest.mark.parametrize("rs,rule", BUILTIN_RULES, ids=[f"{rs.id}/{r.id}" for rs, r in BUILTIN_RULES])
def test_rule_message_uses_filled_placeholders(filled, rs, rule):
    _by_kind, by_rule, _stray = filled
    fields = set(message_fields(rule.message))
    assert fields <= set(KINDS[rule.kind].placeholders)
    got = by_rule.get((rule.source, rule.id, rule.overridden_in))
    assert got is not None, f"{rule.id}: no case produced a finding with its message template"
    assert fields <= got, f"{rule.id}: message placeholders its check never filled: {sorted(fields - got)}"


def test_rule_kinds_doc_is_current():
    text = KINDS_DOC.read_text(encoding="utf-8") if KINDS_DOC.is_file() else ""
    assert text == kinds_page(), "docs/rule-kinds.md is stale; run `python -m compliance.devtools gen-docs`"
