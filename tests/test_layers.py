"""Imports point one way: read → normalise → adapters → build → layout → (engine, render) → cli.

A module may import only from its own layer or the layers below it (stdlib ``ast``; no
import-linter dependency).  Leaf value types (text, model, findings, codes, resources) sit at
the bottom.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "compliance"

# lower number = lower layer
LAYERS = {
    "text": 0, "resources": 0, "headings": 0, "spool": 0, "findings": 1, "expr": 1, "codes": 1, "model": 1, "template": 1, "snapshot": 1,
    "read": 2, "normalise": 2, "agency": 2, "progress": 2, "manifest": 2, "similarity": 2,
    "adapters": 3, "documents": 3, "ast": 4, "build": 4,
    "layout": 5, "parse": 6,
    "ruleset": 7, "checks": 8, "engine": 9, "grouping": 9, "series": 9,
    "render": 10, "baseline": 10, "history": 10, "export": 10, "api": 11, "server": 11,
    "commands": 12, "cli": 13, "devtools": 13, "__main__": 14, "__init__": 14,
}


def layer_of(module: str) -> int | None:
    head = module.split(".")[0]
    return LAYERS.get(head)


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PKG).with_suffix("")
    package = list(rel.parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("compliance."):
                    out.append(node.module.split(".", 1)[1])
                continue
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join([*base, node.module] if node.module else base)
            if node.module is None:
                out.extend(".".join([*base, a.name]) for a in node.names)
            elif target:
                out.append(target)
        elif isinstance(node, ast.Import):
            out.extend(a.name.split(".", 1)[1] for a in node.names if a.name.startswith("compliance."))
    return out


def test_imports_point_down():
    bad = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).with_suffix("")
        own = layer_of(".".join(rel.parts))
        if own is None:
            continue
        for target in imports(path):
            other = layer_of(target)
            if other is not None and other > own:
                bad.append(f"{'.'.join(rel.parts)} (layer {own}) imports {target} (layer {other})")
    assert bad == []


def test_every_module_has_a_layer():
    unknown = sorted({p.relative_to(PKG).parts[0].removesuffix(".py") for p in PKG.rglob("*.py")} - set(LAYERS) - {"_data", "py.typed"})
    assert unknown == []
