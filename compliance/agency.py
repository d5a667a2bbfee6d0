"""Agency names compared as an auditor compares them: after normalisation and an alias file.

Reports print their agency in many ways: full or short names (``湖南省人民政府办公厅`` /
``湖南省政府办公厅``), ``管理委员会`` / ``管委会``, traditional script, spaces, brackets, the
year and the report title glued on.  :func:`agency_key` folds these into one key; an alias
file (TOML ``[aliases]`` or CSV ``alias,name``) maps other names of an agency to the name the
office files it under.

    key = agency_key("湖南省 人民政府辦公廳")      # "湖南省政府办公厅"
    aliases = Aliases.load("aliases.toml")
    aliases.key("怀化经开区管委会")                  # the key of the name it is an alias of
"""

from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Mapping

from .normalise import to_simplified

# longer forms folded into the short form an agency is also called by (order matters: longest first)
_FOLDS: tuple[tuple[str, str], ...] = (
    ("中华人民共和国", ""),
    ("管理委员会", "管委会"),
    ("人民政府", "政府"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("高新技术产业开发区", "高新区"),
    ("办事处", ""),
)
_NOISE = re.compile(r"[\s\u3000·•・.,，、。:：;；'\"“”‘’()（）\[\]【】《》<>〈〉-]+")
_TAIL = re.compile(r"(?:\d{4}\s*年度?)?(?:政府信息公开(?:工作)?(?:年度)?报告)?$")
_HEAD_YEAR = re.compile(r"^\d{4}\s*年度?")


def agency_key(name: str | None) -> str | None:
    """The normalised key of an agency name (None for no name)."""
    if not name:
        return None
    text = to_simplified(unicodedata.normalize("NFKC", name))
    text = _NOISE.sub("", text)
    text = _HEAD_YEAR.sub("", text)
    text = _TAIL.sub("", text)
    for long, short in _FOLDS:
        text = text.replace(long, short)
    return text or None


class AliasError(ValueError):
    """An alias file that cannot be read: the message names the file and the place."""


class Aliases:
    """Other names of agencies → the name each is filed under (both compared by key)."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self._map: dict[str, str] = {}
        for alias, name in (mapping or {}).items():
            a, n = agency_key(alias), agency_key(name)
            if a and n:
                self._map[a] = n

    def key(self, name: str | None) -> str | None:
        k = agency_key(name)
        if k is None:
            return None
        seen = {k}
        while k in self._map:  # an alias of an alias: follow, never loop
            k = self._map[k]
            if k in seen:
                break
            seen.add(k)
        return k

    def __len__(self) -> int:
        return len(self._map)

    @classmethod
    def load(cls, path: str | Path) -> "Aliases":
        """A TOML file (``[aliases]`` table: ``"别名" = "名称"``) or a CSV file (``alias,name``
        columns, a header row)."""
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise AliasError(f"{p}: 无法读取别名文件：{exc.strerror or exc}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AliasError(f"{p}: 别名文件须为 UTF-8 编码（第 {exc.start} 字节）") from None
        if p.suffix.lower() == ".toml":
            try:
                doc = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise AliasError(f"{p}: {exc}") from None
            table = doc.get("aliases", {})
            if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
                raise AliasError(f"{p}: [aliases] 须为“别名 = 名称”的字符串表")
            return cls(table)
        rows = list(csv.reader(text.splitlines()))
        if not rows or [c.strip().lower() for c in rows[0][:2]] != ["alias", "name"]:
            raise AliasError(f"{p}:1: 别名 CSV 的第一行须为表头 alias,name")
        mapping: dict[str, str] = {}
        for n, row in enumerate(rows[1:], 2):
            if not any(c.strip() for c in row):
                continue
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise AliasError(f"{p}:{n}: 每行须有别名和名称两列")
            mapping[row[0].strip()] = row[1].strip()
        return cls(mapping)

