"""The one generic runner for every rule's cases: ``pytest -k T3-001`` selects a rule.

Test ids are ``<set>/<ID>/<case>``.  See tests/rules/cases.py for the case format.
"""

from __future__ import annotations

import pytest

from .cases import all_cases, compare, describe, run_case

CASES = all_cases()


@pytest.mark.parametrize("path,case", [(p, c) for _id, p, c in CASES], ids=[i for i, _p, _c in CASES])
def test_rule_case(path, case):
    findings = run_case(path, case)
    errors = compare(findings, case.get("expect", []))
    assert not errors, "\n".join(errors) + "\nactual findings:\n" + describe(findings)
