"""The report history: every checked report's numbers and texts, kept for next year's run.

An embedded SQLite database (standard library).  For every report: its agency as printed and
normalised (:func:`compliance.agency.agency_key`), year, template, source hash, path, every cell
(address, as printed, kind, value, position) and the section texts — everything in a
:class:`~compliance.snapshot.Snapshot`, so :meth:`History.find` gives back what was added.

    with History.open("history.sqlite") as h:
        h.add(snapshot)            # Added("added" | "unchanged" | "replaced", …)
        h.find("平潭综合实验区", 2022)

One report per agency and year: re-adding the same file (same source hash) changes nothing; a
different file of the same agency and year is a corrected re-publication and replaces the old
one (the outcome says so).  Every add is one transaction (``BEGIN IMMEDIATE``): a crash
mid-write leaves the database as it was; WAL journal and a busy timeout let several processes
add at once.  The schema is versioned (``PRAGMA user_version``); older versions are migrated
when opened, newer ones refused.
"""

from __future__ import annotations

import sqlite3
import time
import tomllib
from pathlib import Path
from typing import Any, Iterable, Sequence

from attrs import frozen

from .agency import Aliases
from .snapshot import CellRecord, Snapshot

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000
_BATCH = 500

# version 1: reports, cells, sections (no preamble, no printed agency, no paragraph lines)
_V1 = """
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  agency_key TEXT NOT NULL,
  year INTEGER NOT NULL,
  template TEXT NOT NULL,
  source_hash TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  UNIQUE (agency_key, year)
);
CREATE TABLE cells (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  address TEXT NOT NULL,
  raw TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT,
  line INTEGER NOT NULL, col INTEGER NOT NULL, end_line INTEGER NOT NULL, end_col INTEGER NOT NULL,
  PRIMARY KEY (report_id, seq)
);
CREATE TABLE sections (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  number TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
);
"""
# version 2: the agency as printed, the preamble, where each section's paragraphs start
_V1_TO_V2 = """
ALTER TABLE reports ADD COLUMN agency TEXT;
ALTER TABLE reports ADD COLUMN preamble TEXT NOT NULL DEFAULT '';
ALTER TABLE sections ADD COLUMN lines TEXT NOT NULL DEFAULT '';
"""


def _run(conn: sqlite3.Connection, script: str) -> None:
    """The statements of ``script`` inside the open transaction (``executescript`` would commit it)."""
    for stmt in filter(None, (x.strip() for x in script.split(";"))):
        conn.execute(stmt)


class HistoryError(Exception):
    """The history database cannot be used; the message (Chinese) names the file."""


class NotStorable(ValueError):
    """A report the history cannot keep (its agency or year was not recognised)."""


@frozen
class Added:
    outcome: str  # added | unchanged | replaced
    key: str  # the agency key
    year: int
    path: str
    replaced_path: str | None = None
    replaced_hash: str | None = None


@frozen
class Entry:
    agency: str | None
    agency_key: str
    year: int
    template: str
    path: str
    source_hash: str
    cells: int


