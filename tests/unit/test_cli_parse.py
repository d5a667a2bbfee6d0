import json
import subprocess
import sys

from compliance.cli import main
from compliance.parse import parse_path


REPORT = (
    "# 青禾市生态环境局2023年政府信息公开工作年度报告\n\n## 一、总体情况\n本局认真贯彻《条例》。\n\n"
    "## 二、主动公开政府信息情况\n第二十条第（五）项\n\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 31 |\n\n"
    "## 六、其他需要报告的事项\n无。\n"
)


def test_parse_json_matches_the_api(tmp_path, capsys):
    path = tmp_path / "r.md"
    path.write_text(REPORT, encoding="utf-8")
    code = main(["parse", str(path)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out == json.loads(json.dumps(parse_path(path).to_parse_dict(), ensure_ascii=False))
    assert out["tables"]["disclosure"]["licensing"]["decisions"] == {"value": 31, "raw": "31", "kind": "number", "line": 11, "column": 10}
    assert [s["number"] for s in out["sections"]] == ["一", "二", "六"]


def test_parse_tree(tmp_path, capsys):
    path = tmp_path / "r.md"
    path.write_text(REPORT, encoding="utf-8")
    assert main(["parse", str(path), "--format", "tree"]) == 0
    out = capsys.readouterr().out
    assert "│  │  ├─ decisions = 31 (number) @11:10" in out


def test_missing_file_is_a_usage_error(capsys):
    assert main(["parse", "does/not/exist.txt"]) == 2
    assert capsys.readouterr().err == "compliance parse: 文件不存在：does/not/exist.txt\n"


def test_unreadable_file_is_a_problem_with_exit_1(tmp_path, capsys):
    path = tmp_path / "b.bin"
    path.write_bytes(b"\x00\x01\x02\x03" * 50)
    assert main(["parse", str(path)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [p["code"] for p in out["problems"]] == ["PRS-001"]


def test_bad_option_exits_2():
    proc = subprocess.run([sys.executable, "-m", "compliance", "parse", "x", "--format", "xml"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "参数错误" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_same_input_gives_byte_identical_output(tmp_path):
    path = tmp_path / "r.md"
    path.write_text(REPORT, encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-m", "compliance", "parse", str(path)], capture_output=True).stdout for _ in range(2)]
    assert runs[0] == runs[1] and runs[0]
