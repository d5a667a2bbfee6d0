"""``compliance export``: one row per table cell, in CSV (Excel), JSON Lines and Parquet."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from compliance import export
from compliance.export import COLUMNS, cell_rows, snapshot_path, write_csv, write_jsonl
from compliance.snapshot import CellRecord, Snapshot, sha256_hex

ROOT = Path(__file__).resolve().parents[2]
BUREAU = "examples/2021-county-bureau.md"
BLANK = "examples/2021-county-blank-cells.html"
N_CELLS_2021 = 200  # every cell of tables 二/三/四 of the 2021 format, as the examples print them


def run_cli(*args: str, input_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(input_env or {}))
    return subprocess.run([sys.executable, "-m", "compliance", "export", *args], cwd=ROOT, capture_output=True, env=env, timeout=300)


def snap(path: str) -> Snapshot:
    outcome = snapshot_path(ROOT / path, path)
    assert outcome.snapshot is not None, outcome.reason
    return outcome.snapshot


def by_address(rows: list[dict]) -> dict[str, dict]:
    return {r["address"]: r for r in rows}


# --------------------------------------------------------------------------------------------
# rows


def test_one_row_per_cell_of_the_snapshot():
    s = snap(BUREAU)
    rows = list(cell_rows(s))
    assert len(rows) == len(s.cells) == N_CELLS_2021
    assert [r["address"] for r in rows] == [c.address for c in s.cells]  # the snapshot's cell order
    assert all(list(r) == list(COLUMNS) for r in rows)
    assert s.source_hash == sha256_hex((ROOT / BUREAU).read_bytes())


def test_exact_rows_of_the_county_bureau():
    rows = list(cell_rows(snap(BUREAU)))
    assert rows[0] == {
        "path": BUREAU,
        "agency": "临川县生态环境局",
        "agency_key": "临川县生态环境局",
        "year": 2023,
        "template": "2021",
        "source_hash": sha256_hex((ROOT / BUREAU).read_bytes()),
        "table": "disclosure",
        "row": "regulations",
        "column": "issued",
        "address": "disclosure/regulations/issued",
        "label": "表二“规章”行“本年制发件数”列",
        "value": 0,
        "kind": "number",
        "raw": "0",
        "line": 26,
        "column_no": 8,
    }
    r = by_address(rows)["disclosure/normative_documents/issued"]
    assert (r["value"], r["kind"], r["raw"], r["line"], r["column_no"]) == (2, "number", "2", 27, 13)
    assert r["label"] == "表二“行政规范性文件”行“本年制发件数”列"


def test_a_blank_cell_is_blank_not_zero():
    rows = by_address(list(cell_rows(snap(BLANK))))
    r = rows["disclosure/regulations/issued"]
    assert (r["kind"], r["value"], r["raw"]) == ("blank", None, "")
    assert r["agency"] == "石门县市场监督管理局" and r["year"] == 2022
    assert sum(1 for x in rows.values() if x["kind"] == "blank") == 142
    assert len(rows) == N_CELLS_2021


# --------------------------------------------------------------------------------------------
# CSV


def test_csv_from_the_command_line():
    done = run_cli(BUREAU, BLANK)
    assert done.returncode == 0, done.stderr.decode()
    data = done.stdout
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 1 + 2 * N_CELLS_2021 and b"\n" not in data.replace(b"\r\n", b"")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0] == list(COLUMNS)
    body = [dict(zip(COLUMNS, r)) for r in table[1:]]
    assert len(body) == 2 * N_CELLS_2021
    assert [r["path"] for r in body] == [BUREAU] * N_CELLS_2021 + [BLANK] * N_CELLS_2021  # input order
    first = body[0]
    assert (first["address"], first["value"], first["kind"], first["line"], first["column_no"]) == (
        "disclosure/regulations/issued", "0", "number", "26", "8")
    blank = next(r for r in body if r["path"] == BLANK and r["address"] == "disclosure/regulations/issued")
    assert (blank["value"], blank["kind"], blank["raw"]) == ("", "blank", "")
    assert "已导出 2 份报告的 400 个单元格" in done.stderr.decode()


def test_csv_to_a_file_and_jobs_keep_the_order(tmp_path):
    one, four = tmp_path / "one.csv", tmp_path / "four.csv"
    assert run_cli("examples", "-o", str(one)).returncode == 0
    assert run_cli("examples", "-o", str(four), "--jobs", "4").returncode == 0
    assert one.read_bytes() == four.read_bytes()
    paths = [r[0] for r in csv.reader(io.StringIO(one.read_text(encoding="utf-8-sig"), newline=""))][1:]
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").iterdir() if p.name != "README.md")
    assert list(dict.fromkeys(paths)) == files


def test_formulas_are_neutralised():
    cells = (
        CellRecord("disclosure/regulations/issued", "=SUM(A1:A9)", "text", None, 3, 1),
        CellRecord("disclosure/regulations/repealed", "+1", "text", None, 3, 2),
        CellRecord("disclosure/regulations/in_force", "-", "placeholder", None, 3, 3),
        CellRecord("disclosure/normative_documents/issued", "@cmd", "text", None, 4, 1),
        CellRecord("disclosure/normative_documents/repealed", "-5", "number", "-5", 4, 2),
        CellRecord("disclosure/normative_documents/in_force", "1.50", "number", "1.50", 4, 3),
    )
    s = Snapshot("=HYPERLINK(\"x\").txt", "=机关", 2021, "2021", "ab", cells)
    out = io.BytesIO()
    assert write_csv(cell_rows(s), out) == 6
    table = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))
    rows = [dict(zip(COLUMNS, r)) for r in table[1:]]
    assert [r["raw"] for r in rows] == ["'=SUM(A1:A9)", "'+1", "'-", "'@cmd", "'-5", "1.50"]
    assert rows[0]["path"] == "'=HYPERLINK(\"x\").txt" and rows[0]["agency"] == "'=机关"
    # the value column is a number (never a formula): a negative one stays a number
    assert [r["value"] for r in rows] == ["", "", "", "", "-5", "1.50"]


# --------------------------------------------------------------------------------------------
# JSON Lines


def test_jsonl_lines_parse():
    done = run_cli(BLANK, BUREAU, "--format", "jsonl")
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode("utf-8").split("\n")
    assert lines[-1] == ""
    objs = [json.loads(line) for line in lines[:-1]]
    assert len(objs) == 2 * N_CELLS_2021
    assert all(list(o) == list(COLUMNS) for o in objs)
    blank = objs[0]
    assert (blank["path"], blank["address"], blank["kind"], blank["value"]) == (BLANK, "disclosure/regulations/issued", "blank", None)
    bureau = [o for o in objs if o["path"] == BUREAU]
    assert bureau[0]["value"] == 0 and isinstance(bureau[0]["value"], int) and bureau[0]["year"] == 2023


def test_jsonl_is_written_as_it_goes():
    """The writer consumes the rows one by one and writes each before asking for the next."""
    s = snap(BUREAU)
    out = io.BytesIO()
    seen: list[int] = []

    def rows():
        for r in cell_rows(s):
            seen.append(out.getvalue().count(b"\n"))
            yield r

    assert write_jsonl(rows(), out) == N_CELLS_2021
    assert seen == list(range(N_CELLS_2021))


def test_jsonl_amounts_keep_their_decimals():
    s = Snapshot("a.txt", None, None, "2021", "h", (CellRecord("disclosure/fees/amount", "12.50", "number", "12.50"),))
    row = next(cell_rows(s))
    assert row["value"] == Decimal("12.50") and row["agency_key"] is None
    assert json.loads(export.jsonl_line(row))["value"] == 12.5


# --------------------------------------------------------------------------------------------
# Parquet


def test_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "cells.parquet"
    done = run_cli(BUREAU, BLANK, "--format", "parquet", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    table = pq.read_table(out)
    assert table.num_rows == 2 * N_CELLS_2021
    assert table.column_names == list(COLUMNS)
    assert str(table.schema.field("value").type) == "double" and str(table.schema.field("year").type) == "int32"
    rows = table.to_pylist()
    assert rows[0]["address"] == "disclosure/regulations/issued" and rows[0]["value"] == 0.0
    blank = rows[N_CELLS_2021]
    assert (blank["path"], blank["kind"], blank["value"]) == (BLANK, "blank", None)


def test_parquet_without_pyarrow_is_a_usage_error(tmp_path):
    out = tmp_path / "cells.parquet"
    code = (
        "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None\n"
        "from compliance.cli import main\n"
        f"raise SystemExit(main(['export', {BUREAU!r}, '--format', 'parquet', '-o', {str(out)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert 'pip install "compliance[parquet]"' in err and "pyarrow" in err
    assert not out.exists()


# --------------------------------------------------------------------------------------------
# files that cannot be read, usage errors


def test_unreadable_files_give_no_rows_and_exit_1(tmp_path):
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-report.md").write_bytes((ROOT / BUREAU).read_bytes())
    (tmp_path / "c-binary.txt").write_bytes(b"\x00\x01\x02 not a report")
    done = run_cli(str(tmp_path), "--format", "jsonl")
    assert done.returncode == 1
    objs = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(objs) == N_CELLS_2021
    assert {o["path"] for o in objs} == {(tmp_path / "b-report.md").as_posix()}
    err = done.stderr.decode()
    assert f"无法读取 {(tmp_path / 'a-empty.txt').as_posix()}：文件为空" in err
    assert f"无法读取 {(tmp_path / 'c-binary.txt').as_posix()}：" in err
    assert "2 个文件无法读取" in err


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("no-such-file.md").returncode == 2
    assert run_cli(BUREAU, "--format", "xlsx").returncode == 2
    assert run_cli(BUREAU, "--jobs", "0").returncode == 2
    (tmp_path / "empty").mkdir()
    done = run_cli(str(tmp_path / "empty"))
    assert done.returncode == 2 and "没有找到可导出的报告文件" in done.stderr.decode()
    done = run_cli(BUREAU, "-o", str(tmp_path / "missing-dir" / "x.csv"))
    assert done.returncode == 2 and "无法写入" in done.stderr.decode()
