"""The check kinds: one function per kind in ``compliance.ruleset.params.KINDS``.

Each function takes a rule (with validated, compiled params) and a :class:`Context` and yields
findings.  Each handles only its own concern: a missing table is ``required_table``'s finding,
so an identity over it yields nothing; a blank cell is ``cell_values``' finding, so an identity
over it yields only an info "not assessable".  See docs/rule-kinds.md.
"""

from __future__ import annotations

from typing import Callable, Iterable

from .arithmetic import check_table_identity
from .base import Context
from .narrative import check_narrative_agreement, check_narrative_arithmetic, check_zero_implication
from .statements import check_required_statement
from .structure import (
    check_cell_values,
    check_required_metadata,
    check_required_section,
    check_required_table,
    check_row_labels,
    check_template_year,
)
from .timeliness import check_deadline

CHECKS: dict[str, Callable[..., Iterable]] = {
    "required_section": check_required_section,
    "required_table": check_required_table,
    "row_labels": check_row_labels,
    "cell_values": check_cell_values,
    "table_identity": check_table_identity,
    "zero_implication": check_zero_implication,
    "narrative_agreement": check_narrative_agreement,
    "narrative_arithmetic": check_narrative_arithmetic,
    "required_statement": check_required_statement,
    "template_year": check_template_year,
    "required_metadata": check_required_metadata,
    "deadline": check_deadline,
}

__all__ = ["CHECKS", "Context"]
