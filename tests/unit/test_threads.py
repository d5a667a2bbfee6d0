"""Parsing and checking are re-entrant and thread-safe, and no exception escapes them.

* many threads parse and check many reports at once: every result equals the serial run's;
* a parse started while another is under way (on the same thread) does not disturb it, and a
  parse changes no module-level state once its caches are warm;
* an unexpected exception anywhere in the pipeline becomes a ``PRS-001`` problem (parse) or an
  ``ENG-003`` finding (engine) naming the exception, never a traceback; KeyboardInterrupt and
  SystemExit still propagate, and ``strict=True`` re-raises.
"""

from __future__ import annotations

import importlib
import json
import sys
import threading
from pathlib import Path

import pytest

import compliance
from compliance import api, build, engine
from compliance.adapters import flat
from compliance.checks import Context
from compliance.engine import check_path, check_report, check_text
from compliance.parse import parse_bytes, parse_path, parse_text
from compliance.read import decode

parse = importlib.import_module("compliance.parse")  # the module (compliance.parse is the function)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _inputs() -> list[tuple[str, bytes]]:
    """(name, bytes): the bundled examples, the test fixtures, and made-up variants."""
    out = [(f"examples/{p.name}", p.read_bytes()) for p in sorted(EXAMPLES.iterdir()) if p.is_file()]
    out += [(f"fixtures/{p.name}", p.read_bytes()) for p in sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))]
    out += [(f"rules/{p.name}", p.read_bytes()) for p in sorted((ROOT / "tests" / "rules" / "fixtures").glob("*.md"))]
    md = (EXAMPLES / "2021-county-bureau.md").read_text(encoding="utf-8")
    tsv = (EXAMPLES / "2021-township.tsv").read_text(encoding="utf-8")
    gbk = (EXAMPLES / "2019-county-department-gbk.txt").read_bytes()
    out += [
        ("variant/md-changed-numbers.md", md.replace("12", "13").replace("| 0 |", "| 7 |").encode("utf-8")),
        ("variant/md-gb18030.md", md.encode("gb18030")),
        ("variant/md-utf16.md", md.encode("utf-16")),
        ("variant/tsv-first-half.tsv", tsv[: len(tsv) // 2].encode("utf-8")),
        ("variant/md-then-tsv.txt", (md + "\n" + tsv).encode("utf-8")),
        ("variant/gbk-crlf.txt", gbk.replace(b"\n", b"\r\n")),
        ("variant/one-line.txt", "本机关2021年度未收到政府信息公开申请。".encode("utf-8")),
        ("variant/empty.txt", b""),
        ("variant/binary.bin", b"\x00\x01\x02binary\x00"),
    ]
    return out


INPUTS = _inputs()


def _run(name: str, data: bytes) -> tuple[dict, str]:
    """One report parsed and checked: (the parse dict, the check JSON)."""
    report = parse_bytes(data, name)
    result = check_report(report)
    return report.to_parse_dict(), json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def serial() -> dict[str, tuple[dict, str]]:
    return {name: _run(name, data) for name, data in INPUTS}


def test_the_inputs_are_what_the_threaded_test_expects(serial):
    templates = {name: pd["template"] for name, (pd, _) in serial.items()}
    assert templates == {
        "examples/2019-county-department-gbk.txt": "2019",
        "examples/2019-district-office-traditional.txt": "2019",
        "examples/2021-city-government.html": "2021",
        "examples/2021-county-blank-cells.html": "2021",
        "examples/2021-county-bureau.md": "2021",
        "examples/2021-pdf-extracted.md": "2021",
        "examples/2021-township.tsv": "2021",
        "examples/README.md": "2019",
        "fixtures/word-style-government-page.html": "2021",
        "rules/2019-department.md": "2019",
        "rules/2021-department.md": "2021",
        "rules/2021-zero.md": "2021",
        "rules/legacy-2016.md": "legacy",
        "variant/md-changed-numbers.md": "2021",
        "variant/md-gb18030.md": "2021",
        "variant/md-utf16.md": "2021",
        "variant/tsv-first-half.tsv": "2021",
        "variant/md-then-tsv.txt": "2021",
        "variant/gbk-crlf.txt": "2019",
        "variant/one-line.txt": "unknown",
        "variant/empty.txt": "unknown",
        "variant/binary.bin": "unknown",
    }
    # the variants differ from their originals where they should (the comparison is not vacuous)
    assert serial["variant/md-changed-numbers.md"][1] != serial["examples/2021-county-bureau.md"][1]
    assert serial["variant/md-gb18030.md"][0]["tables"] == serial["examples/2021-county-bureau.md"][0]["tables"]
    assert serial["variant/gbk-crlf.txt"][0]["tables"] == serial["examples/2019-county-department-gbk.txt"][0]["tables"]
    assert [p["code"] for p in serial["variant/empty.txt"][0]["problems"]] == ["PRS-001"]


def _in_threads(n_threads: int, work) -> list:
    """Run ``work(k)`` on ``n_threads`` threads started together; their results, or re-raise."""
    barrier = threading.Barrier(n_threads)
    results: list = [None] * n_threads
    errors: list[BaseException] = []

    def target(k: int) -> None:
        try:
            barrier.wait()
            results[k] = work(k)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: interleave the parses finely
    try:
        threads = [threading.Thread(target=target, args=(k,)) for k in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    if errors:
        raise errors[0]
    return results


def test_threads_parse_and_check_exactly_as_the_serial_run(serial):
    """8 threads, each parsing and checking every input (in its own order): all equal serial."""
    n = len(INPUTS)

    def work(k: int) -> list[tuple[str, tuple[dict, str]]]:
        order = [INPUTS[(k * 5 + i) % n] for i in range(n)]
        return [(name, _run(name, data)) for name, data in order]

    results = _in_threads(8, work)
    assert [len(r) for r in results] == [n] * 8
    for per_thread in results:
        for name, got in per_thread:
            assert got[0] == serial[name][0], name
            assert got[1] == serial[name][1], name


def test_threads_parse_text_as_the_serial_run():
    """The review's reproduction: 8 threads × 30 parse_text calls (7 wrong reports and 41
    IndexErrors before the parser became stateless)."""
    texts = [
        (name, decode(data, name).text)
        for name, data in INPUTS
        if name.startswith("examples/") or name.startswith("rules/")
    ]
    expected = {name: parse_text(text, name).to_parse_dict() for name, text in texts}

    def work(k: int) -> list[tuple[str, dict]]:
        return [(texts[(k + i) % len(texts)][0], parse_text(texts[(k + i) % len(texts)][1], texts[(k + i) % len(texts)][0]).to_parse_dict()) for i in range(30)]

    results = _in_threads(8, work)
    assert sum(len(r) for r in results) == 240
    wrong = [name for r in results for name, d in r if d != expected[name]]
    assert wrong == []


# --------------------------------------------------------------------------------------------
# re-entrancy on one thread


def _module_state() -> dict[tuple[str, str], object]:
    """Every module-level attribute of the package: containers by content, others by identity."""
    out: dict[tuple[str, str], object] = {}
    for mod_name, mod in sorted(sys.modules.items()):
        if mod is None or not (mod_name == "compliance" or mod_name.startswith("compliance.")):
            continue
        for attr, value in vars(mod).items():
            if isinstance(value, dict):
                out[(mod_name, attr)] = ("dict", dict(value))
            elif isinstance(value, (set, frozenset)):
                out[(mod_name, attr)] = ("set", frozenset(value))
            elif isinstance(value, list):
                out[(mod_name, attr)] = ("list", list(value))
            else:
                out[(mod_name, attr)] = ("id", id(value))
    return out


def test_a_parse_nested_in_another_does_not_disturb_it(monkeypatch, serial):
    """Parse B from inside parse A — before A's Lark parse and after it, before A's AST is
    built — on one thread: both come out exactly as when parsed alone."""
    a_name, a_data = INPUTS[3]  # examples/2021-county-bureau.md
    b_name, b_data = INPUTS[0]  # examples/2019-county-department-gbk.txt
    nested: list[tuple[str, tuple[dict, str]]] = []
    depth = [0]

    def nest(where: str) -> None:
        if depth[0] == 0:
            depth[0] += 1
            try:
                nested.append((where, _run(b_name, b_data)))
            finally:
                depth[0] -= 1

    real_serialise = build.serialise

    def serialise(lines):
        nest("serialise")
        return real_serialise(lines)

    monkeypatch.setattr(build, "serialise", serialise)
    got = _run(a_name, a_data)
    monkeypatch.setattr(build, "serialise", real_serialise)
    real_to_ast = build._to_ast

    def to_ast(marks, lines):
        nest("to_ast")
        return real_to_ast(marks, lines)

    monkeypatch.setattr(build, "_to_ast", to_ast)
    got2 = _run(a_name, a_data)
    assert got == got2 == serial[a_name]
    assert [w for w, _ in nested] == ["serialise", "to_ast"]
    assert all(r == serial[b_name] for _, r in nested)


def test_a_parse_mutates_no_module_level_state(monkeypatch):
    """Once the caches are warm (the same inputs parsed before), parsing and checking change
    no module-level attribute of the package, not even in the middle of a parse; the shared
    parser's transformer holds nothing but Lark's own flag."""
    for name, data in INPUTS:
        _run(name, data)
    before = _module_state()
    transformer = build._parser().options.transformer
    assert isinstance(transformer, build._Blocks) and vars(transformer) == {"__visit_tokens__": True}
    during: list[dict] = []
    real_to_ast = build._to_ast

    def to_ast(marks, lines):
        during.append(_module_state())
        assert vars(transformer) == {"__visit_tokens__": True}
        return real_to_ast(marks, lines)

    monkeypatch.setattr(build, "_to_ast", to_ast)
    for name, data in INPUTS:
        _run(name, data)
    monkeypatch.setattr(build, "_to_ast", real_to_ast)
    after = _module_state()
    assert len(during) == len(INPUTS) - 2  # every input but the two unreadable ones reaches the grammar
    changed = sorted({k for state in during for k in state if state[k] != before.get(k)} | {k for k in after if after[k] != before.get(k)})
    assert changed == [("compliance.build", "_to_ast")]  # only the hook the test installed


# --------------------------------------------------------------------------------------------
# no exception escapes

TEXT = (EXAMPLES / "2021-county-bureau.md").read_text(encoding="utf-8")


class Boom(Exception):
    pass


def _raiser(exc: BaseException):
    def raise_(*_args, **_kwargs):
        raise exc

    return raise_


def _only_problem(report) -> tuple:
    assert report.template == "unknown" and report.year is None and report.tables == ()
    assert len(report.problems) == 1
    p = report.problems[0]
    return p.code, p.name, p.severity, p.message


@pytest.mark.parametrize(
    ("target", "exc", "message"),
    [
        (
            (build, "_to_ast"),
            IndexError("tuple index out of range"),
            "报告结构无法解析（内部错误 IndexError: tuple index out of range），请报告此问题",
        ),
        ((flat, "rowify"), Boom("a custom\n  failure"), "报告结构无法解析（内部错误 Boom: a custom failure），请报告此问题"),
        ((parse, "normalise"), MemoryError(), "报告结构无法解析（内部错误 MemoryError），请报告此问题"),
        (
            (parse, "layout"),
            RecursionError("maximum recursion depth exceeded"),
            "报告结构无法解析（内部错误 RecursionError: maximum recursion depth exceeded），请报告此问题",
        ),
        ((parse, "build_document"), KeyError("x"), "报告结构无法解析（内部错误 KeyError: 'x'），请报告此问题"),
        ((parse, "build_document"), build.BuildError("bad"), "报告结构无法解析：bad"),
    ],
)
def test_a_crash_in_a_parse_stage_is_a_prs001_report(monkeypatch, tmp_path, target, exc, message):
    monkeypatch.setattr(*target, _raiser(exc))
    expected = ("PRS-001", "unreadable-input", "error", message)
    assert _only_problem(parse_text(TEXT, "t.md")) == expected
    assert _only_problem(parse_bytes(TEXT.encode("utf-8"), "b.md")) == expected
    f = tmp_path / "p.md"
    f.write_text(TEXT, encoding="utf-8")
    assert _only_problem(parse_path(f)) == expected
    assert _only_problem(api.parse(TEXT)) == expected
    assert _only_problem(compliance.parse(f)) == expected
    report = parse_text(TEXT, "t.md")
    assert report.path == "t.md" and report.encoding == "utf-8"
    # the engine turns the problem into its one finding
    for result in (check_text(TEXT, path="t.md"), check_path(f, display_path="t.md"), api.check_text(TEXT, path="t.md")):
        assert result.path == "t.md" and result.template == "unknown"
        assert [(x.rule, x.name, x.severity.value, x.message) for x in result.findings] == [expected]


def test_a_crash_while_reading_is_a_prs001_report(monkeypatch, tmp_path):
    monkeypatch.setattr(parse, "decode", _raiser(LookupError("no codec")))
    monkeypatch.setattr(parse, "read_bytes", _raiser(MemoryError()))
    assert _only_problem(parse_bytes(b"abc", "b.txt")) == (
        "PRS-001", "unreadable-input", "error", "无法读取内容（内部错误 LookupError: no codec），请报告此问题"
    )
    assert _only_problem(parse_path(tmp_path / "x.txt")) == (
        "PRS-001", "unreadable-input", "error", "无法读取文件（内部错误 MemoryError），请报告此问题"
    )
    # parse_text of a non-str: a report too (the API says TypeError for a wrong argument type)
    assert _only_problem(parse_text(42, "n.txt")) == (  # type: ignore[arg-type]
        "PRS-001", "unreadable-input", "error", "无法读取内容（内部错误 AttributeError: 'int' object has no attribute 'find'），请报告此问题"
    )
    with pytest.raises(TypeError, match="text must be a str, not int"):
        api.parse_text(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        api.check_text(b"abc")  # type: ignore[arg-type]


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), SystemExit(3)])
def test_interrupts_still_propagate(monkeypatch, exc):
    monkeypatch.setattr(build, "_to_ast", _raiser(exc))
    with pytest.raises(type(exc)):
        parse_text(TEXT)
    with pytest.raises(type(exc)):
        check_text(TEXT)


def test_strict_parse_reraises(monkeypatch):
    monkeypatch.setattr(build, "_to_ast", _raiser(IndexError("strict")))
    with pytest.raises(IndexError, match="^strict$"):
        parse_text(TEXT, strict=True)
    with pytest.raises(IndexError, match="^strict$"):
        parse_bytes(TEXT.encode("utf-8"), strict=True)
    monkeypatch.setattr(parse, "decode", _raiser(Boom("read")))
    with pytest.raises(Boom):
        parse_bytes(b"abc", strict=True)


def test_a_crash_in_the_engine_outside_a_rule_is_an_eng002_finding(monkeypatch):
    report = parse_text(TEXT, "t.md")
    clean = check_report(report)
    problems = [f.to_dict() for f in clean.findings if f.rule.startswith("PRS-")]
    monkeypatch.setattr(Context, "make", classmethod(_raiser(ValueError("no context"))))
    result = check_report(report)
    assert (result.path, result.ruleset, result.template, result.year) == ("t.md", "cn-national-2021", "2021", 2023)
    assert result.report is report
    crash = {
        "rule": "ENG-003",
        "name": "engine-crashed",
        "severity": "error",
        "message": "检查过程运行出错（内部错误 ValueError: no context），本报告的检查结果缺失；请报告此问题",
        "location": {"line": None, "column": None, "end_line": None, "end_column": None, "section": None, "cell": None},
        "evidence": {"exception": "ValueError"},
        "basis": [],
    }
    assert [f.to_dict() for f in result.findings] == [crash, *problems]
    assert check_text(TEXT, path="t.md").to_dict() == result.to_dict()
    assert api.check(TEXT, path="t.md").to_dict() == result.to_dict()
    with pytest.raises(ValueError, match="^no context$"):
        check_report(report, strict=True)


def test_a_crash_choosing_the_rule_set_is_an_eng002_finding(monkeypatch):
    report = parse_text(TEXT, "t.md")
    monkeypatch.setattr(engine, "select_ruleset", _raiser(RecursionError("deep")))
    result = check_report(report, keep_report=False)
    assert (result.ruleset, result.template, result.report) == (None, "2021", None)
    assert [(f.rule, f.name, f.message) for f in result.findings if f.rule == "ENG-003"] == [
        ("ENG-003", "engine-crashed", "检查过程运行出错（内部错误 RecursionError: deep），本报告的检查结果缺失；请报告此问题")
    ]
    with pytest.raises(RecursionError):
        check_report(report, strict=True)
    # a named rule set is not chosen: the check runs
    assert check_report(report, "cn-national-2021").to_dict() == check_report(report, "cn-national-2021").to_dict()
    assert all(f.rule != "ENG-003" for f in check_report(report, "cn-national-2021").findings)


def test_a_crash_reading_the_problems_leaves_the_crash_finding(monkeypatch):
    report = parse_text(TEXT, "t.md")
    monkeypatch.setattr(engine, "problem_findings", _raiser(TypeError("odd problem")))
    result = check_report(report)
    assert [(f.rule, f.message) for f in result.findings] == [
        ("ENG-003", "检查过程运行出错（内部错误 TypeError: odd problem），本报告的检查结果缺失；请报告此问题")
    ]


def test_a_crash_in_the_parser_called_by_check_path_is_a_prs001_finding(monkeypatch, tmp_path):
    """check_path/check_text keep their own guard (for parsers that break their promise)."""
    f = tmp_path / "p.md"
    f.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(parse, "parse_path", _raiser(IndexError("escaped")))
    monkeypatch.setattr(parse, "parse_text", _raiser(IndexError("escaped")))
    for result in (check_path(f, display_path="p.md"), check_text(TEXT, path="p.md")):
        assert (result.path, result.ruleset, result.template) == ("p.md", None, "unknown")
        assert [(x.rule, x.name, x.severity.value, x.message) for x in result.findings] == [
            ("PRS-001", "unreadable-input", "error", "无法解析文件（内部错误 IndexError: escaped），请报告此问题")
        ]
