"""The batch manifest (``--manifest FILE``): per report file what the report does not say.

Columns (CSV with a header row; or TOML ``[[report]]`` tables; or JSON ``{"reports": [...]}``
/ a list of objects), all but ``file`` optional:

    file           the report file, relative to the manifest's folder (or absolute)
    agency         the agency's name (pairs years and bodies when the report prints another form)
    region         the region code (行政区划代码), e.g. 431102
    parent         the agency name of the body above it (its row's ``agency``): the hierarchy rules
    issuer_kind    department | government | township | other (as ``--issuer-kind``)
    published_on   YYYY-MM-DD (as ``--published-on``)
    url            where it was published
    previous       the same agency's report of the year before (a file, relative like ``file``)

Every error names the manifest and the line (CSV, TOML) or the entry (JSON).
"""

from __future__ import annotations

import csv
import datetime
import json
import tomllib
from pathlib import Path
from typing import Any, Mapping

from attrs import frozen

COLUMNS = ("file", "agency", "region", "parent", "issuer_kind", "published_on", "url", "previous")
ISSUER_KINDS = ("department", "government", "township", "other")


class ManifestError(ValueError):
    """A manifest that cannot be used: the message names the file and the place."""


@frozen
class Entry:
    file: Path  # resolved against the manifest's folder
    agency: str | None = None
    region: str | None = None
    parent: str | None = None
    issuer_kind: str | None = None
    published_on: datetime.date | None = None
    url: str | None = None
    previous: Path | None = None
    where: str = ""  # manifest:line, for messages


@frozen
class Manifest:
    path: Path
    entries: tuple[Entry, ...]

    def for_file(self, file: str | Path) -> Entry | None:
        key = _key(Path(file))
        return self._by_file().get(key)

    def _by_file(self) -> dict[str, Entry]:
        return {_key(e.file): e for e in self.entries}

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(e.file for e in self.entries)

    @classmethod
    def load(cls, path: str | Path) -> "Manifest":
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ManifestError(f"{p}: 无法读取批次清单：{exc.strerror or exc}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ManifestError(f"{p}: 批次清单须为 UTF-8 编码（第 {exc.start} 字节无法解码）") from None
        suffix = p.suffix.lower()
        if suffix == ".toml":
            rows = _toml_rows(p, text)
        elif suffix == ".json":
            rows = _json_rows(p, text)
        else:
            rows = _csv_rows(p, text)
        base = p.parent
        entries = [_entry(base, where, row) for where, row in rows]
        seen: dict[str, str] = {}
        for e in entries:
            k = _key(e.file)
            if k in seen:
                raise ManifestError(f"{e.where}: 文件 {e.file} 已在 {seen[k]} 列出")
            seen[k] = e.where
        return cls(p, tuple(entries))


def _key(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):
        return str(p.absolute())


def _csv_rows(p: Path, text: str) -> list[tuple[str, Mapping[str, Any]]]:
    lines = text.splitlines()
    reader = csv.reader(lines)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ManifestError(f"{p}: 批次清单为空（第一行应为表头，至少含 file 列）") from None
    except csv.Error as exc:
        raise ManifestError(f"{p}:1: {exc}") from None
    unknown = [h for h in header if h and h not in COLUMNS]
    if "file" not in header:
        raise ManifestError(f"{p}:1: 表头缺少 file 列（可用列：{', '.join(COLUMNS)}）")
    if unknown:
        raise ManifestError(f"{p}:1: 未知的列 {unknown[0]!r}（可用列：{', '.join(COLUMNS)}）")
    rows: list[tuple[str, Mapping[str, Any]]] = []
    try:
        for row in reader:
            n = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) > len(header):
                raise ManifestError(f"{p}:{n}: 本行有 {len(row)} 列，表头只有 {len(header)} 列")
            rows.append((f"{p}:{n}", {h: c for h, c in zip(header, row) if h}))
    except csv.Error as exc:
        raise ManifestError(f"{p}:{reader.line_num}: {exc}") from None
    return rows


def _toml_rows(p: Path, text: str) -> list[tuple[str, Mapping[str, Any]]]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{p}: {exc}") from None
    items = doc.get("report")
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        raise ManifestError(f"{p}: 应为若干 [[report]] 表，每个表给出一个报告文件（file = \"…\"）")
    return [(f"{p}: 第 {i} 个 [[report]]", x) for i, x in enumerate(items, 1)]


def _json_rows(p: Path, text: str) -> list[tuple[str, Mapping[str, Any]]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{p}:{exc.lineno}: JSON 无效：{exc.msg}") from None
    items = doc.get("reports") if isinstance(doc, dict) else doc
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        raise ManifestError(f"{p}: 应为对象的列表，或 {{\"reports\": [对象, …]}}")
    return [(f"{p}: reports[{i}]", x) for i, x in enumerate(items)]


def _entry(base: Path, where: str, row: Mapping[str, Any]) -> Entry:
    unknown = sorted(k for k in row if k not in COLUMNS)
    if unknown:
        raise ManifestError(f"{where}: 未知的字段 {unknown[0]!r}（可用：{', '.join(COLUMNS)}）")
    values: dict[str, str | None] = {}
    for k in COLUMNS:
        v = row.get(k)
        if v is None:
            values[k] = None
            continue
        if isinstance(v, (int, datetime.date)) and not isinstance(v, bool) and k in ("region", "published_on"):
            v = str(v)
        if not isinstance(v, str):
            raise ManifestError(f"{where}: 字段 {k} 应为字符串")
        values[k] = v.strip() or None
    if not values["file"]:
        raise ManifestError(f"{where}: 缺少 file（报告文件）")
    kind = values["issuer_kind"]
    if kind is not None and kind not in ISSUER_KINDS:
        raise ManifestError(f"{where}: issuer_kind {kind!r} 无效，应为 {' / '.join(ISSUER_KINDS)} 之一")
    published = None
    if values["published_on"] is not None:
        try:
            published = datetime.date.fromisoformat(values["published_on"])
        except ValueError:
            raise ManifestError(f"{where}: published_on {values['published_on']!r} 无效，应为 YYYY-MM-DD") from None
    return Entry(
        file=_resolve(base, values["file"]),
        agency=values["agency"],
        region=values["region"],
        parent=values["parent"],
        issuer_kind=kind,
        published_on=published,
        url=values["url"],
        previous=_resolve(base, values["previous"]) if values["previous"] else None,
        where=where,
    )


def _resolve(base: Path, name: str | None) -> Path:
    assert name is not None
    p = Path(name)
    return p if p.is_absolute() else base / p
