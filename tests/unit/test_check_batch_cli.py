"""``compliance check`` on a batch as a user runs it (a subprocess): the manifest's facts per
file (the deadline rule runs on every file of a batch), its hierarchy, its previous reports;
``--previous``; the history recorded by one run and used by the next; folder runs that skip
what is not a report and say so; bad manifests and alias files are exit 2 with the place."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from rules.cases import fixture_text  # noqa: E402
from rules.edits import apply_edits  # noqa: E402

THIS = fixture_text("2021-department.md")  # 青松县自然资源局 2021; 上年结转 自然人 2
LAST = apply_edits(THIS, [{"replace": "青松县自然资源局2021年", "with": "青松县自然资源局2020年"}])  # 结转下年度 自然人 1
HEADER = "file,agency,region,parent,issuer_kind,published_on,url,previous\n"


def check(*args: str, cwd: Path) -> tuple[int, dict, str]:
    done = subprocess.run([sys.executable, "-m", "compliance", "check", *args, "--format", "json", "--no-history"],
                          cwd=cwd, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, (json.loads(done.stdout) if done.stdout.strip() else {}), done.stderr


def rules_of(report: dict, *ids: str) -> list[tuple[str, str]]:
    return [(f["rule"], f["name"]) for f in report["findings"] if f["rule"] in ids]


def test_manifest_facts_feed_the_deadline_rule_per_file(tmp_path):
    (tmp_path / "a.md").write_text(THIS, encoding="utf-8")
    (tmp_path / "b.md").write_text(THIS.replace("青松县自然资源局", "青松县林业局"), encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(HEADER + "a.md,,,,department,2022-01-20,,\nb.md,,,,department,2022-03-01,,\n", encoding="utf-8")
    code, out, err = check("--manifest", "manifest.csv", cwd=tmp_path)
    a, b = out["reports"]
    assert (a["path"], b["path"]) == ("a.md", "b.md")  # as the manifest names them
    assert rules_of(a, "TIME-001") == []  # published on time
    assert rules_of(b, "TIME-001") == [("TIME-001", "published-after-deadline")]


def test_manifest_previous_and_hierarchy(tmp_path):
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "局.md").write_text(THIS, encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "局-2020.md").write_text(LAST, encoding="utf-8")
    child = apply_edits(THIS, [{"replace": "青松县自然资源局2021年", "with": "青松县青松镇人民政府2021年"},
                               {"set_cell": "applications/new_received/natural_person", "to": "8"}])
    (tmp_path / "2021" / "镇.md").write_text(child, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        HEADER + "2021/局.md,青松县自然资源局,431102,,,,,old/局-2020.md\n"
        "2021/镇.md,青松县青松镇人民政府,431102,青松县自然资源局,township,,,\n"
        "2021/乡.md,青松县松林乡人民政府,431102,青松县自然资源局,township,,,\n", encoding="utf-8")
    code, out, err = check("2021", "--manifest", "manifest.csv", cwd=tmp_path)
    (bureau, town) = out["reports"]
    # the previous report named by the manifest is read (not checked, not in the output)
    assert rules_of(bureau, "T3-005") == [("T3-005", "carry-over-mismatch")]
    t3005 = next(f for f in bureau["findings"] if f["rule"] == "T3-005")
    assert (t3005["evidence"]["paired_by"], t3005["evidence"]["previous"]) == ("manifest", "old/局-2020.md")
    # one lower body has no report: the sum is not checked, and the report says so
    assert rules_of(bureau, "HIER-001") == [("HIER-001", "children-incomplete")]
    assert rules_of(town, "HIER-001", "T3-005") == []


def test_previous_option_and_history_across_runs(tmp_path):
    (tmp_path / "this.md").write_text(THIS, encoding="utf-8")
    (tmp_path / "last.md").write_text(LAST, encoding="utf-8")
    code, out, _ = check("this.md", "--previous", "last.md", cwd=tmp_path)
    assert [r["path"] for r in out["reports"]] == ["this.md"]
    assert rules_of(out["reports"][0], "T3-005") == [("T3-005", "carry-over-mismatch")]
    # last year's run records the report; this year's run finds it in the history
    db = tmp_path / "h.db"
    first = subprocess.run([sys.executable, "-m", "compliance", "check", "last.md", "--history", str(db)],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert first.returncode in (0, 1), first.stderr
    second = subprocess.run([sys.executable, "-m", "compliance", "check", "this.md", "--history", str(db), "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    f = next(f for f in json.loads(second.stdout)["reports"][0]["findings"] if f["rule"] == "T3-005")
    assert (f["evidence"]["paired_by"], f["evidence"]["previous"]) == ("history", "last.md")


def test_a_folder_run_lists_what_it_skipped(tmp_path):
    (tmp_path / "a.md").write_text(THIS, encoding="utf-8")
    (tmp_path / "README.md").write_text("说明", encoding="utf-8")
    (tmp_path / "草稿.md").write_text(THIS, encoding="utf-8")
    code, out, err = check(".", "--exclude", "草稿*", cwd=tmp_path)
    assert [r["path"] for r in out["reports"]] == ["a.md"]
    assert "compliance check: 已跳过 2 个文件：README.md（不是年度报告）、草稿.md（--exclude）" in err


def test_bad_manifest_and_aliases_are_exit_2(tmp_path):
    (tmp_path / "m.csv").write_text(HEADER + "a.md,,,,county,,,\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "compliance", "check", "--manifest", "m.csv"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == "compliance check: m.csv:2: issuer_kind 'county' 无效，应为 department / government / township / other 之一"
    (tmp_path / "a.md").write_text(THIS, encoding="utf-8")
    (tmp_path / "al.csv").write_text("x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "compliance", "check", "a.md", "--aliases", "al.csv"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "al.csv:1: 别名 CSV 的第一行须为表头 alias,name" in done.stderr
    done = subprocess.run([sys.executable, "-m", "compliance", "check"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "请给出报告文件或文件夹，或用 --manifest 指定批次清单" in done.stderr


def test_a_file_the_manifest_lists_but_is_missing_is_its_finding(tmp_path):
    (tmp_path / "a.md").write_text(THIS, encoding="utf-8")
    (tmp_path / "m.csv").write_text(HEADER + "gone.md,,,,,,,\na.md,,,,,,,\n", encoding="utf-8")
    code, out, err = check("--manifest", "m.csv", cwd=tmp_path)
    assert [(r["path"], [f["rule"] for f in r["findings"]][:1]) for r in out["reports"]][0] == ("gone.md", ["PRS-001"])
    assert out["reports"][1]["path"] == "a.md"
    assert "compliance check: 批次清单列出的 1 个文件不存在：gone.md（m.csv:2）" in err
    assert code == 1
