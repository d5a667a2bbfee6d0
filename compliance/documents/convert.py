"""Older Word (.doc), WPS (.wps), RTF and ODT files → .docx bytes, through LibreOffice.

``soffice --headless --convert-to docx`` runs in a temporary folder that is removed afterwards,
with its own user profile there (so a LibreOffice already open on the machine does not swallow
the call), no shell (the file name never reaches a command line: the bytes are written to a
fixed name inside the temporary folder) and a timeout (:attr:`Limits.convert_timeout`).  The
converter is looked up as ``soffice`` or ``libreoffice`` on ``PATH``, or named by the
``COMPLIANCE_SOFFICE`` environment variable.  No converter, a failure or a timeout is a
``PRS-010`` finding that says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..codes import CONVERTER_MISSING
from . import DocumentError, Kind, Limits

__all__ = ["convert_to_docx", "find_converter"]

_SUFFIX = {"ole": ".doc", "rtf": ".rtf", "odt": ".odt"}
_WHAT = {"ole": "旧版 Word（.doc）或 WPS 文件", "rtf": "RTF 文件", "odt": "ODT 文件"}


def find_converter() -> str | None:
    """The LibreOffice program to convert with, or None."""
    named = os.environ.get("COMPLIANCE_SOFFICE")
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, path: str, kind: Kind, limits: Limits) -> bytes:
    what = _WHAT.get(kind, "文件")
    program = find_converter()
    if program is None:
        raise DocumentError(
            CONVERTER_MISSING,
            f"这是{what}，需要 LibreOffice 转换为 .docx 后读取，但本机没有安装 LibreOffice（找不到 soffice 命令）；"
            "请安装 LibreOffice（例如 apt-get install libreoffice-writer），或把文件另存为 .docx、文字版 PDF 或网页",
        )
    with tempfile.TemporaryDirectory(prefix="compliance-convert-") as tmp:
        folder = Path(tmp)
        source = folder / ("input" + _SUFFIX.get(kind, ".doc"))
        source.write_bytes(data)
        out = folder / "out"
        out.mkdir()
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            done = subprocess.run(
                command, cwd=tmp, capture_output=True, timeout=limits.convert_timeout, check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise DocumentError(
                CONVERTER_MISSING,
                f"这是{what}，用 LibreOffice 转换超过 {limits.convert_timeout:g} 秒仍未完成，已放弃"
                "（--limit convert_timeout=… 可调高）；请把文件另存为 .docx 后重新检查",
            ) from None
        except OSError as exc:
            raise DocumentError(
                CONVERTER_MISSING, f"这是{what}，但无法运行 LibreOffice（{program}：{exc.strerror or exc}）"
            ) from None
        result = out / "input.docx"
        if done.returncode != 0 or not result.is_file():
            detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            tail = f"：{detail[-1][:200]}" if detail else ""
            raise DocumentError(
                CONVERTER_MISSING,
                f"这是{what}，LibreOffice 未能把它转换为 .docx（退出码 {done.returncode}{tail}）；文件可能已损坏或加密",
            )
        return result.read_bytes()
