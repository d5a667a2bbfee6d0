"""``compliance check``, ``compliance rules`` and ``compliance rulesets`` end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compliance.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixtures"


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def batch(tmp_path):
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "2021-department.md", d / "a.md")
    text = (FIXTURES / "2021-department.md").read_text(encoding="utf-8").replace("办结13件", "办结14件")
    (d / "sub" / "b.md").write_text(text, encoding="utf-8")
    (d / "c.txt").write_bytes(b"\xff\xfe\x00garbage\x00\x00")
    (d / ".hidden.md").write_text("x", encoding="utf-8")
    return d


def test_clean_report_exits_0(capsys):
    code, out, _ = run(capsys, "check", str(FIXTURES / "2021-department.md"))
    assert code == 0
    assert "TIME-001" in out and "cn-national-2021" in out


def test_batch_json_contract_and_exit_1(capsys, batch):
    code, out, _ = run(capsys, "check", str(batch), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["schema_version"] == 1 and data["tool"]["name"] == "compliance"
    paths = [r["path"] for r in data["reports"]]
    assert [Path(p).name for p in paths] == ["a.md", "c.txt", "b.md"]  # sorted by relative path, hidden skipped
    b = data["reports"][2]
    assert b["ruleset"] == "cn-national-2021" and b["template"] == "2021" and b["year"] == 2021
    f = next(f for f in b["findings"] if f["rule"] == "TXT-001")
    assert f["severity"] == "error" and f["location"]["line"] == 11 and f["location"]["section"] == "一"
    assert f["evidence"]["left"] == 14 and f["evidence"]["right"] == 13
    assert set(f) == {"rule", "name", "severity", "message", "location", "evidence", "basis"}
    c = data["reports"][1]
    assert c["summary"]["error"] >= 1  # an unreadable file is an error finding, not a crash


def test_jobs_give_identical_output(capsys, batch):
    _, one, _ = run(capsys, "check", str(batch), "--format", "json")
    _, two, _ = run(capsys, "check", str(batch), "--format", "json", "--jobs", "3")
    assert one == two


def test_fail_on(capsys):
    path = str(FIXTURES / "2021-department.md")
    assert run(capsys, "check", path, "--fail-on", "info")[0] == 1
    assert run(capsys, "check", path, "--fail-on", "never")[0] == 0


def test_facts_and_local_set(capsys):
    path = str(FIXTURES / "2021-department.md")
    code, out, _ = run(capsys, "check", path, "--rules", "cn-hunan-huaihua-2021", "--published-on", "2022-01-30", "--issuer-kind", "department", "--explain")
    assert code == 1 and "2022-01-28" in out
    code, out, _ = run(capsys, "check", path, "--published-on", "2022-01-30", "--issuer-kind", "department")
    assert code == 0


def test_usage_errors_exit_2(capsys, tmp_path):
    path = str(FIXTURES / "2021-department.md")
    assert run(capsys, "check", path, "--published-on", "2022-13-01")[0] == 2
    assert run(capsys, "check", str(tmp_path / "nope.md"))[0] == 2
    assert run(capsys, "check", path, "--rules", "cn-nowhere-2021")[0] == 2
    bad = tmp_path / "cn-bad-2021"
    bad.mkdir()
    (bad / "ruleset.toml").write_text('id = "cn-bad-2021"\ntitle = "坏"\nextends = "cn-national-2021"\ndisable = ["NOPE-001"]\n', encoding="utf-8")
    code, _, err = run(capsys, "check", path, "--rules", str(bad))
    assert code == 2 and "ruleset.toml:4" in err and "Traceback" not in err


def test_output_file(capsys, tmp_path):
    out = tmp_path / "r.json"
    code, stdout, _ = run(capsys, "check", str(FIXTURES / "2021-department.md"), "--format", "json", "--output", str(out))
    assert code == 0 and stdout == "" and json.loads(out.read_text(encoding="utf-8"))["reports"]


def test_rules_commands(capsys):
    code, out, _ = run(capsys, "rules", "list", "--rules", "cn-national-2019")
    assert code == 0 and "T3-002" in out and "SEC6-001" not in out
    code, out, _ = run(capsys, "rules", "explain", "T3-001")
    assert code == 0 and "勾稽" in out and "依据" in out
    assert run(capsys, "rules", "explain", "ZZ-999")[0] == 2
    code, out, _ = run(capsys, "rulesets")
    assert code == 0 and "cn-hunan-huaihua-2021 → cn-national-2021 → cn-national-common" in out
