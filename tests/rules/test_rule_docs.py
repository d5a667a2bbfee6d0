"""Every rule is documented and tested; the generated docs are current.

- every rule file has summary, rationale, basis and limitations (the loader enforces them; a
  rule with an empty field fails here too);
- every rule defined or overridden in a set has tests/rules/<set>/<ID>.toml, and every case
  file has a rule;
- every case file has ≥ 1 passing case (expect = []) and ≥ 1 failing case (findings of its
  rule), exactly one ``doc = "good"`` and one ``doc = "bad"``;
- docs/rules/ equals what ``python -m compliance.devtools gen-docs`` would write.
"""

from __future__ import annotations

import pytest

from compliance.devtools import doc_set, stale_pages
from compliance.ruleset import builtin_sets, load_ruleset

from .cases import HERE, case_files, load_case_file

SETS = builtin_sets()


def _documented_rules():
    out = []
    for name in SETS:
        rs = load_ruleset(name)
        for r in rs.rules:
            if doc_set(r) == rs.id:
                out.append((rs.id, r))
    return out


RULES = _documented_rules()


@pytest.mark.parametrize("set_id,rule", RULES, ids=[f"{s}/{r.id}" for s, r in RULES])
def test_rule_is_documented_and_has_cases(set_id, rule):
    for field in ("summary", "rationale", "limitations", "message"):
        assert getattr(rule, field).strip(), f"{rule.id}: empty {field}"
    assert rule.basis and all(b.strip() for b in rule.basis), f"{rule.id}: no basis"
    if rule.evidence_tag == "G":
        assert rule.severity.value != "error", f"{rule.id}: a rule resting on [G] must not be an error"
    path = HERE / set_id / f"{rule.id}.toml"
    assert path.is_file(), f"{rule.id}: missing test cases {path.relative_to(HERE.parent.parent)}"
    data = load_case_file(path)
    cases = data.get("case", [])
    passing = [c for c in cases if not c.get("expect")]
    failing = [c for c in cases if any(e["rule"] == rule.id and e.get("severity", None) != "info" for e in c.get("expect", []))]
    failing = failing or [c for c in cases if any(e["rule"] == rule.id for e in c.get("expect", []))]
    assert passing, f"{rule.id}: no passing case"
    assert failing, f"{rule.id}: no failing case"
    assert [c.get("doc") for c in cases].count("good") == 1, f"{rule.id}: needs exactly one doc = \"good\" case"
    assert [c.get("doc") for c in cases].count("bad") == 1, f"{rule.id}: needs exactly one doc = \"bad\" case"
    good = next(c for c in cases if c.get("doc") == "good")
    bad = next(c for c in cases if c.get("doc") == "bad")
    assert not good.get("expect"), f"{rule.id}: the good example must have no findings"
    assert bad.get("expect"), f"{rule.id}: the bad example must have findings"


def test_every_case_file_has_a_rule():
    known = {(s, r.id) for s, r in RULES}
    orphans = [p for p in case_files() if (p.parent.name, p.stem) not in known]
    assert not orphans, f"case files without a rule: {orphans}"


def test_generated_docs_are_current():
    stale = stale_pages()
    assert not stale, "docs/rules is stale; run `python -m compliance.devtools gen-docs`:\n" + "\n".join(stale)
