"""The check functions of the rule kinds declared in ``compliance.ruleset.params.KINDS``.

Each check module attaches its functions to their kinds with ``@implements("kind")``; importing
this package imports them all, so ``KINDS`` from here is complete: ``KINDS[rule.kind].check``.

Each function takes a rule (with validated, compiled params) and a :class:`Context` and yields
findings.  Each handles only its own concern: a missing table is ``required_table``'s finding,
so an identity over it yields nothing; a blank cell is ``cell_values``' finding (one per table),
and an identity over it is decided over every value the blank could hold (``expr.decide``):
an error when none makes it hold, a warning when it needs a non-zero value, nothing when 0
fits.  ``compliance.grouping`` then folds what remains undecided into its cause.  See
docs/rule-kinds.md and docs/findings.md.
"""

from __future__ import annotations

from ..ruleset.params import KINDS
from . import arithmetic, narrative, series, statements, structure, timeliness  # noqa: F401  (attach the checks)
from .base import Context

__all__ = ["KINDS", "Context"]
