"""Fixtures for the server tests: one in-process app (its worker pool started by the
TestClient's lifespan) per module, and the CLI's output for the same files."""

from __future__ import annotations

from pathlib import Path

import pytest

from server_support import EXAMPLES, make_client


@pytest.fixture(scope="module")
def client():
    with make_client(workers=2) as c:
        yield c


@pytest.fixture
def cli(monkeypatch, capsysbinary):
    """``cli(*args, cwd=EXAMPLES)`` → (exit code, stdout bytes) of ``compliance …`` in-process."""
    from compliance.cli import main

    def run(*args: str, cwd: Path = EXAMPLES) -> tuple[int, bytes]:
        monkeypatch.chdir(cwd)
        capsysbinary.readouterr()
        code = main(list(args))
        return code, capsysbinary.readouterr().out

    return run

