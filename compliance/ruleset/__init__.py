"""Rule sets: declarative rules (``rules/<set>/*.toml``), their loader and expression language."""

from .load import builtin_sets, load_ruleset, resolve_set, select_ruleset
from .model import Facts, Rule, Ruleset, RulesetError

__all__ = ["Facts", "Rule", "Ruleset", "RulesetError", "builtin_sets", "load_ruleset", "resolve_set", "select_ruleset"]
