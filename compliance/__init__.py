"""compliance: audit 政府信息公开工作年度报告 against the law and the national templates."""

__version__ = "0.1.0"

from .api import Limits, check, parse  # noqa: E402  (the library API: see docs/api.md)

__all__ = ["Limits", "check", "parse", "__version__"]