def default_history_path(start: Path) -> Path | None:
    """``[tool.compliance] history`` of the pyproject.toml in ``start`` or a parent (relative to
    that file's folder); None when there is none."""
    for folder in (start, *start.parents):
        f = folder / "pyproject.toml"
        if f.is_file():
            try:
                data = tomllib.loads(f.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return None
            value = data.get("tool", {}).get("compliance", {}).get("history")
            return (folder / value) if isinstance(value, str) and value else None
    return None


class History:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    # ---- opening

    @classmethod
    def open(cls, path: str | Path) -> "History":
        p = Path(path)
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                return cls._open(p)
            except sqlite3.OperationalError as exc:
                # another process is creating or migrating the file: wait for it
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise HistoryError(f"历史数据库 {p} 已损坏或不是 compliance 历史数据库：{exc}") from None
                time.sleep(0.05)

    @classmethod
    def _open(cls, p: Path) -> "History":
        try:
            conn = sqlite3.connect(str(p), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise HistoryError(f"无法打开历史数据库 {p}：{exc}") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version > SCHEMA_VERSION:
                raise HistoryError(f"历史数据库 {p} 的版本为 {version}，本程序只认识到版本 {SCHEMA_VERSION}：请升级 compliance")
            if version == 0 and tables:
                raise HistoryError(f"历史数据库 {p} 已损坏或不是 compliance 历史数据库：其中已有其他数据表")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            cls._migrate(conn, version)
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise
            raise HistoryError(f"历史数据库 {p} 已损坏或不是 compliance 历史数据库：{exc}") from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise HistoryError(f"历史数据库 {p} 已损坏或不是 compliance 历史数据库：{exc}") from None
        except HistoryError:
            conn.close()
            raise
        return cls(conn, p)

    @staticmethod
    def _migrate(conn: sqlite3.Connection, version: int) -> None:
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated meanwhile
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                _run(conn, _V1)
                version = 1
            if version == 1:
                _run(conn, _V1_TO_V2)
                version = 2
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ---- writing

    def add(self, snapshot: Snapshot, aliases: Aliases | None = None) -> Added:
        return self.add_many([snapshot], aliases)[0]

    def add_many(self, snapshots: Iterable[Snapshot], aliases: Aliases | None = None) -> list[Added]:
        """Add reports, ``_BATCH`` per transaction; the outcomes in order.  Raises
        :class:`NotStorable` (before writing anything) for a report without agency or year."""
        al = aliases or Aliases()
        todo = []
        for snap in snapshots:
            key = al.key(snap.agency)
            if key is None or snap.year is None:
                what = "机关名称" if key is None else "年度"
                raise NotStorable(f"{snap.path}：未能识别报告的{what}，不能记入历史库")
            todo.append((key, snap))
        out: list[Added] = []
        for i in range(0, len(todo), _BATCH):
            out.extend(self._write(todo[i:i + _BATCH]))
        return out

    def _write(self, items: Sequence[tuple[str, Snapshot]]) -> list[Added]:
        c = self._conn
        out: list[Added] = []
        try:
            c.execute("BEGIN IMMEDIATE")
            for key, snap in items:
                year = int(snap.year)  # type: ignore[arg-type]  # checked by add_many
                same = c.execute("SELECT agency_key, year, path FROM reports WHERE source_hash = ?", (snap.source_hash,)).fetchone()
                if same is not None:
                    out.append(Added("unchanged", same[0], same[1], same[2]))
                    continue
                old = c.execute("SELECT id, path, source_hash FROM reports WHERE agency_key = ? AND year = ?", (key, year)).fetchone()
                if old is not None:
                    c.execute("DELETE FROM reports WHERE id = ?", (old[0],))
                rid = c.execute(
                    "INSERT INTO reports (agency_key, year, template, source_hash, path, agency, preamble) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, year, snap.template, snap.source_hash, snap.path, snap.agency, snap.preamble),
                ).lastrowid
                c.executemany(
                    "INSERT INTO cells (report_id, seq, address, raw, kind, value, line, col, end_line, end_col) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(rid, n, x.address, x.raw, x.kind, x.value, x.line, x.column, x.end_line, x.end_column) for n, x in enumerate(snap.cells)],
                )
                lines = dict(snap.paragraph_lines)
                c.executemany(
                    "INSERT INTO sections (report_id, seq, number, text, lines) VALUES (?, ?, ?, ?, ?)",
                    [(rid, n, num, text, " ".join(map(str, lines.get(num, ())))) for n, (num, text) in enumerate(snap.sections)],
                )
                if old is None:
                    out.append(Added("added", key, year, snap.path))
                else:
                    out.append(Added("replaced", key, year, snap.path, old[1], old[2]))
            c.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise HistoryError(f"无法写入历史数据库 {self.path}：{exc}") from None
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return out

    def forget(self, agency_key: str | None = None, year: int | None = None, source_hash: str | None = None) -> int:
        """Remove the reports matching every given criterion; how many."""
        where, args = [], []
        for column, value in (("agency_key", agency_key), ("year", year), ("source_hash", source_hash)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if not where:
            raise ValueError("forget needs an agency, a year or a hash")
        c = self._conn
        try:
            c.execute("BEGIN IMMEDIATE")
            n = c.execute(f"DELETE FROM reports WHERE {' AND '.join(where)}", args).rowcount
            c.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise HistoryError(f"无法写入历史数据库 {self.path}：{exc}") from None
        return int(n)

    # ---- reading

    def _read(self, where: str, args: Sequence[Any]) -> list[Snapshot]:
        c = self._conn
        try:
            rows = c.execute(
                f"SELECT id, agency, year, template, source_hash, path, preamble FROM reports WHERE {where} ORDER BY agency_key, year, id",
                args,
            ).fetchall()
            out = []
            for rid, agency, year, template, source_hash, path, preamble in rows:
                cells = tuple(CellRecord(a, raw, kind, value, line, col, el, ec) for a, raw, kind, value, line, col, el, ec in c.execute(
                    "SELECT address, raw, kind, value, line, col, end_line, end_col FROM cells WHERE report_id = ? ORDER BY seq", (rid,)))
                secs = c.execute("SELECT number, text, lines FROM sections WHERE report_id = ? ORDER BY seq", (rid,)).fetchall()
                out.append(Snapshot(
                    path, agency, year, template, source_hash, cells, tuple((n, t) for n, t, _l in secs), preamble,
                    tuple((n, tuple(int(x) for x in ls.split())) for n, _t, ls in secs),
                ))
            return out
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"历史数据库 {self.path} 已损坏：{exc}") from None

    def find(self, agency_key: str, year: int) -> Snapshot | None:
        found = self._read("agency_key = ? AND year = ?", (agency_key, year))
        return found[0] if found else None

    def reports_of_year(self, year: int) -> list[Snapshot]:
        return self._read("year = ?", (year,))

    def keys(self) -> list[str]:
        """Every agency key, sorted."""
        try:
            return [r[0] for r in self._conn.execute("SELECT DISTINCT agency_key FROM reports ORDER BY agency_key")]
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"历史数据库 {self.path} 已损坏：{exc}") from None

    def entries(self) -> list[Entry]:
        try:
            rows = self._conn.execute(
                "SELECT r.agency, r.agency_key, r.year, r.template, r.path, r.source_hash, "
                "(SELECT COUNT(*) FROM cells c WHERE c.report_id = r.id) FROM reports r ORDER BY r.agency_key, r.year"
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"历史数据库 {self.path} 已损坏：{exc}") from None
        return [Entry(*row) for row in rows]

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0])
