"""The report history (SQLite): outcomes of adding, the round trip of a snapshot, list and
forget, the default path from pyproject.toml, the migration from schema 1, a crash mid-write,
two processes adding at once, a corrupt file (a clear error; ``check`` still answers)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from compliance.history import History, HistoryError, NotStorable, default_history_path
from compliance.parse import parse_path
from compliance.snapshot import Snapshot, sha256_hex

ROOT = Path(__file__).resolve().parents[2]
BUREAU = ROOT / "examples" / "2021-county-bureau.md"  # 临川县生态环境局 2023
CITY = ROOT / "examples" / "2021-city-government.html"


def snap(path: Path = BUREAU, name: str | None = None) -> Snapshot:
    data = path.read_bytes()
    return Snapshot.of(parse_path(str(path)), sha256_hex(data), name or path.name)


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "compliance", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_added_unchanged_replaced(tmp_path):
    s = snap()
    corrected = attrs.evolve(s, source_hash="0" * 64, path="corrected.md")
    with History.open(tmp_path / "h.db") as h:
        assert (h.add(s).outcome, h.add(s).outcome) == ("added", "unchanged")
        r = h.add(corrected)
        assert (r.outcome, r.key, r.year, r.replaced_path, r.replaced_hash) == ("replaced", "临川县生态环境局", 2023, "2021-county-bureau.md", s.source_hash)
        assert len(h) == 1
        assert h.find("临川县生态环境局", 2023) == corrected  # every cell, section and position
        assert h.find("临川县生态环境局", 2022) is None
        assert [e.cells for e in h.entries()] == [200]


def test_round_trip_of_every_example(tmp_path):
    snaps = [snap(p) for p in sorted((ROOT / "examples").glob("20*")) if snap(p).agency and snap(p).year]
    with History.open(tmp_path / "h.db") as h:
        assert [a.outcome for a in h.add_many(snaps)] == ["added"] * len(snaps)
        for s in snaps:
            from compliance.agency import agency_key

            assert h.find(agency_key(s.agency), s.year) == s


def test_a_report_without_agency_or_year_is_not_stored(tmp_path):
    s = attrs.evolve(snap(), agency=None)
    with History.open(tmp_path / "h.db") as h, pytest.raises(NotStorable, match="未能识别报告的机关名称，不能记入历史库"):
        h.add(s)


def test_forget_and_list_through_the_cli(tmp_path):
    db = tmp_path / "h.db"
    done = cli("history", "add", str(BUREAU), str(CITY), "--history", str(db))
    assert done.returncode == 0, done.stderr
    assert f"{BUREAU}：已加入（临川县生态环境局 2023 年）" in done.stdout.splitlines()
    again = cli("history", "add", str(BUREAU), "--history", str(db))
    assert again.stdout.strip() == f"{BUREAU}：未变化（与历史库中的 {BUREAU} 相同）"
    listed = json.loads(cli("history", "list", "--history", str(db), "--format", "json").stdout)
    assert [(r["agency_key"], r["year"], r["cells"]) for r in listed["reports"]][0] == ("临川县生态环境局", 2023, 200)
    assert len(listed["reports"]) == 2
    gone = cli("history", "forget", "--agency", "临川县 生态环境局", "--history", str(db))
    assert gone.stdout.strip() == "已从历史库删除 1 份报告"
    assert len(json.loads(cli("history", "list", "--history", str(db), "--format", "json").stdout)["reports"]) == 1
    assert cli("history", "forget", "--history", str(db)).returncode == 2


def test_default_path_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.compliance]\nhistory = "data/history.sqlite"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert default_history_path(tmp_path / "sub") == tmp_path / "data" / "history.sqlite"
    (tmp_path / "data").mkdir()
    done = cli("history", "add", str(BUREAU), cwd=tmp_path / "sub")
    assert done.returncode == 0 and (tmp_path / "data" / "history.sqlite").is_file()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    done = cli("history", "list", cwd=tmp_path / "sub")
    assert done.returncode == 2
    assert "请用 --history 指定历史库文件，或在 pyproject.toml 中设置 [tool.compliance] history" in done.stderr


def test_migration_from_schema_1_keeps_the_data(tmp_path):
    from compliance import history as mod

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(mod._V1)
    conn.execute("INSERT INTO reports (agency_key, year, template, source_hash, path) VALUES ('某局', 2021, '2021', 'h1', 'old.md')")
    conn.execute("INSERT INTO cells VALUES (1, 0, 'applications/new_received/total', '5', 'number', '5', 3, 4, 3, 5)")
    conn.execute("INSERT INTO sections (report_id, seq, number, text) VALUES (1, 0, '一', '总体情况的文字')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with History.open(db) as h:
        got = h.find("某局", 2021)
    assert got is not None
    assert (got.agency, got.preamble, got.sections, got.paragraph_lines) == (None, "", (("一", "总体情况的文字"),), (("一", ()),))
    assert got.cell("applications/new_received/total").number == 5
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_newer_schema_is_refused(tmp_path):
    db = tmp_path / "new.db"
    History.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()
    with pytest.raises(HistoryError, match=r"new.db 的版本为 9，本程序只认识到版本 2：请升级 compliance"):
        History.open(db)


CRASH = r"""
import sys, time
from compliance.history import History

