"""Bytes → :class:`~compliance.text.SourceText`.  The only parsing stage that touches files.

Encodings, in order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32); strict UTF-8;
charset-normalizer's best guess (restricted to the encodings Chinese reports actually use);
GB18030 (a superset of GBK and GB2312, and what short GBK files that defeat detection are).
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from .text import SourceText

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHINESE = ("gb18030", "gbk", "gb2312", "big5", "big5hkscs", "utf_16", "utf_8", "hz")


class ReadError(Exception):
    """The bytes cannot be turned into text.  Carries a Chinese message for the user."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def decode(data: bytes, path: str = "<bytes>") -> SourceText:
    if not data.strip():
        raise ReadError(path, "文件为空，没有可读取的内容")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return SourceText(path, data[len(bom):].decode(enc), enc + "-bom", True)
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"文件以 {enc} 字节序标记开头，但第 {exc.start} 字节处无法按 {enc} 解码") from None
    try:
        return SourceText(path, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM is the only text encoding with NULs; anything else is binary
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_chinese(text):
                return SourceText(path, text, enc)
        raise ReadError(path, "文件是二进制内容（含 NUL 字节），不是文本、HTML 或 Markdown 报告")
    guess = _guess(data)
    for enc in ([guess] if guess else []) + ["gb18030"]:
        try:
            return SourceText(path, data.decode(enc), enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise ReadError(path, "无法识别文件编码（已尝试 UTF-8、GB18030 等），请转换为 UTF-8 后重试")


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    best = from_bytes(data, cp_isolation=list(_CHINESE)).best()
    if best is None:
        return None
    enc = best.encoding.lower()
    # GBK and GB2312 are subsets of GB18030: decode with the superset so rare characters survive
    return "gb18030" if enc in ("gbk", "gb2312", "cp936") else enc


def _looks_chinese(text: str) -> bool:
    sample = text[:2000]
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    return han * 5 >= len(sample.strip()) and han > 0


def read_path(path: str | os.PathLike[str]) -> SourceText:
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ReadError(str(path), "这是一个文件夹，不是文件") from None
    except FileNotFoundError:
        raise ReadError(str(path), "文件不存在") from None
    except PermissionError:
        raise ReadError(str(path), "没有读取该文件的权限") from None
    except OSError as exc:
        raise ReadError(str(path), f"无法读取文件：{exc.strerror or exc}") from None
    return decode(data, str(path))
