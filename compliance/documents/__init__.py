"""Word and PDF documents: recognised by their content, read into the parser's input.

:func:`sniff` names what a file is by its bytes (a PDF header, a ZIP holding
``word/document.xml``, an OLE2 compound file, ``{\\rtf``), whatever its name says; text
formats (HTML, Markdown, plain text …) are ``None`` and go to :mod:`compliance.read`.
:func:`read_document` reads a recognised document within :class:`Limits` into
:class:`~compliance.documents.base.Extracted`; a file it cannot read raises
:class:`DocumentError` carrying the catalogue code and a Chinese message.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any, Literal

from attrs import evolve, fields, frozen

from ..codes import INPUT_LIMIT_EXCEEDED, PROTECTED_DOCUMENT, UNREADABLE_INPUT, Code
from .base import Extracted

__all__ = ["DocumentError", "Limits", "Kind", "sniff", "read_document", "LIMIT_HELP"]

Kind = Literal["pdf", "docx", "ole", "rtf", "odt", "zip"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@frozen
class Limits:
    """What a document may cost to read; exceeding one is a ``PRS-009`` finding.

    Set on the command line with ``--limit NAME=VALUE`` (repeatable) or passed to the library
    functions (``parse_path(..., limits=Limits(max_pages=50))``)."""

    max_file_mb: float = 100.0  # a PDF or Word file on disk
    max_pages: int = 500  # PDF pages
    max_members: int = 2000  # entries of a .docx ZIP
    max_unzipped_mb: float = 200.0  # total uncompressed size of a .docx
    max_ratio: float = 200.0  # uncompressed / compressed size of one .docx member
    convert_timeout: float = 120.0  # seconds for one LibreOffice conversion

    def check_size(self, size: int, what: str) -> None:
        if size > self.max_file_mb * 1024 * 1024:
            raise DocumentError(
                INPUT_LIMIT_EXCEEDED,
                f"{what}文件大小 {size / 1024 / 1024:.1f} MB，超过上限 {self.max_file_mb:g} MB（--limit max_file_mb=…）",
            )

    @classmethod
    def parse(cls, items: list[str] | tuple[str, ...]) -> "Limits":
        """``["max_pages=50", …]`` → Limits; raises ValueError with a Chinese message."""
        values: dict[str, Any] = {}
        names = {f.name: f.type for f in fields(cls)}
        for item in items:
            name, sep, value = item.partition("=")
            name = name.strip()
            if not sep or name not in names:
                raise ValueError(f"未知的读取限制 {item!r}；可用：{'、'.join(names)}（写作 NAME=VALUE）")
            try:
                number = float(value) if names[name] in ("float", float) else int(value)
            except ValueError:
                raise ValueError(f"读取限制 {name} 的值 {value!r} 不是数字") from None
            if number <= 0:
                raise ValueError(f"读取限制 {name} 必须大于 0")
            values[name] = number
        return cls(**values)


LIMIT_HELP = "、".join(f.name for f in fields(Limits))


class DocumentError(Exception):
    """A document that cannot be read: the catalogue code of its finding and the message."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def sniff(data: bytes) -> Kind | None:
    """What the bytes are, by content: ``pdf``, ``docx``, ``odt``, ``zip`` (another ZIP),
    ``ole`` (.doc, .wps, .xls …), ``rtf``; None for text (HTML, Markdown, plain …)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE):
        return "ole"
    if head.lstrip()[:5].lower() == b"{\\rtf":
        return "rtf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = set(z.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and z.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
                    return "odt"
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, KeyError, RuntimeError):
            return "zip"
        return "zip"
    return None


_NAMES = {"pdf": "PDF", "docx": "Word（.docx）", "ole": "Word/WPS（.doc/.wps）", "rtf": "RTF", "odt": "ODT", "zip": "ZIP"}


def read_document(data: bytes, path: str, kind: Kind, limits: Limits | None = None) -> Extracted:
    """Read a document of ``kind`` (from :func:`sniff`); raises :class:`DocumentError`."""
    limits = limits or Limits()
    limits.check_size(len(data), _NAMES[kind])
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, path, limits)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, path, limits)
    if kind == "ole" and "EncryptedPackage".encode("utf-16-le") in data:
        # an encrypted Office file (a password-protected .docx is an OLE container)
        raise DocumentError(PROTECTED_DOCUMENT, "Word 文件设有打开密码（已加密），无法读取；请提供未加密的版本")
    if kind in ("ole", "rtf", "odt"):
        from .convert import convert_to_docx
        from .docx import read_docx

        converted = convert_to_docx(data, path, kind, limits)
        return evolve(read_docx(converted, path, limits), format=f"docx-from-{kind}")
    raise DocumentError(
        UNREADABLE_INPUT,
        "文件是 ZIP 压缩包，但不是 Word 文档（.docx）：请解压后检查其中的报告文件",
    )
