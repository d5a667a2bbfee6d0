"""``--format json``: exactly the contract's JSON (``RunResult.to_dict()``), findings sorted.

``ensure_ascii=False`` (Chinese stays readable), two-space indent, a final newline; the same
run gives byte-identical output.
"""

from __future__ import annotations

import json
from typing import Any

from ..findings import RunResult
from ._common import normalised_run


def to_dict(run: RunResult) -> dict[str, Any]:
    return normalised_run(run).to_dict()


def render_json(run: RunResult) -> str:
    return json.dumps(to_dict(run), ensure_ascii=False, indent=2, default=_default) + "\n"


def _default(value: Any) -> Any:
    # evidence values the engine may use beyond JSON's types: render them plainly, never crash
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)
