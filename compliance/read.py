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
    try:
        return SourceText(path, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 decodes almost any byte string, so a detector's other guess (Big5 …) competes
    # with it on how much of the text is common simplified Chinese
    best: tuple[float, int, str, str] | None = None
    for rank, enc in enumerate(dict.fromkeys(["gb18030", _guess(data) or "gb18030"])):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score = (_common_share(text), -rank, enc, text)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is not None:
        return SourceText(path, best[3], best[2])
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


# the most frequent simplified characters of official Chinese prose
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
    "开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气第向道命此"
    "变条只没结解问意建月公无系很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头"
    "基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保"
    "治北造百规热领七海口东导器压志世金增争济阶油思术极交受联认六共权收证改清己美再采转更单风切打白教速花带安场"
    "身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉"
    "林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往"
    "历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆"
    "包火住调满县局照参红细引听该铁价严龙飞申请公开政府信息报告"
)


def _common_share(text: str) -> float:
    han = [c for c in text[:5000] if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    return sum(1 for c in han if c in _COMMON) / len(han)


def _looks_chinese(text: str) -> bool:
    sample = text[:2000]
    if any(c < " " and c not in "\t\n\r" for c in sample):
        return False
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    return han > 0 and han * 5 >= len(sample.strip()) and _common_share(sample) >= 0.3


def read_path(path: str | os.PathLike[str]) -> SourceText:
    return decode(read_bytes(path), str(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file; a :class:`ReadError` with a Chinese message when it cannot be read."""
    p = Path(path)
    try:
        return p.read_bytes()
    except IsADirectoryError:
        raise ReadError(str(path), "这是一个文件夹，不是文件") from None
    except FileNotFoundError:
        raise ReadError(str(path), "文件不存在") from None
    except PermissionError:
        raise ReadError(str(path), "没有读取该文件的权限") from None
    except OSError as exc:
        raise ReadError(str(path), f"无法读取文件：{exc.strerror or exc}") from None
