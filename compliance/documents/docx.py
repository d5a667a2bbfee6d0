"""Word (.docx) documents → :class:`~compliance.documents.base.Extracted` (being written)."""

from __future__ import annotations

from ..codes import UNREADABLE_INPUT
from . import DocumentError, Limits
from .base import Extracted


def read_docx(data: bytes, path: str, limits: Limits) -> Extracted:
    raise DocumentError(UNREADABLE_INPUT, "尚不支持 Word 文件")
