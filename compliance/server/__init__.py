"""``compliance serve``: the upload page for auditors and the HTTP API for review systems.

    from compliance.server import ServerConfig, create_app
    app = create_app(ServerConfig(workers=4))      # an ASGI app; run it with uvicorn

See docs/server.md.
"""

from __future__ import annotations

from .app import Problem, ServerConfig, create_app

__all__ = ["Problem", "ServerConfig", "create_app"]
