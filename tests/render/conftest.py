"""Fixtures for the renderer tests."""

from __future__ import annotations

import pytest

import render_samples as samples


@pytest.fixture
def run():
    return samples.sample_run()


@pytest.fixture
def sources():
    return samples.sample_sources()


@pytest.fixture
def catalog():
    return samples.RULES_CATALOG


@pytest.fixture
def hostile():
    return samples.hostile_run()
