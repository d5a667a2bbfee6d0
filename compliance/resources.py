"""Where the data folders (grammars/, rules/) are: the one module that computes their paths.

In an installed wheel they live in ``compliance/_data/``; in a source checkout (editable
install, running the tests) at the repository root.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} not found (looked in {_PKG / '_data'} and {_PKG.parent})")


def grammar_path(name: str) -> Path:
    return data_dir("grammars") / name


def rules_dir() -> Path:
    return data_dir("rules")