# a writer stopped inside its transaction, after a report row and a cell are written
h = History.open(sys.argv[1])
c = h._conn
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO reports (agency_key, year, template, source_hash, path) VALUES ('半途', 2030, '2021', 'x', 'x.md')")
c.execute("INSERT INTO cells VALUES (last_insert_rowid(), 0, 'a/b/c', '1', 'number', '1', 1, 1, 1, 2)")
print("inside", flush=True)
time.sleep(60)
"""


def test_a_crash_mid_write_leaves_the_database_as_it_was(tmp_path):
    db = tmp_path / "h.db"
    with History.open(db) as h:
        h.add(snap())
    proc = subprocess.Popen([sys.executable, "-c", CRASH, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "inside"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    with History.open(db) as h:
        assert [(e.agency_key, e.year, e.cells) for e in h.entries()] == [("临川县生态环境局", 2023, 200)]
        assert h.find("半途", 2030) is None
        assert h.add(snap(CITY)).outcome == "added"  # and it takes writes again


def test_two_processes_adding_at_once(tmp_path):
    db = tmp_path / "h.db"
    procs = [subprocess.Popen([sys.executable, "-m", "compliance", "history", "add", str(p), "--history", str(db)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in (BUREAU, CITY)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with History.open(db) as h:
        assert len(h) == 2


@pytest.mark.parametrize("damage", ["random", "truncated"])
def test_a_corrupt_database_is_a_clear_error_and_check_still_answers(tmp_path, damage):
    db = tmp_path / "h.db"
    if damage == "random":
        db.write_bytes(os.urandom(4096))
    else:
        with History.open(db) as h:
            h.add_many([snap(), snap(CITY)])
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3] + b"\x00" * 100)
        for extra in ("-wal", "-shm"):
            Path(str(db) + extra).unlink(missing_ok=True)
    if damage == "random":
        with pytest.raises(HistoryError, match=r"h.db 已损坏或不是 compliance 历史数据库"):
            History.open(db)
    done = cli("history", "list", "--history", str(db))
    assert done.returncode in (0, 2) and "Traceback" not in done.stderr
    if damage == "random":
        assert done.returncode == 2 and f"历史数据库 {db} 已损坏或不是 compliance 历史数据库" in done.stderr
    # the check's results are produced all the same
    checked = cli("check", str(BUREAU), "--history", str(db), "--format", "json")
    assert checked.returncode in (0, 1), checked.stderr
    assert json.loads(checked.stdout)["reports"][0]["path"] == str(BUREAU)
    assert "Traceback" not in checked.stderr
    if damage == "random":
        assert "本次检查不使用历史库" in checked.stderr
