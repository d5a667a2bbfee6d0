"""Shared test configuration: hypothesis profiles and the corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples"

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def corpus_file(name: str) -> Path:
    """A file of ../shared/corpus; the test is skipped when the corpus is not there."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not available (../shared/corpus is absent)")
    return path


@pytest.fixture
def corpus():
    return corpus_file
