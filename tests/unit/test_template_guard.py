"""Template knowledge lives in one place: ``rules/templates/national.toml``, read by
``compliance/template.py``.  No other module of the package may hold a table id or a label of
the template data as a string literal (docstrings and comments may name them)."""

from __future__ import annotations

import ast
from pathlib import Path

from compliance.template import current

PKG = Path(__file__).resolve().parents[2] / "compliance"
OWNER = PKG / "template.py"
MIN_LABEL = 4  # shorter labels (规章, 总计, 其他 …) are ordinary words of messages


def template_words() -> tuple[set[str], set[str]]:
    tpl = current()
    ids = {t.id for t in tpl.tables}
    labels: set[str] = set()
    for t in tpl.tables:
        for lab in (*t.rows, *t.columns, *t.groups):
            labels.update((lab.label, *lab.aliases, *(w for _, w in lab.printed), lab.display, *lab.names))
        labels.update(t.marks)
        labels.add(t.title)
    for v in tpl.versions:
        labels.update(v.fingerprint)
    return ids, {w for w in labels if len(w) >= MIN_LABEL}


def literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def offences(pkg: Path = PKG) -> list[str]:
    ids, labels = template_words()
    found = []
    for path in sorted(pkg.rglob("*.py")):
        if path == pkg / OWNER.name:
            continue
        for line, text in literals(path):
            if text in ids:
                found.append(f"{path.relative_to(pkg.parent)}:{line}: table id {text!r}")
                continue
            hit = next((w for w in sorted(labels, key=lambda w: (-len(w), w)) if w in text), None)
            if hit:
                found.append(f"{path.relative_to(pkg.parent)}:{line}: template label {hit!r} in {text[:60]!r}")
    return found


def test_no_template_knowledge_outside_the_template_module():
    assert offences() == []


def test_the_guard_sees_a_table_id_and_a_label(tmp_path):
    """The guard itself can fail: a module holding a table id and a label is caught; the
    template module and docstrings are not."""
    pkg = tmp_path / "compliance"
    pkg.mkdir()
    (pkg / "template.py").write_text('T = "applications"\n', encoding="utf-8")
    (pkg / "leak.py").write_text('"""Rows of applications: 结转下年度继续办理."""\nT = "applications"\nL = "“结转下年度继续办理”行"\n', encoding="utf-8")
    assert offences(pkg) == [
        "compliance/leak.py:2: table id 'applications'",
        "compliance/leak.py:3: template label '结转下年度继续办理' in '“结转下年度继续办理”行'",
    ]
