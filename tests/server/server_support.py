"""Helpers of the in-process server tests (imported as ``server_support``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def make_client(raise_server_exceptions: bool = True, **config: Any) -> Any:
    """A TestClient of an app with this ServerConfig; use it as a context manager (the
    lifespan starts the worker pool)."""
    from starlette.testclient import TestClient

    from compliance.server import ServerConfig, create_app

    return TestClient(create_app(ServerConfig(**config)), raise_server_exceptions=raise_server_exceptions)


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()
